from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def get_import_templates(self):
        """Odoo's import offers the vtiger leads template next to crm's own."""
        return [*super().get_import_templates(), *self.env["crm.vtiger.import"]._vtiger_import_templates(["leads"])]
