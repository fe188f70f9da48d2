from odoo import api, models


class ResCountry(models.Model):
    _inherit = "res.country"

    @api.model_create_multi
    def create(self, vals_list):
        """A new country's numbers are read by its code (the phone index
        caches the codes: ``crm.vtiger.phone._vtiger_country_codes``); the
        registry's cache clearing reaches every worker."""
        countries = super().create(vals_list)
        self.env.registry.clear_cache()
        return countries
