from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CommunicationCase

DEFAULT_ACCOUNT = ["communications", "deals", "activities", "contacts", "documents", "messages"]


@tagged("post_install", "-at_install")
class TestSummary(CommunicationCase):
    """The data call of the Summary tab: one payload per card with each
    widget's counter, rows and chart, per-user layouts over the company
    default, access rights and a query count independent of the data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Widget = cls.env["crm.summary.widget"]
        cls.stage_new = cls.env["crm.stage"].create({"name": "Тест: новая", "sequence": 1})
        cls.stage_won = cls.env["crm.stage"].create({"name": "Тест: договор", "sequence": 2})
        cls.deals = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Сделка {i}",
                    "type": "opportunity",
                    "partner_id": (cls.account if i % 2 else cls.contact).id,
                    "stage_id": (cls.stage_new if i < 5 else cls.stage_won).id,
                    "expected_revenue": 1000 * i,
                    "user_id": (cls.sales_user if i < 3 else cls.sales_manager).id,
                }
                for i in range(1, 8)
            ]
        )
        cls.log(partner_id=cls.contact.id, summary="Первый звонок", date=datetime(2026, 10, 5, 9, 30))
        cls.log(partner_id=cls.contact.id, summary="Перезвонили", date=datetime(2026, 11, 12, 16, 0))
        cls.account.activity_schedule("mail.mail_activity_data_call", summary="Позвонить директору")
        cls.env["ir.attachment"].create(
            {"name": "договор.pdf", "res_model": "res.partner", "res_id": cls.account.id, "raw": b"%PDF-1.4"}
        )
        cls.account.message_post(body="Клиент просил скидку", message_type="comment", subtype_xmlid="mail.mt_note")

    def summary(self, record, user=None):
        return self.Widget.with_user(user or self.sales_manager).get_summary(record._name, record.id)

    def widget(self, payload, source):
        return next(w for w in payload["widgets"] if w["source"] == source)

    def test_account_default_layout(self):
        payload = self.summary(self.account)
        self.assertEqual(payload["card"], "account")
        self.assertFalse(payload["customized"])
        # no Sales nor Invoicing here: their widgets are left out
        self.assertEqual([w["source"] for w in payload["widgets"]], DEFAULT_ACCOUNT)
        counts = {w["source"]: w["count"] for w in payload["widgets"]}
        self.assertEqual(
            counts,
            {"communications": 2, "deals": 7, "activities": 1, "contacts": 1, "documents": 1, "messages": 1},
        )
        deals = self.widget(payload, "deals")
        self.assertEqual((deals["design"], deals["size"], deals["can_create"]), ("cards", "medium", True))
        # newest first, five of seven
        self.assertEqual(
            [r["name"] for r in deals["records"]], ["Сделка 7", "Сделка 6", "Сделка 5", "Сделка 4", "Сделка 3"]
        )
        self.assertEqual(deals["records"][0]["badge"], "Тест: договор")
        self.assertEqual(deals["records"][0]["user"], "Олег Начальников")
        self.assertIn("7,000.00", deals["records"][0]["amount"])
        timeline = self.widget(payload, "communications")
        self.assertEqual([r["name"] for r in timeline["records"]], ["Перезвонили", "Первый звонок"])
        self.assertEqual(timeline["records"][1]["date"], "2026-10-05 09:30:00")
        self.assertEqual(timeline["records"][1]["icon"], "fa-phone")
        self.assertEqual(timeline["records"][1]["subtitle"], "ООО «Ромашка», Анна Орлова")
        contacts = self.widget(payload, "contacts")["records"]
        self.assertEqual(contacts[0]["image_url"], f"/web/image/res.partner/{self.contact.id}/avatar_128")
        self.assertEqual(self.widget(payload, "messages")["records"][0]["name"], "Клиент просил скидку")
        self.assertEqual(self.widget(payload, "documents")["records"][0]["icon"], "fa-file-pdf-o")
        activity = self.widget(payload, "activities")["records"][0]
        self.assertEqual((activity["name"], activity["overdue"]), ("Позвонить директору", False))

    def test_summary_is_read_only(self):
        """Opening the Summary tab writes nothing: Odoo may send the call to a
        read-only replica (``@api.readonly``), and it works in a read-only
        transaction."""
        self.assertTrue(type(self.Widget).get_summary._readonly)
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT summary_read_only")
        self.env.cr.execute("SET TRANSACTION READ ONLY")
        try:
            payload = self.summary(self.account)
            self.env.flush_all()
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT summary_read_only")
        self.assertEqual(len(payload["widgets"]), 6)

    def test_contact_and_deal_cards(self):
        payload = self.summary(self.contact)
        self.assertEqual(payload["card"], "contact")
        self.assertEqual(
            [w["source"] for w in payload["widgets"]],
            ["communications", "deals", "activities", "documents", "messages"],
        )
        self.assertEqual(self.widget(payload, "deals")["count"], 3)
        deal = self.deals[0]
        payload = self.summary(deal)
        self.assertEqual(payload["card"], "deal")
        self.assertEqual(
            [w["source"] for w in payload["widgets"]],
            ["communications", "activities", "contacts", "documents", "messages"],
        )
        # the contacts of the deal's account
        self.assertEqual([r["name"] for r in self.widget(payload, "contacts")["records"]], ["Анна Орлова"])

    def test_rows_follow_record_rules(self):
        """A sales rep who sees only their own deals counts and lists only those."""
        deals = self.widget(self.summary(self.account, self.sales_user), "deals")
        self.assertEqual(deals["count"], 2)
        self.assertEqual([r["name"] for r in deals["records"]], ["Сделка 2", "Сделка 1"])

    def test_unreadable_model_is_hidden(self):
        self.env.ref("crm_vtiger_like.access_crm_communication_salesman").perm_read = False
        payload = self.summary(self.account, self.sales_user)
        self.assertNotIn("communications", [w["source"] for w in payload["widgets"]])
        self.assertNotIn("communications", [a["source"] for a in payload["addable"]])
        self.assertIn("deals", [w["source"] for w in payload["widgets"]])

    def test_card_of_another_model_or_unreadable(self):
        with self.assertRaisesRegex(UserError, "no Summary tab"):
            self.Widget.get_summary("res.users", self.env.uid)
        secret = self.env["crm.lead"].create(
            {"name": "Чужая сделка", "type": "opportunity", "user_id": self.sales_manager.id}
        )
        with self.assertRaises(AccessError):
            self.summary(secret, self.sales_user)

    def test_counter_and_chart_designs(self):
        self.Widget.with_user(self.sales_manager).summary_update(
            "res.partner",
            self.account.id,
            self.env.ref("crm_vtiger_like.summary_account_deals").id,
            {"design": "counter"},
        )
        payload = self.summary(self.account)
        deals = self.widget(payload, "deals")
        self.assertEqual((deals["design"], deals["count"], deals["records"], deals["chart"]), ("counter", 7, [], []))
        self.Widget.with_user(self.sales_manager).summary_update(
            "res.partner", self.account.id, deals["id"], {"design": "chart", "chart_by": "stage"}
        )
        deals = self.widget(self.summary(self.account), "deals")
        self.assertEqual(deals["chart"], [{"label": "Тест: новая", "value": 4}, {"label": "Тест: договор", "value": 3}])
        payload = self.Widget.with_user(self.sales_manager).summary_update(
            "res.partner", self.account.id, self.widget(payload, "communications")["id"], {"design": "chart"}
        )
        # by month (the default of a chart): October and November 2026
        self.assertEqual(
            self.widget(payload, "communications")["chart"],
            [{"label": "Oct 2026", "value": 1}, {"label": "Nov 2026", "value": 1}],
        )

    def test_user_layout_over_company_default(self):
        Rep = self.Widget.with_user(self.sales_user)
        default_deals = self.env.ref("crm_vtiger_like.summary_account_deals")
        payload = Rep.summary_update(
            "res.partner", self.account.id, default_deals.id, {"design": "counter", "user_id": 1}
        )
        self.assertTrue(payload["customized"])
        own = self.Widget.search([("user_id", "=", self.sales_user.id), ("card", "=", "account")])
        self.assertEqual(len(own), 9)  # the whole default copied, sales widgets too
        deals = self.widget(payload, "deals")
        self.assertNotEqual(deals["id"], default_deals.id)
        self.assertEqual((deals["design"], deals["size"]), ("counter", "medium"))
        # moved first
        ids = [w["id"] for w in payload["widgets"]]
        ids.remove(deals["id"])
        payload = Rep.summary_move("res.partner", self.account.id, [deals["id"], *ids])
        self.assertEqual([w["source"] for w in payload["widgets"]][:2], ["deals", "communications"])
        # the layout is the rep's for every account, not the manager's
        other = self.env["res.partner"].create({"name": "ООО «Лютик»", "is_company": True})
        self.assertEqual(self.widget(self.summary(other, self.sales_user), "deals")["design"], "counter")
        manager = self.summary(self.account)
        self.assertFalse(manager["customized"])
        self.assertEqual([w["source"] for w in manager["widgets"]], DEFAULT_ACCOUNT)
        self.assertEqual(self.widget(manager, "deals")["design"], "cards")
        self.assertEqual(default_deals.design, "cards")
        # removed, added back last, reset
        payload = Rep.summary_remove("res.partner", self.account.id, self.widget(payload, "documents")["id"])
        self.assertNotIn("documents", [w["source"] for w in payload["widgets"]])
        payload = Rep.summary_add("res.partner", self.account.id, "documents")
        self.assertEqual(payload["widgets"][-1]["source"], "documents")
        payload = Rep.summary_reset("res.partner", self.account.id)
        self.assertFalse(payload["customized"])
        self.assertEqual([w["source"] for w in payload["widgets"]], DEFAULT_ACCOUNT)
        self.assertFalse(self.Widget.with_context(active_test=False).search([("user_id", "=", self.sales_user.id)]))

    def test_an_emptied_layout_stays_empty(self):
        Rep = self.Widget.with_user(self.sales_user)
        payload = self.summary(self.contact, self.sales_user)
        for widget in payload["widgets"]:
            payload = Rep.summary_remove("res.partner", self.contact.id, self.widget(payload, widget["source"])["id"])
        self.assertEqual((payload["widgets"], payload["customized"]), ([], True))

    def test_widget_changes_refused(self):
        Rep = self.Widget.with_user(self.sales_user)
        default = self.env.ref("crm_vtiger_like.summary_account_deals")
        with self.assertRaises(AccessError):
            default.with_user(self.sales_user).design = "chart"
        with self.assertRaisesRegex(UserError, "cannot be added"):
            Rep.summary_add("res.partner", self.contact.id, "contacts")
        Rep.summary_update("res.partner", self.account.id, default.id, {"design": "list"})
        # ids of the company default are stale once the rep has an own layout
        with self.assertRaisesRegex(UserError, "reload the page"):
            Rep.summary_remove("res.partner", self.account.id, default.id)
        # another user's widgets are neither read nor changed
        theirs = self.Widget.search([("user_id", "=", self.sales_user.id)], limit=1)
        self.assertFalse(self.Widget.with_user(self.sales_manager).search([("id", "=", theirs.id)]) - theirs)
        other_rep = new_test_user(self.env, login="vt_rep2", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            theirs.with_user(other_rep).read(["design"])
        with self.assertRaisesRegex(UserError, "not a valid"):
            Rep.summary_update("res.partner", self.account.id, theirs.id, {"design": "pie"})
        # managers edit the company default
        default.with_user(self.sales_manager).design = "chart"
        self.assertEqual(default.design, "chart")

    def test_open_all_and_create(self):
        Rep = self.Widget.with_user(self.sales_user)
        payload = self.summary(self.account, self.sales_user)
        deals = self.widget(payload, "deals")
        action = Rep.action_open_all("res.partner", self.account.id, deals["id"])
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertEqual(self.env["crm.lead"].search_count(action["domain"]), 7)
        action = Rep.action_create("res.partner", self.account.id, deals["id"])
        self.assertEqual(action["context"], {"default_type": "opportunity", "default_partner_id": self.account.id})
        documents = self.widget(payload, "documents")
        self.assertFalse(documents["can_create"])
        with self.assertRaisesRegex(UserError, "not created from the card"):
            Rep.action_create("res.partner", self.account.id, documents["id"])

    def test_query_count_does_not_grow(self):
        """Opening a card costs as many queries with 10 related records per
        widget as with 40."""
        small = self.env["res.partner"].create({"name": "ООО «Малое»", "is_company": True})
        big = self.env["res.partner"].create({"name": "ООО «Большое»", "is_company": True})
        for account, n in ((small, 10), (big, 40)):
            contacts = self.env["res.partner"].create(
                [{"name": f"Контакт {i}", "parent_id": account.id} for i in range(n)]
            )
            self.env["crm.lead"].create(
                [{"name": f"Сделка {i}", "type": "opportunity", "partner_id": c.id} for i, c in enumerate(contacts)]
            )
            self.Communication.create(
                [
                    {"partner_id": c.id, "channel": "call", "source_id": self.venyoo.id, "purpose_id": self.quote.id}
                    for c in contacts
                ]
            )
            self.env["ir.attachment"].create(
                [
                    {"name": f"файл {i}.txt", "res_model": "res.partner", "res_id": account.id, "raw": b"x"}
                    for i in range(n)
                ]
            )
            for i in range(n):
                account.message_post(body=f"Заметка {i}", message_type="comment", subtype_xmlid="mail.mt_note")
                account.activity_schedule("mail.mail_activity_data_todo", summary=f"Дело {i}")
        Widget = self.Widget.with_user(self.sales_manager)
        counts = []
        for account in (small, big):
            for _warm in range(2):  # the first run fills the access caches
                self.env.invalidate_all()
                Widget.get_summary("res.partner", account.id)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            payload = Widget.get_summary("res.partner", account.id)
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(self.widget(payload, "contacts")["count"], 10 if account == small else 40)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 60)
