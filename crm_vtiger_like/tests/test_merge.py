from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestMerge(VtigerCase):
    """crm.vtiger.merge: chosen values on the master, every reference moved,
    nothing lost, all or nothing, sales managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.master = Partner.create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "phone": "+7 912 000-11-22",
                "email": "info@romashka.ru",
                "category_id": [(0, 0, {"name": "VIP"})],
            }
        )
        cls.twin = Partner.create(
            {
                "name": "Ромашка ООО",
                "is_company": True,
                "mobile": "8 912 000 11 22",
                "website": "https://romashka.ru",
                "employee_count": 40,
                "category_id": [(0, 0, {"name": "Опт"})],
            }
        )
        cls.twin_contact = Partner.create({"name": "Анна Орлова", "parent_id": cls.twin.id})
        cls.twin_lead = cls.env["crm.lead"].create({"name": "Заявка Ромашки", "partner_id": cls.twin.id})
        cls.twin.message_post(body="История переписки")
        cls.env["ir.attachment"].create({"name": "договор.pdf", "res_model": "res.partner", "res_id": cls.twin.id})
        cls.twin.activity_schedule("mail.mail_activity_data_call", user_id=cls.sales_user.id)
        cls.twin.message_subscribe(partner_ids=cls.sales_user.partner_id.ids)
        cls.portal_user.partner_id.parent_id = cls.twin
        cls.Merge = cls.env["crm.vtiger.merge"].with_user(cls.sales_manager)

    def references(self, partner_ids):
        """How many rows of each kind point at these partners."""
        env = self.env
        return {
            "messages": env["mail.message"]
            .sudo()
            .search_count(
                [("model", "=", "res.partner"), ("res_id", "in", partner_ids), ("message_type", "!=", "notification")]
            ),
            "attachments": env["ir.attachment"]
            .sudo()
            .search_count(
                [("res_model", "=", "res.partner"), ("res_id", "in", partner_ids), ("res_field", "=", False)]
            ),
            "activities": env["mail.activity"]
            .sudo()
            .search_count([("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)]),
            "followers": len(
                env["mail.followers"]
                .sudo()
                .search([("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)])
                .partner_id
            ),
            "leads": env["crm.lead"].with_context(active_test=False).search_count([("partner_id", "in", partner_ids)]),
            "contacts": env["res.partner"]
            .with_context(active_test=False)
            .search_count([("parent_id", "in", partner_ids)]),
            "users": env["res.users"]
            .with_context(active_test=False)
            .search_count([("partner_id.parent_id", "in", partner_ids)]),
            "phones": env["crm.vtiger.phone"]
            .sudo()
            .search_count([("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)]),
            "tags": len(env["res.partner"].browse(partner_ids).category_id),
        }

    def test_merge_loses_nothing(self):
        records = self.master | self.twin
        before = self.references(records.ids)
        self.Merge.merge(
            records.with_user(self.sales_manager),
            self.master.with_user(self.sales_manager),
            {"website": "https://romashka.ru", "employee_count": 40},
        )
        after = self.references(self.master.ids)
        for kind, count in before.items():
            self.assertEqual(after[kind], count + (1 if kind == "messages" else 0), kind)  # + the merge note
        self.assertEqual((self.master.website, self.master.employee_count), ("https://romashka.ru", 40))
        self.assertEqual(self.master.phone, "+7 912 000-11-22")
        self.assertEqual(self.twin_contact.parent_id, self.master)
        self.assertEqual(self.twin_contact.commercial_partner_id, self.master)
        self.assertEqual(self.twin_lead.partner_id, self.master)
        self.assertEqual(set(self.master.category_id.mapped("name")), {"VIP", "Опт"})
        self.assertFalse(self.twin.active, "the merged record is archived, not deleted")
        self.assertTrue(self.twin.exists())
        self.assertIn("Merged into", self.twin.message_ids[0].body)
        self.assertIn(self.twin.display_name, self.master.message_ids[0].body)
        # the merged record's number still finds the master
        found = self.env["crm.vtiger.phone"]._vtiger_lookup("8 912 000 11 22", "res.partner")
        self.assertEqual(found["res.partner"], {self.master.id})

    def test_merge_rolls_back_on_failure(self):
        records = self.master | self.twin
        before = self.references(self.twin.ids)
        with (
            patch.object(type(self.env["crm.vtiger.merge"]), "_archive_merged", side_effect=RuntimeError("boom")),
            self.assertRaises(RuntimeError),
        ):
            self.Merge.merge(records, self.master, {"employee_count": 40})
        self.env.invalidate_all()
        self.assertEqual(self.references(self.master.ids)["leads"], 0)
        self.assertEqual(self.references(self.twin.ids), before)
        self.assertEqual(self.master.employee_count, 0)
        self.assertTrue(self.twin.active)

    def test_only_sales_managers_merge(self):
        with self.assertRaisesRegex(AccessError, "Only sales managers can merge"):
            self.env["crm.vtiger.merge"].with_user(self.sales_user).merge(self.master | self.twin, self.master)
        self.assertTrue(self.twin.active)

    def test_refused_merges(self):
        with self.assertRaisesRegex(UserError, "cannot be merged with its own contacts"):
            self.Merge.merge(self.twin | self.twin_contact, self.twin)
        with self.assertRaisesRegex(UserError, "at least two"):
            self.Merge.merge(self.twin, self.twin)
        with self.assertRaisesRegex(UserError, "one of the records"):
            self.Merge.merge(self.master | self.twin, self.twin_contact)

    def test_merge_leads(self):
        Lead = self.env["crm.lead"]
        first = Lead.create({"name": "Заявка 1", "last_name": "Громов", "phone": "8 916 200 30 40"})
        second = Lead.create(
            {"name": "Заявка 2", "last_name": "Громов", "first_name": "Алексей", "email_from": "gromov@mail.ru"}
        )
        second.message_post(body="Звонил повторно")
        self.Merge.merge(first | second, first, {"first_name": "Алексей", "email_from": "gromov@mail.ru"})
        self.assertEqual((first.contact_name, first.email_from), ("Алексей Громов", "gromov@mail.ru"))
        self.assertIn("Звонил повторно", "".join(first.message_ids.mapped("body")))
        self.assertFalse(second.active)

    def test_wizard_picks_values_field_by_field(self):
        wizard_form = Form(
            self.env["crm.vtiger.merge.wizard"]
            .with_user(self.sales_manager)
            .with_context(active_model="res.partner", active_ids=[self.twin.id, self.master.id])
        )
        wizard = wizard_form.save()
        self.assertEqual(
            wizard.record_1,
            self.master.display_name + f" ({self.master.account_no})",
            "the oldest record is proposed as the one to keep",
        )
        lines = {line.field_name: line for line in wizard.line_ids}
        self.assertEqual((lines["website"].value_1, lines["website"].value_2), ("", "https://romashka.ru"))
        self.assertEqual(lines["website"].choice, "2", "an empty value is not proposed")
        self.assertEqual(lines["name"].choice, "1")
        lines["name"].choice = "2"
        action = wizard.action_merge()
        self.assertEqual(action["res_id"], self.master.id)
        self.assertEqual((self.master.name, self.master.website), ("Ромашка ООО", "https://romashka.ru"))
        self.assertFalse(self.twin.active)

    def test_wizard_limits(self):
        Wizard = self.env["crm.vtiger.merge.wizard"].with_user(self.sales_manager)
        with self.assertRaisesRegex(UserError, "two or three"):
            Wizard.with_context(active_model="res.partner", active_ids=[self.twin.id]).create({})
        with self.assertRaisesRegex(UserError, "Only accounts, contacts and leads"):
            Wizard.with_context(active_model="res.users", active_ids=[1, 2]).create({})
