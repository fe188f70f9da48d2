from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiRelated(HttpCase, VtigerCase):
    """A sales rep links an existing product to a demo account from its
    "Products and Services" tab and creates a deal from its "Deals" button."""

    def test_demo_related_objects(self):
        """The demo products, services and campaigns are linked to accounts,
        contacts, leads and deals; Odoo's campaign of a lead is one of its
        campaigns."""
        ref = self.env.ref
        products = ref("crm_vtiger_like.product_brick_m150") | ref("crm_vtiger_like.product_office_chair")
        self.assertEqual(set(products.mapped("type")), {"consu"})
        self.assertEqual(ref("crm_vtiger_like.service_crane_delivery").type, "service")
        account = ref("crm_vtiger_like.account_stroymaster")
        self.assertRecordValues(
            account, [{"vtiger_product_count": 2, "vtiger_service_count": 1, "vtiger_campaign_count": 2}]
        )
        season = ref("crm_vtiger_like.campaign_building_season")
        self.assertIn(season, ref("crm_vtiger_like.contact_ivanov").campaign_ids)
        for xmlid in ("lead_01", "lead_16", "deal_03"):
            lead = ref(f"crm_vtiger_like.{xmlid}")
            self.assertTrue(lead.campaign_id, xmlid)
            self.assertIn(lead.campaign_id, lead.campaign_ids, xmlid)
            self.assertTrue(lead.product_ids, xmlid)
        deal = ref("crm_vtiger_like.deal_01")
        self.assertEqual((deal.vtiger_product_count, deal.vtiger_service_count), (1, 2))

    def test_link_product_and_create_deal_from_account(self):
        account = self.env.ref("crm_vtiger_like.account_stroymaster")
        product = self.env.ref("crm_vtiger_like.product_drywall")
        # the counters the tour starts from
        self.assertEqual(account.vtiger_product_count, 2)
        # the account's demo deal belongs to another salesperson: the rep sees none
        self.assertEqual(account.with_user(self.sales_user).opportunity_count, 0)
        self.assertNotIn(product, account.product_ids)
        self.start_tour("/odoo", "crm_vtiger_like_related_objects", login=self.sales_user.login)
        account.invalidate_recordset()
        self.assertIn(product, account.product_ids)
        self.assertEqual(account.vtiger_product_count, 3)
        deal = self.env["crm.lead"].search([("name", "=", "Тур: гипсокартон для офиса СтройМастер")])
        self.assertRecordValues(
            deal, [{"type": "opportunity", "partner_id": account.id, "user_id": self.sales_user.id}]
        )
