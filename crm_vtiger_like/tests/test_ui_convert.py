from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiConvert(HttpCase, VtigerCase):
    """A sales manager converts a demo lead and lands on the new deal with
    its account and contact."""

    def test_convert_demo_lead(self):
        lead = self.env.ref("crm_vtiger_like.lead_03")
        lead_no = lead.lead_no
        self.start_tour("/odoo", "crm_vtiger_like_convert", login=self.sales_manager.login)
        self.assertEqual((lead.type, lead.lead_no), ("opportunity", lead_no))
        contact = lead.partner_id
        self.assertEqual((contact.first_name, contact.last_name), ("Олег", "Тарасов"))
        self.assertEqual(contact.parent_id.name, "ООО «ВолгаТранс»")
        self.assertTrue(contact.converted_from_lead and contact.parent_id.converted_from_lead)
