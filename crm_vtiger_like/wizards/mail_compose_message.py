from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _process_mail_values_state(self, mail_values_dict):
        """Mass e-mails skip records marked "Email Opt Out" (vtiger's
        per-record flag), as Odoo skips blacklisted addresses: the mail is
        cancelled with reason "Opted Out"."""
        mail_values_dict = super()._process_mail_values_state(mail_values_dict)
        if self.composition_mode == "mass_mail" and "email_opt_out" in self.env[self.model]._fields:
            opted_out = self.env[self.model].browse(list(mail_values_dict)).filtered("email_opt_out")
            for record in opted_out:
                values = mail_values_dict[record.id]
                if values.get("state") != "cancel":
                    values.update(state="cancel", failure_type="mail_optout", is_notification=False)
        return mail_values_dict
