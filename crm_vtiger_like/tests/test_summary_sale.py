from odoo.tests import tagged

from .common import VtigerCase


@tagged("crm_vtiger_like_sale", "-standard", "post_install", "-at_install")
class TestSummaryWithSale(VtigerCase):
    """With Sales installed (make test, phase 4) the Summary tab shows the
    client's quotations, orders and invoices, and a deal's quotations."""

    def test_sales_widgets(self):
        account = self.env["res.partner"].create({"name": "ООО «Ромашка»", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Анна Орлова", "parent_id": account.id})
        product = self.env["product.product"].create(
            {"name": "Кирпич М150", "list_price": 25.0, "taxes_id": [(5, 0, 0)]}
        )
        deal = self.env["crm.lead"].create(
            {"name": "Кирпич для склада", "type": "opportunity", "partner_id": account.id}
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "opportunity_id": deal.id if index == 0 else False,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 100})],
                }
                for index, partner in enumerate((contact, account, contact))
            ]
        )
        orders[2].action_confirm()
        Widget = self.env["crm.summary.widget"].with_user(self.sales_manager)
        payload = Widget.get_summary("res.partner", account.id)
        counts = {w["source"]: w["count"] for w in payload["widgets"]}
        self.assertEqual((counts["quotations"], counts["orders"], counts["invoices"]), (2, 1, 0))
        quotations = next(w for w in payload["widgets"] if w["source"] == "quotations")
        self.assertEqual(quotations["records"][0]["res_model"], "sale.order")
        self.assertEqual(quotations["records"][0]["amount"], "$\xa02,500.00")
        self.assertTrue(quotations["can_create"])
        action = Widget.action_create("res.partner", account.id, quotations["id"])
        self.assertEqual((action["res_model"], action["context"]), ("sale.order", {"default_partner_id": account.id}))
        # the contact's own orders only
        counts = {w["source"]: w["count"] for w in Widget.get_summary("res.partner", contact.id)["widgets"]}
        self.assertEqual((counts["quotations"], counts["orders"]), (1, 1))
        payload = Widget.get_summary("crm.lead", deal.id)
        counts = {w["source"]: w["count"] for w in payload["widgets"]}
        self.assertEqual((counts["quotations"], counts["orders"]), (1, 0))
        quotations = next(w for w in payload["widgets"] if w["source"] == "quotations")
        action = Widget.action_create("crm.lead", deal.id, quotations["id"])
        self.assertEqual(action["res_model"], "sale.order")
        self.assertEqual(action["context"]["default_opportunity_id"], deal.id)
