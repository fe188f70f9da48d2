from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiVtigerMigration(HttpCase, VtigerCase):
    """A sales manager uploads a small Leads + Accounts + Contacts export of
    vtiger in Chromium, reads the dry-run report, imports, and opens the
    imported account with its number and its contact."""

    def test_import_from_vtiger(self):
        self.start_tour("/odoo", "crm_vtiger_like_migration", login=self.sales_manager.login)
        account = self.env["res.partner"].search([("name", "=", "ООО «Тур Импорт»")])
        self.assertEqual(account.account_no, "ACC90001")
        self.assertEqual(account.child_ids.mapped("name"), ["Анна Импортова"])
        self.assertEqual(account.child_ids.contact_no, "CON90001")
        self.assertIn("Регион: Поволжье", account.comment)
        lead = self.env["crm.lead"].search([("lead_no", "=", "LEA90001")])
        self.assertEqual(lead.partner_name, "ООО «Тур Лид»")
        self.assertEqual(lead.source_id.name, "Tour Expo")
        self.assertEqual(lead.referred, "Иван Советов")
        self.assertNotIn("Рекомендовал", lead.description or "")
        self.assertFalse(self.env["res.partner"].search([("email", "=", "petr@tour-import.ru")]))
