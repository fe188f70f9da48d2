from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_lead_sms import SMS_FAILED_STATES
from ..models.crm_vtiger_mass import MASS_MODELS


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    do_not_call_count = fields.Integer(
        "# Do Not Call recipients",
        compute="_compute_do_not_call_count",
        compute_sudo=False,
        help="Recipients marked Do Not Call (or whose customer is): they get no SMS.",
    )

    @api.model
    def default_get(self, fields_list):
        """SMS to all the leads, accounts or contacts of a list ("Select
        all"), more than the web client passes as ids: to every record of
        the list's domain."""
        defaults = super().default_get(fields_list)
        if defaults.get("composition_mode") == "mass" and defaults.get("res_model") in MASS_MODELS:
            domain = self.env["crm.vtiger.mass"].selection_domain()
            if domain is not None:
                defaults["res_ids"] = repr(self.env[defaults["res_model"]].search(domain).ids)
        return defaults

    @api.depends("res_model", "res_id", "res_ids", "composition_mode")
    def _compute_do_not_call_count(self):
        for composer in self:
            records = composer._get_records() if composer.composition_mode in ("comment", "mass") else None
            composer.do_not_call_count = len(self._get_do_not_call_records(records)) if records else 0

    @api.model
    def _get_do_not_call_records(self, records):
        """The records that must get no SMS: do-not-call contacts (``do_not_call``)
        and leads whose customer is one (``partner_do_not_call``)."""
        for fname in ("do_not_call", "partner_do_not_call"):
            if fname in records._fields:
                return records.filtered(fname)
        return records.browse()

    def _get_optout_record_ids(self, records, recipients_info):
        """Mass mode: do-not-call records get a cancelled "Opted Out" SMS."""
        optout_ids = super()._get_optout_record_ids(records, recipients_info)
        return optout_ids + self._get_do_not_call_records(records).ids

    def _action_send_sms_comment(self, records=None):
        """Comment mode: post no SMS at all on do-not-call records, refuse
        when every record is one."""
        records = records if records is not None else self._get_records()
        skipped = self._get_do_not_call_records(records)
        if skipped and skipped == records:
            raise UserError(self.env._("No SMS was sent: every recipient is marked Do Not Call."))
        return super()._action_send_sms_comment(records=records - skipped)

    def _prepare_mass_sms(self, records, sms_record_values):
        """The mass composer queues its SMS without posting on the records:
        stamp ``last_sms_date`` on those that got one (not the cancelled ones,
        among which the do-not-call records)."""
        sms_all = super()._prepare_mass_sms(records, sms_record_values)
        if records and "last_sms_date" in records._fields:
            sent_ids = [
                rid for rid, values in sms_record_values.items() if values.get("state") not in SMS_FAILED_STATES
            ]
            records.browse(sent_ids).sudo().write({"last_sms_date": fields.Datetime.now()})
        return sms_all
