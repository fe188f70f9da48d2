from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiConvert(HttpCase, VtigerCase):
    """A sales manager converts demo leads: with a deal (lands on it, with its
    account and contact), and without (the archived lead says "Converted",
    never "Lost", and opens the account and contact made from it)."""

    def test_convert_demo_lead(self):
        lead = self.env.ref("crm_vtiger_like.lead_03")
        lead_no = lead.lead_no
        self.start_tour("/odoo", "crm_vtiger_like_convert", login=self.sales_manager.login)
        self.assertEqual((lead.type, lead.lead_no), ("opportunity", lead_no))
        contact = lead.partner_id
        self.assertEqual((contact.first_name, contact.last_name), ("Олег", "Тарасов"))
        self.assertEqual(contact.parent_id.name, "ООО «ВолгаТранс»")
        self.assertTrue(contact.converted_from_lead and contact.parent_id.converted_from_lead)

    def test_convert_demo_lead_without_deal(self):
        lead = self.env.ref("crm_vtiger_like.lead_08")
        lead.probability = 0  # what crm shows as "Lost" once archived
        self.start_tour("/odoo", "crm_vtiger_like_convert_without_deal", login=self.sales_manager.login)
        self.assertEqual((lead.active, lead.type, lead.probability), (False, "lead", 0))
        self.assertEqual(
            sorted(self.env["res.partner"].search([("source_lead_id", "=", lead.id)]).mapped("name")),
            ["АО «Северсталь-Сервис»", "Глеб Соловьёв"],
        )

    def test_convert_in_russian(self):
        """A Russian-speaking rep meets vtiger's words from the Leads menu to the deal."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["crm", "crm_vtiger_like"], ["ru_RU"])
        self.sales_user.lang = "ru_RU"
        lead = self.env["crm.lead"].create(
            {
                "name": "Заявка на доставку",
                "type": "lead",
                "user_id": self.sales_user.id,
                "first_name": "Антон",
                "last_name": "Воробьёв",
                "partner_name": "ООО «Тест-Конверт»",
            }
        )
        self.start_tour("/odoo", "crm_vtiger_like_convert_ru", login=self.sales_user.login)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(
            (lead.partner_id.name, lead.partner_id.parent_id.name), ("Антон Воробьёв", "ООО «Тест-Конверт»")
        )
