from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _message_sms(self, body, **kwargs):
        """Every SMS posted on a lead (single composer, ``_message_sms*`` API)
        stamps its ``last_sms_date``."""
        message = super()._message_sms(body, **kwargs)
        self.sudo().last_sms_date = fields.Datetime.now()
        return message
