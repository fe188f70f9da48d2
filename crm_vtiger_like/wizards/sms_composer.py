from odoo import fields, models


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    def _prepare_mass_sms(self, records, sms_record_values):
        """The mass composer queues its SMS without posting on the records:
        stamp ``last_sms_date`` on those that got one (not the cancelled)."""
        sms_all = super()._prepare_mass_sms(records, sms_record_values)
        if records and "last_sms_date" in records._fields:
            sent_ids = [rid for rid, values in sms_record_values.items() if values.get("state") != "canceled"]
            records.browse(sent_ids).sudo().write({"last_sms_date": fields.Datetime.now()})
        return sms_all
