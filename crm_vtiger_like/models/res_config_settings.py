from odoo import fields, models

from .crm_vtiger_name_mixin import NAME_ORDER_PARAM, NAME_ORDERS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_vtiger_name_order = fields.Selection(
        NAME_ORDERS,
        "Name Order",
        config_parameter=NAME_ORDER_PARAM,
        default="first_last",
        help="How first, middle and last names make a person's full name on leads and contacts.",
    )

    def set_values(self):
        before = self.env["crm.vtiger.name.mixin"]._vtiger_name_order()
        result = super().set_values()
        if (self.crm_vtiger_name_order or "first_last") != before:
            self.env["crm.lead"]._vtiger_recompute_names()
            self.env["res.partner"]._vtiger_recompute_names()
        return result
