from odoo import fields, models

# sms.sms states meaning the SMS will never reach the recipient
SMS_FAILED_STATES = ("canceled", "error")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    partner_do_not_call = fields.Boolean(
        "Customer: Do Not Call",
        related="partner_id.do_not_call",
        help="The customer of this lead asked not to be called or sent SMS.",
    )

    def _message_sms(self, body, **kwargs):
        """Every SMS posted on a lead (single composer, ``_message_sms*`` API)
        stamps its ``last_sms_date``, unless none of the SMS created for the
        message is on its way (cancelled or in error: no or wrong number...)."""
        message = super()._message_sms(body, **kwargs)
        domain = [("mail_message_id", "=", message.id), ("state", "not in", SMS_FAILED_STATES)]
        if self.env["sms.sms"].sudo().search_count(domain, limit=1):
            self.sudo().last_sms_date = fields.Datetime.now()
        return message
