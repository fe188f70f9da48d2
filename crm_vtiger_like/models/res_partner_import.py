from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def get_import_templates(self):
        """Odoo's import offers the vtiger accounts and contacts templates
        next to the customers template of base."""
        return [
            *super().get_import_templates(),
            *self.env["crm.vtiger.import"]._vtiger_import_templates(["accounts", "contacts"]),
        ]
