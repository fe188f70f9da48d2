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
