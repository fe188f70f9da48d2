from odoo.tests import HttpCase, tagged

from .common import VtigerCase

# the company default layout of an account card, as the sales manager sees the
# demo account: (source, design, count); Sales is not installed
DEFAULT_LAYOUT = [
    ("communications", "timeline", 5),
    ("deals", "cards", 1),
    ("activities", "list", 0),
    ("contacts", "cards", 2),
    ("documents", "cards", 0),
    ("messages", "list", 0),
]


@tagged("post_install", "-at_install")
class TestUiSummary(HttpCase, VtigerCase):
    """The Summary tab of the demo account card: the company default layout,
    and a sales rep's own layout changed from the card itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls.env.ref("crm_vtiger_like.account_stroymaster")
        cls.Widget = cls.env["crm.summary.widget"]
        cls.url = f"/odoo/res.partner/{cls.account.id}"

    def summary(self, user):
        """(layout, customized) of the demo account's Summary tab for ``user``."""
        payload = self.Widget.with_user(user).get_summary("res.partner", self.account.id)
        return [(w["source"], w["design"], w["count"]) for w in payload["widgets"]], payload["customized"]

    def test_default_summary_of_demo_account(self):
        """The sales manager opens the demo account: the Summary tab comes
        first, with the company default widgets and their counters; a widget
        opens its records and a record opens its card."""
        self.assertEqual(self.summary(self.sales_manager), (DEFAULT_LAYOUT, False))
        self.start_tour(self.url, "crm_vtiger_like_summary_default", login=self.sales_manager.login)

    def test_rep_layout_from_the_card(self):
        """The rep turns the deals into a counter and moves them first: the
        layout is the rep's own and survives a reload, while the manager still
        gets the company default."""
        self.assertFalse(self.Widget.with_context(active_test=False).search([("user_id", "=", self.sales_user.id)]))
        self.start_tour(self.url, "crm_vtiger_like_summary_rep_layout", login=self.sales_user.login)

        own = self.Widget.search([("user_id", "=", self.sales_user.id), ("card", "=", "account")])
        self.assertEqual(
            [(w.source, w.design) for w in own.sorted("sequence")],
            [
                ("deals", "counter"),
                ("communications", "timeline"),
                ("contacts", "cards"),
                ("activities", "list"),
                ("documents", "cards"),
                ("messages", "list"),
                # the sales widgets of the default are copied too (shown once Sales is installed)
                ("quotations", "list"),
                ("orders", "chart"),
                ("invoices", "list"),
            ],
        )
        # the rep sees neither the deal nor the communications of the other salespeople
        self.assertEqual(
            self.summary(self.sales_user),
            (
                [
                    ("deals", "counter", 0),
                    ("communications", "timeline", 0),
                    ("contacts", "cards", 2),
                    ("activities", "list", 0),
                    ("documents", "cards", 0),
                    ("messages", "list", 0),
                ],
                True,
            ),
        )
        # nothing changed for the others
        self.assertEqual(self.summary(self.sales_manager), (DEFAULT_LAYOUT, False))
        self.assertFalse(self.Widget.search([("user_id", "=", self.sales_manager.id)]))
        self.start_tour(self.url, "crm_vtiger_like_summary_default", login=self.sales_manager.login)

    def test_summary_on_a_phone(self):
        """On a phone the widgets are stacked, each the full width of the tab."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour(self.url, "crm_vtiger_like_summary_phone", login=self.sales_manager.login)
