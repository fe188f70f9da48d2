from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CommunicationCase


@tagged("post_install", "-at_install")
class TestCommunicationSecurity(CommunicationCase):
    """A rep reads their own, their team's and unassigned communications;
    managers all; portal users none; never another company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(cls.env, login="vt_rep_2", groups="sales_team.group_sale_salesman")
        cls.team = cls.env["crm.team"].create(
            {"name": "Отдел продаж Север", "member_ids": [(6, 0, (cls.sales_user | cls.other_rep).ids)]}
        )
        cls.outsider = new_test_user(cls.env, login="vt_rep_3", groups="sales_team.group_sale_salesman")
        cls.own = cls.log(partner_id=cls.account.id, user_id=cls.sales_user.id, team_id=False)
        cls.teams = cls.log(partner_id=cls.account.id, user_id=cls.other_rep.id, team_id=cls.team.id)
        cls.unassigned = cls.log(partner_id=cls.account.id, user_id=False, team_id=False)
        cls.foreign = cls.log(partner_id=cls.account.id, user_id=cls.outsider.id, team_id=False)
        cls.elsewhere = cls.log(user_id=cls.sales_user.id, company_id=cls.company_2.id, team_id=False)

    def visible(self, user, companies=None):
        Communication = self.env["crm.communication"].with_user(user)
        if companies:
            Communication = Communication.with_context(allowed_company_ids=companies.ids)
        return Communication.search(
            [("id", "in", (self.own | self.teams | self.unassigned | self.foreign | self.elsewhere).ids)]
        )

    def test_rep_reads_own_team_and_unassigned(self):
        self.assertEqual(self.visible(self.sales_user, self.company), self.own | self.teams | self.unassigned)
        self.assertEqual(
            self.visible(self.sales_user, self.company | self.company_2),
            self.own | self.teams | self.unassigned | self.elsewhere,
        )
        self.assertEqual(self.visible(self.outsider), self.unassigned | self.foreign)
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.sales_user).read(["summary"])

    def test_rep_writes_but_does_not_delete(self):
        self.own.with_user(self.sales_user).summary = "Уточнил адрес"
        self.assertEqual(self.own.summary, "Уточнил адрес")
        with self.assertRaises(AccessError):
            self.own.with_user(self.sales_user).unlink()
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.sales_user).write({"summary": "чужое"})

    def test_manager_reads_and_deletes_all(self):
        self.assertEqual(self.visible(self.sales_manager), self.own | self.teams | self.unassigned | self.foreign)
        self.foreign.with_user(self.sales_manager).unlink()
        self.assertFalse(self.foreign.exists())

    def test_portal_user_has_no_orm_access(self):
        """Not even to their own company's communications: the /my pages
        show what a client may see of them (tests/test_portal_pages.py)."""
        self.portal_user.partner_id.parent_id = self.account
        Communication = self.env["crm.communication"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Communication.search([("id", "in", self.own.ids)])
        with self.assertRaises(AccessError):
            self.own.with_user(self.portal_user).read(["summary"])
        with self.assertRaises(AccessError):
            Communication.create({"summary": "x", "partner_id": self.account.id})
        with self.assertRaises(AccessError):
            self.own.with_user(self.portal_user).write({"summary": "x"})

    def test_card_counts_what_the_user_sees(self):
        self.assertEqual(self.account.with_user(self.sales_user).communication_count, 3)
        self.assertEqual(self.account.with_user(self.sales_manager).communication_count, 4)
