from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestLeadEmailOptOut(VtigerCase):
    """Mass e-mails from the leads list skip leads marked "Email Opt Out"."""

    def test_mass_mail_skips_opted_out(self):
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": "Письмо 1",
                    "last_name": "Иванов",
                    "email_from": "ivanov@example.ru",
                    "user_id": self.sales_user.id,
                },
                {
                    "name": "Письмо 2",
                    "last_name": "Петров",
                    "email_from": "petrov@example.ru",
                    "user_id": self.sales_user.id,
                    "email_opt_out": True,
                },
            ]
        )
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.sales_user)
            .with_context(
                active_model="crm.lead",
                active_ids=leads.ids,
                default_composition_mode="mass_mail",
            )
            .create({"subject": "Новинки", "body": "<p>Каталог</p>"})
        )
        composer.action_send_mail()
        mails = self.env["mail.mail"].sudo().search([("model", "=", "crm.lead"), ("res_id", "in", leads.ids)])
        sent = mails.filtered(lambda m: m.res_id == leads[0].id)
        skipped = mails.filtered(lambda m: m.res_id == leads[1].id)
        self.assertIn(sent.state, ("outgoing", "sent"))
        self.assertEqual((skipped.state, skipped.failure_type), ("cancel", "mail_optout"))

    def test_comment_mode_is_unchanged(self):
        """Posting one message on an opted-out lead (not a mailing) still works."""
        lead = self.env["crm.lead"].create({"name": "Письмо", "last_name": "Петров", "email_opt_out": True})
        lead.message_post(body="Заметка")
        self.assertEqual(lead.message_ids[0].body, "<p>Заметка</p>")
