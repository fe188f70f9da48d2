from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_communication_kind import DEFAULT_REPEAT_DAYS, INBOUND_PURPOSE_PARAM, INBOUND_SOURCE_PARAM, REPEAT_DAYS_PARAM
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

    crm_vtiger_repeat_days = fields.Integer(
        "Repeat Window (days)",
        config_parameter=REPEAT_DAYS_PARAM,
        default=DEFAULT_REPEAT_DAYS,
        help="A communication not attached to a lead or deal is a repeat one when the same client had a "
        "communication within this many days; otherwise it is new.",
    )
    crm_vtiger_inbound_source_id = fields.Many2one(
        "utm.source",
        "Default Source of Inbound Requests",
        config_parameter=INBOUND_SOURCE_PARAM,
        help="The source of a new inbound request whose channel names none.",
    )
    crm_vtiger_inbound_purpose_id = fields.Many2one(
        "crm.communication.purpose",
        "Default Purpose of Repeat Requests",
        config_parameter=INBOUND_PURPOSE_PARAM,
        help="The callback purpose of an inbound request from a client already in contact.",
    )

    @api.constrains("crm_vtiger_repeat_days")
    def _check_crm_vtiger_repeat_days(self):
        if any(settings.crm_vtiger_repeat_days < 1 for settings in self):
            raise ValidationError(self.env._("The repeat window is at least one day."))

    def set_values(self):
        before = self.env["crm.vtiger.name.mixin"]._vtiger_name_order()
        result = super().set_values()
        if (self.crm_vtiger_name_order or "first_last") != before:
            self.env["crm.lead"]._vtiger_recompute_names()
            self.env["res.partner"]._vtiger_recompute_names()
        return result
