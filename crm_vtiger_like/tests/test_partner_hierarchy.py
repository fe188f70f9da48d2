from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestPartnerHierarchy(VtigerCase):
    """Accounts member of a parent account; contacts reporting to contacts."""

    def setUp(self):
        super().setUp()
        self.Partner = self.env["res.partner"].with_user(self.sales_user)

    def test_member_of_keeps_the_account_its_own(self):
        group = self.Partner.create(
            {
                "name": "АО Холдинг",
                "is_company": True,
                "city": "Москва",
                "street": "ул. Тверская, д. 1",
                "vat": "7707083893",
            }
        )
        member = self.Partner.create(
            {
                "name": "ООО Дочка",
                "is_company": True,
                "city": "Казань",
                "street": "ул. Баумана, д. 5",
                "vat": "1650001236",
            }
        )
        clerk = self.Partner.create({"name": "Пётр Иванов", "parent_id": member.id})
        member.member_of_id = group
        self.assertEqual(group.member_ids, member)
        self.assertEqual((member.city, member.street, member.vat), ("Казань", "ул. Баумана, д. 5", "1650001236"))
        self.assertEqual(member.commercial_partner_id, member, "a member account stays its own account")
        self.assertFalse(member.parent_id)
        self.assertNotIn(member, group.child_ids, "not one of the group's contacts")
        self.assertEqual(clerk.commercial_partner_id, member, "its contacts stay its own")
        member.member_of_id = False
        self.assertEqual((member.city, member.vat), ("Казань", "1650001236"))

    def test_member_of_refuses_cycles_and_persons(self):
        group = self.Partner.create({"name": "АО Холдинг", "is_company": True})
        member = self.Partner.create({"name": "ООО Дочка", "is_company": True, "member_of_id": group.id})
        grandchild = self.Partner.create({"name": "ООО Внучка", "is_company": True, "member_of_id": member.id})
        with self.assertRaisesRegex(ValidationError, "cannot be a member of itself"):
            group.member_of_id = grandchild
        with self.assertRaisesRegex(ValidationError, "only an account can be a member"):
            self.Partner.create({"name": "Пётр Иванов", "member_of_id": group.id})
        self.assertEqual(grandchild.member_of_id.member_of_id, group)

    def test_group_hierarchy_from_any_account(self):
        group = self.Partner.create({"name": "АО Холдинг", "is_company": True})
        member = self.Partner.create({"name": "ООО Дочка", "is_company": True, "member_of_id": group.id})
        other = self.Partner.create({"name": "ООО Сестра", "is_company": True, "member_of_id": group.id})
        grandchild = self.Partner.create({"name": "ООО Внучка", "is_company": True, "member_of_id": member.id})
        self.Partner.create({"name": "ООО Посторонняя", "is_company": True})
        action = grandchild.action_view_vtiger_group()
        found = self.Partner.search(action["domain"])
        self.assertEqual(set(found.mapped("name")), {"АО Холдинг", "ООО Дочка", "ООО Сестра", "ООО Внучка"})
        self.assertEqual(action["context"]["group_by"], ["member_of_id"])
        self.assertEqual(other.action_view_vtiger_group()["domain"], action["domain"])

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
