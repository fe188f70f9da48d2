from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_communication_kind import DEFAULT_REPEAT_DAYS, INBOUND_PURPOSE_PARAM, INBOUND_SOURCE_PARAM, REPEAT_DAYS_PARAM
from .crm_vtiger_merge_journal import DEFAULT_UNMERGE_DAYS, UNMERGE_DAYS_PARAM
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

    crm_vtiger_duplicate_weight_phone = fields.Integer(
        "Same Phone", config_parameter="crm_vtiger_like.duplicate_weight_phone", default=60
    )
    crm_vtiger_duplicate_weight_phone_tail = fields.Integer(
        "Same Last 10 Digits", config_parameter="crm_vtiger_like.duplicate_weight_phone_tail", default=30
    )
    crm_vtiger_duplicate_weight_inn = fields.Integer(
        "Same INN", config_parameter="crm_vtiger_like.duplicate_weight_inn", default=70
    )
    crm_vtiger_duplicate_weight_email = fields.Integer(
        "Same E-mail", config_parameter="crm_vtiger_like.duplicate_weight_email", default=60
    )
    crm_vtiger_duplicate_weight_name = fields.Integer(
        "Similar Name", config_parameter="crm_vtiger_like.duplicate_weight_name", default=60
    )
    crm_vtiger_duplicate_threshold = fields.Integer(
        "Duplicate Threshold",
        config_parameter="crm_vtiger_like.duplicate_threshold",
        default=50,
        help="Possible duplicates scoring less than this (0-100) are not shown.",
    )
    crm_vtiger_duplicate_block_leads = fields.Boolean(
        "Block Saving Duplicate Leads", config_parameter="crm_vtiger_like.duplicate_block_leads"
    )
    crm_vtiger_duplicate_block_partners = fields.Boolean(
        "Block Saving Duplicate Accounts and Contacts", config_parameter="crm_vtiger_like.duplicate_block_partners"
    )

    @api.constrains(
        "crm_vtiger_duplicate_weight_phone",
        "crm_vtiger_duplicate_weight_phone_tail",
        "crm_vtiger_duplicate_weight_inn",
        "crm_vtiger_duplicate_weight_email",
        "crm_vtiger_duplicate_weight_name",
        "crm_vtiger_duplicate_threshold",
    )
    def _check_crm_vtiger_duplicate_weights(self):
        for settings in self:
            values = (
                settings.crm_vtiger_duplicate_weight_phone,
                settings.crm_vtiger_duplicate_weight_phone_tail,
                settings.crm_vtiger_duplicate_weight_inn,
                settings.crm_vtiger_duplicate_weight_email,
                settings.crm_vtiger_duplicate_weight_name,
                settings.crm_vtiger_duplicate_threshold,
            )
            if any(not 0 <= value <= 100 for value in values):
                raise ValidationError(self.env._("Duplicate weights and the threshold are between 0 and 100."))

    crm_vtiger_unmerge_days = fields.Integer(
        "Unmerge Window (days)",
        config_parameter=UNMERGE_DAYS_PARAM,
        default=DEFAULT_UNMERGE_DAYS,
        help="How long a merge can be undone from the merge journal; after that only its record is kept.",
    )

    @api.constrains("crm_vtiger_repeat_days")
    def _check_crm_vtiger_repeat_days(self):
        if any(settings.crm_vtiger_repeat_days < 1 for settings in self):
            raise ValidationError(self.env._("The repeat window is at least one day."))

    @api.constrains("crm_vtiger_unmerge_days")
    def _check_crm_vtiger_unmerge_days(self):
        if any(settings.crm_vtiger_unmerge_days < 1 for settings in self):
            raise ValidationError(self.env._("The unmerge window is at least one day."))

    def set_values(self):
        before = self.env["crm.vtiger.name.mixin"]._vtiger_name_order()
        result = super().set_values()
        if (self.crm_vtiger_name_order or "first_last") != before:
            self.env["crm.lead"]._vtiger_recompute_names()
            self.env["res.partner"]._vtiger_recompute_names()
        return result
