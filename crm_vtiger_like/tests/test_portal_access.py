from datetime import date

from odoo.exceptions import AccessDenied, ValidationError
from odoo.tests import freeze_time, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10")
class TestPortalAccess(VtigerCase):
    """Portal access from the contact card: grant, revoke, window, cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls.env["res.partner"].create(
            {"name": "ООО «Ромашка»", "is_company": True, "user_id": cls.sales_manager.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Анна Орлова", "parent_id": cls.account.id, "email": "orlova@romashka.ru"}
        )

    def _invitation(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids), ("model", "=", "res.partner")])

    def test_grant_sends_invitation_without_password(self):
        self.contact.portal_access = True
        user = self.contact.user_ids
        self.assertEqual(user.login, "orlova@romashka.ru")
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertEqual(self.contact.portal_status, "invited")
        mail = self._invitation(self.contact)
        self.assertEqual(len(mail), 1)
        body = mail.body_html.lower()
        self.assertIn("/web/signup?", body)
        self.assertIn("token=", body)
        self.assertNotIn("password", body)
        self.assertNotIn("пароль", body)

    def test_defaults_of_the_dates(self):
        self.contact.portal_access = True
        self.assertEqual(self.contact.support_start_date, date(2026, 3, 10))
        self.assertEqual(self.contact.support_end_date, date(2027, 3, 10))

    def test_batch_grant(self):
        other = self.contact.copy({"name": "Пётр Гусев", "email": "gusev@romashka.ru"})
        (self.contact | other).write({"portal_access": True, "support_start_date": date(2026, 4, 1)})
        self.assertEqual(len((self.contact | other).user_ids), 2)
        self.assertEqual(other.support_end_date, date(2027, 4, 1))

    def test_opt_out_shows_the_link(self):
        self.contact.email_opt_out = True
        self.contact.portal_access = True
        self.assertFalse(self._invitation(self.contact))
        self.assertIn("/web/signup?", self.contact.portal_signup_url)
        self.assertIn("token=", self.contact.portal_signup_url)

    def test_no_email_refused(self):
        self.contact.email = False
        with self.assertRaisesRegex(ValidationError, "no valid e-mail"):
            self.contact.portal_access = True

    def test_company_refused(self):
        with self.assertRaisesRegex(ValidationError, "is a company"):
            self.account.portal_access = True

    def test_end_before_start_refused(self):
        with self.assertRaisesRegex(ValidationError, "before its start date"):
            self.contact.write(
                {
                    "portal_access": True,
                    "support_start_date": date(2026, 3, 10),
                    "support_end_date": date(2026, 3, 1),
                }
            )

    def test_revoke(self):
        self.assertEqual(self.contact.portal_status, "never")
        self.contact.portal_access = True
        user = self.contact.user_ids
        self.contact.portal_access = False
        self.assertTrue(user.exists())
        self.assertFalse(user.active)
        self.assertFalse(user.has_group("base.group_portal"))
        self.assertEqual(self.contact.portal_status, "expired")

    def test_login_refused_outside_the_window(self):
        self.contact.write(
            {"portal_access": True, "support_start_date": date(2026, 3, 1), "support_end_date": date(2026, 3, 9)}
        )
        user = self.contact.user_ids
        user.password = "Orlova-2026!"
        credential = {"type": "password", "login": user.login, "password": "Orlova-2026!"}
        with self.assertRaisesRegex(AccessDenied, "ended on 03/09/2026"):
            self.env["res.users"].with_user(user)._check_credentials(credential, {"interactive": True})
        self.contact.write({"support_start_date": date(2026, 3, 20), "support_end_date": date(2026, 6, 1)})
        with self.assertRaisesRegex(AccessDenied, "starts on 03/20/2026"):
            self.env["res.users"].with_user(user)._check_credentials(credential, {"interactive": True})
        self.contact.support_start_date = date(2026, 3, 10)
        auth = self.env["res.users"].with_user(user)._check_credentials(credential, {"interactive": True})
        self.assertEqual(auth["uid"], user.id)

    def test_cron_revokes_and_reminds_once(self):
        expired = self.contact.copy({"name": "Пётр Гусев", "email": "gusev@romashka.ru"})
        expired.write(
            {"portal_access": True, "support_start_date": date(2025, 1, 1), "support_end_date": date(2026, 3, 9)}
        )
        self.contact.write(
            {"portal_access": True, "support_start_date": date(2025, 3, 1), "support_end_date": date(2026, 3, 15)}
        )
        Partner = self.env["res.partner"]
        Partner._crm_vtiger_portal_cron()
        self.assertFalse(expired.portal_access)
        self.assertFalse(expired.with_context(active_test=False).user_ids.active)
        self.assertTrue(self.contact.user_ids.active)
        self.assertEqual(self.contact.portal_reminder_date, date(2026, 3, 10))
        reminders = self.env["mail.mail"].search([("subject", "like", "ends on 03/15/2026")])
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.recipient_ids, self.contact | self.sales_manager.partner_id)
        Partner._crm_vtiger_portal_cron()
        self.assertEqual(self.env["mail.mail"].search_count([("subject", "like", "ends on 03/15/2026")]), 1)
