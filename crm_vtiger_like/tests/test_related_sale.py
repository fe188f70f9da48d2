from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import VtigerCase


@tagged("crm_vtiger_like_sale", "-standard", "post_install", "-at_install")
class TestRelatedWithSale(VtigerCase):
    """With Odoo's Sales app installed (make test, phase 4), the cards reach
    the client's quotations and orders through Sales' own buttons, whose
    lists create orders of the card's client."""

    def test_cards_show_sales_buttons(self):
        for action, button in (
            ("crm_vtiger_like.action_crm_accounts", "action_view_sale_order"),
            ("crm_vtiger_like.action_crm_contacts", "action_view_sale_order"),
            ("crm_vtiger_like.crm_lead_action_leads", "action_view_sale_quotation"),
        ):
            act = self.env["ir.actions.act_window"].with_user(self.sales_user)._for_xml_id(action)
            views = self.env[act["res_model"]].with_user(self.sales_user).get_views([(False, "form")])
            self.assertIn(f'name="{button}"', views["views"]["form"]["arch"], action)

    def test_new_order_from_the_account_is_the_clients(self):
        account = self.env["res.partner"].create({"name": "ООО «Ромашка»", "is_company": True})
        action = account.with_user(self.sales_user).action_view_sale_order()
        context = safe_eval(
            action["context"], {"active_id": account.id, "active_ids": account.ids, "uid": self.sales_user.id}
        )
        order = self.env["sale.order"].with_user(self.sales_user).with_context(**context).create({})
        self.assertEqual(order.partner_id, account)
        self.assertIn(order, self.env["sale.order"].search(action["domain"]))

    def test_new_quotation_from_the_deal_is_linked(self):
        account = self.env["res.partner"].create({"name": "ООО «Ромашка»", "is_company": True})
        deal = self.env["crm.lead"].create(
            {"name": "Поставка цемента", "type": "opportunity", "partner_id": account.id, "user_id": self.sales_user.id}
        )
        action = deal.with_user(self.sales_user).action_sale_quotations_new()
        order = self.env["sale.order"].with_user(self.sales_user).with_context(**action["context"]).create({})
        self.assertEqual((order.partner_id, order.opportunity_id), (account, deal))
        self.assertEqual(deal.quotation_count, 1)
