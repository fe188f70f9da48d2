from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiLeads(HttpCase, VtigerCase):
    """The Leads menu is there for a sales rep, and a lead created in the UI shows its LEA number."""

    def test_create_lead_in_ui_shows_number(self):
        self.env["crm.lead"].create(
            {
                "name": "Обращение с сайта",
                "type": "lead",
                "user_id": self.sales_user.id,
            }
        )
        self.start_tour("/odoo", "crm_vtiger_like_lead_number", login=self.sales_user.login)
        lead = self.env["crm.lead"].search([("name", "=", "Заявка из тура")])
        self.assertEqual(lead.type, "lead")
        self.assertTrue(lead.lead_no.startswith("LEA"))
        self.assertEqual(lead.user_id, self.sales_user)

    def test_quick_create_lead_vtiger_style(self):
        """Quick create refuses a lead without last name, then files it under
        its status with its number; the list shows vtiger's columns."""
        self.start_tour("/odoo", "crm_vtiger_like_lead_quick_create", login=self.sales_user.login)
        lead = self.env["crm.lead"].search([("last_name", "=", "Тестова")])
        self.assertEqual((lead.first_name, lead.partner_name, lead.type), ("Тамара", "ООО «Тест»", "lead"))
        self.assertEqual(lead.lead_status_id, self.env.ref("crm_vtiger_like.lead_status_not_contacted"))
        self.assertEqual(lead.name, "Тамара Тестова")
        self.assertTrue(lead.lead_no.startswith("LEA"))
