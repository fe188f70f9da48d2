from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestPartnerHierarchy(VtigerCase):
    """Accounts member of a parent account; contacts reporting to contacts."""

    def setUp(self):
        super().setUp()
        self.Partner = self.env["res.partner"].with_user(self.sales_user)

    def test_member_accounts(self):
        group = self.Partner.create({"name": "АО Холдинг", "is_company": True})
        member = self.Partner.create({"name": "ООО Дочка", "is_company": True, "parent_id": group.id})
        person = self.Partner.create({"name": "Пётр Иванов", "parent_id": group.id})
        self.assertEqual(group.member_account_ids, member)
        self.assertIn(person, group.child_ids)
        self.assertEqual(member.commercial_partner_id, member, "a member account stays its own account")
        with self.assertRaisesRegex(ValidationError, "recursive"):
            group.parent_id = member

    def test_reports_to(self):
        boss = self.Partner.create({"name": "Олег Начальников"})
        clerk = self.Partner.create({"name": "Иван Исполнителев", "reports_to_id": boss.id})
        self.assertEqual(clerk.reports_to_id, boss)
        with self.assertRaisesRegex(ValidationError, "reports to a person"):
            clerk.reports_to_id = self.Partner.create({"name": "ООО Ромашка", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "cannot report to themselves"):
            boss.reports_to_id = clerk
        with self.assertRaisesRegex(ValidationError, "cannot report to themselves"):
            boss.reports_to_id = boss
