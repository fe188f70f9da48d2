import re

from odoo import sql_db
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import VtigerCase


def number(value):
    return int(re.sub(r"\D", "", value))


@tagged("post_install", "-at_install")
class TestNumbering(VtigerCase):
    """vtiger numbers: given at creation from per-company sequences, unique,
    kept on conversion, searchable."""

    def test_batch_create_gets_consecutive_numbers(self):
        Lead = self.env["crm.lead"].with_user(self.sales_user)
        leads = Lead.create([{"name": f"Обращение {i}", "type": "lead"} for i in range(5)])
        numbers = leads.mapped("lead_no")
        self.assertTrue(all(n.startswith("LEA") for n in numbers), numbers)
        self.assertEqual(len(set(numbers)), 5)
        self.assertEqual([number(n) for n in numbers], list(range(number(numbers[0]), number(numbers[0]) + 5)))
        self.assertFalse(any(leads.mapped("deal_no")))

    def test_deal_created_directly_gets_only_deal_no(self):
        deal = self.env["crm.lead"].with_user(self.sales_user).create({"name": "Сделка", "type": "opportunity"})
        self.assertTrue(deal.deal_no.startswith("POT"))
        self.assertFalse(deal.lead_no)

    def test_lead_converted_to_deal_keeps_lead_no(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.sales_user)
            .create(
                {
                    "name": "Запрос КП",
                    "type": "lead",
                    "contact_name": "Пётр Иванов",
                    "partner_name": "ООО Ромашка",
                }
            )
        )
        lead_no = lead.lead_no
        wizard = Form(
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.sales_user)
            .with_context(
                active_model="crm.lead",
                active_id=lead.id,
                active_ids=lead.ids,
            )
        ).save()
        wizard.action_apply()
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.lead_no, lead_no)
        self.assertTrue(lead.deal_no.startswith("POT"))
        # the customers the conversion created are numbered too
        self.assertTrue(lead.partner_id.contact_no.startswith("CON"))
        self.assertTrue(lead.partner_id.parent_id.account_no.startswith("ACC"))

    def test_partner_numbers_follow_kind(self):
        Partner = self.env["res.partner"].with_user(self.sales_user)
        company = Partner.create({"name": "АО ТехноЛайн", "company_type": "company"})
        person = Partner.create({"name": "Дмитрий Морозов", "parent_id": company.id})
        address = Partner.create({"name": "Склад", "parent_id": company.id, "type": "delivery"})
        self.assertTrue(company.account_no.startswith("ACC"))
        self.assertFalse(company.contact_no)
        self.assertTrue(person.contact_no.startswith("CON"))
        self.assertFalse(person.account_no)
        self.assertFalse(address.contact_no or address.account_no, "addresses are not vtiger contacts")
        # an address that becomes a contact, a person that becomes a company
        address.type = "contact"
        self.assertTrue(address.contact_no.startswith("CON"))
        person.is_company = True
        self.assertTrue(person.account_no.startswith("ACC"))
        self.assertTrue(person.contact_no, "the earlier number is kept")

    def test_numbers_are_per_company(self):
        main_seq = self.company._crm_vtiger_sequence("crm_vtiger_like.lead")
        other_seq = self.company_2._crm_vtiger_sequence("crm_vtiger_like.lead")
        self.assertNotEqual(main_seq, other_seq)
        self.assertEqual(other_seq.company_id, self.company_2)
        Lead = self.env["crm.lead"].with_user(self.sales_user)
        lead_1 = Lead.create({"name": "A", "type": "lead", "company_id": self.company.id})
        lead_2 = Lead.with_company(self.company_2).create(
            {"name": "B", "type": "lead", "company_id": self.company_2.id}
        )
        self.assertEqual(other_seq.number_next_actual - 1, number(lead_2.lead_no))
        self.assertEqual(main_seq.number_next_actual - 1, number(lead_1.lead_no))

    @mute_logger("odoo.sql_db")  # the SQL constraint refuses it first
    def test_same_number_allowed_in_two_companies_not_in_one(self):
        Lead = self.env["crm.lead"]
        Lead.create({"name": "A", "type": "lead", "company_id": self.company.id, "lead_no": "LEA-X1"})
        other = Lead.create({"name": "B", "type": "lead", "company_id": self.company_2.id, "lead_no": "LEA-X1"})
        self.assertEqual(other.lead_no, "LEA-X1")
        with self.assertRaisesRegex(ValidationError, "LEA-X1"):
            Lead.create({"name": "C", "type": "lead", "company_id": self.company.id, "lead_no": "LEA-X1"})

    @mute_logger("odoo.sql_db")
    def test_taken_number_written_or_brought_by_a_move_is_named(self):
        """A number written later (an import's correction) or brought into a
        company that already uses it is refused with a message naming it,
        when it reaches the database."""
        Partner = self.env["res.partner"]
        Partner.create(
            {"name": "ООО «Первое»", "is_company": True, "company_id": self.company.id, "account_no": "ACC-X7"}
        )
        second = Partner.create({"name": "ООО «Второе»", "is_company": True, "company_id": self.company.id})
        message = r"^Account No ACC-X7 is already used by another record of this company\.$"
        with self.assertRaisesRegex(ValidationError, message):
            second.write({"account_no": "ACC-X7"})
            second.flush_recordset()
        other = Partner.create(
            {"name": "ООО «Третье»", "is_company": True, "company_id": self.company_2.id, "account_no": "ACC-X7"}
        )
        with self.assertRaisesRegex(ValidationError, message):
            other.company_id = self.company

    def test_new_company_gets_sequences(self):
        company = self.env["res.company"].create({"name": "ИП Новиков"})
        codes = self.env["ir.sequence"].search([("company_id", "=", company.id)]).mapped("code")
        self.assertEqual(len([c for c in codes if c.startswith("crm_vtiger_like.")]), 5)
        partner = (
            self.env["res.partner"]
            .with_company(company)
            .create({"name": "X", "is_company": True, "company_id": company.id})
        )
        self.assertEqual(partner.account_no, "ACC1", "a new company starts its own series")

    def test_deleted_sequence_is_recreated(self):
        company = self.env["res.company"].create({"name": "ООО Пересоздание"})
        self.env["ir.sequence"].search(
            [
                ("company_id", "=", company.id),
                ("code", "=", "crm_vtiger_like.account"),
            ]
        ).unlink()
        partner = (
            self.env["res.partner"]
            .with_company(company)
            .create({"name": "Y", "is_company": True, "company_id": company.id})
        )
        self.assertEqual(partner.account_no, "ACC1")

    def test_shared_partners_never_collide_across_companies(self):
        """Partners without a company share one series: a company whose own
        sequence lags behind jumps past the numbers in use instead of colliding."""
        shared = self.env["res.partner"].create([{"name": f"S{i}", "is_company": True} for i in range(3)])
        company = self.env["res.company"].create({"name": "ООО Догоняющее"})
        seq = company._crm_vtiger_sequence("crm_vtiger_like.account")
        self.assertEqual(seq.number_next_actual, 1)
        late = self.env["res.partner"].with_company(company).create([{"name": "L1", "is_company": True}])
        highest = max(
            number(n)
            for n in self.env["res.partner"]
            .with_context(active_test=False)
            .search([("company_id", "=", False), ("account_no", "!=", False), ("id", "!=", late.id)])
            .mapped("account_no")
        )
        self.assertEqual(number(late.account_no), highest + 1)
        self.assertNotIn(late.account_no, shared.mapped("account_no"))
        seq.invalidate_recordset()
        self.assertEqual(seq.number_next_actual, highest + 2, "the sequence jumped, it did not walk")

    def test_imported_numbers_kept_and_skipped_by_sequence(self):
        """Numbers given in an import are kept; the sequence then skips them."""
        seq = self.company._crm_vtiger_sequence("crm_vtiger_like.account")
        upcoming = f"ACC{seq.number_next_actual}"
        result = self.env["res.partner"].load(
            ["name", "is_company", "account_no"],
            [["ООО Импорт", "1", upcoming]],
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(imported.account_no, upcoming)
        fresh = self.env["res.partner"].create({"name": "ООО Новая", "is_company": True})
        self.assertNotEqual(fresh.account_no, upcoming)
        self.assertEqual(number(fresh.account_no), number(upcoming) + 1)

    @mute_logger("odoo.sql_db")  # the SQL constraint refuses it first
    def test_import_of_duplicate_number_is_refused(self):
        existing = self.env["res.partner"].create({"name": "ООО Есть", "is_company": True})
        result = self.env["res.partner"].load(
            ["name", "is_company", "account_no"], [["ООО Дубль", "1", existing.account_no]]
        )
        self.assertFalse(result["ids"])
        self.assertIn(existing.account_no, result["messages"][0]["message"])

    def test_no_gap_sequence_batches(self):
        seq = self.company._crm_vtiger_sequence("crm_vtiger_like.deal")
        start = seq.number_next_actual
        seq.write({"implementation": "no_gap", "number_next": start})
        deals = self.env["crm.lead"].create([{"name": f"D{i}", "type": "opportunity"} for i in range(3)])
        self.assertEqual([number(n) for n in deals.mapped("deal_no")], [start, start + 1, start + 2])
        seq.invalidate_recordset()
        self.assertEqual(seq.number_next_actual, start + 3)

    def test_numbers_readonly_and_not_copied(self):
        lead = self.env["crm.lead"].create({"name": "Оригинал", "type": "lead"})
        copy = lead.copy()
        self.assertTrue(copy.lead_no)
        self.assertNotEqual(copy.lead_no, lead.lead_no)
        self.assertTrue(self.env["crm.lead"]._fields["lead_no"].readonly)

    def test_search_by_number(self):
        lead = self.env["crm.lead"].create({"name": "Поиск", "type": "lead", "user_id": self.sales_user.id})
        Lead = self.env["crm.lead"].with_user(self.sales_user)
        self.assertEqual(Lead.search([("lead_no", "=", lead.lead_no)]), lead)
        self.assertIn(lead, Lead.search([("id", "in", Lead.name_search(lead.lead_no)[0][:1])]))
        account = self.env["res.partner"].create({"name": "ООО Поиск", "is_company": True})
        found = self.env["res.partner"].name_search(account.account_no)
        self.assertEqual(found[0][0], account.id)

    def test_backfill_is_batched(self):
        """Numbers missing on existing rows are filled in a constant number of queries."""
        Partner = self.env["res.partner"].with_company(self.company)
        queries = []
        for size in (3, 3, 60):  # the first run warms the caches up
            partners = Partner.create([{"name": f"P{i}", "is_company": True} for i in range(size)])
            partners.flush_recordset()
            self.cr.execute("UPDATE res_partner SET account_no = NULL WHERE id = ANY(%s)", [partners.ids])
            self.env.invalidate_all()
            before = sql_db.sql_counter
            Partner._vtiger_backfill_numbers()
            queries.append(sql_db.sql_counter - before)
            self.assertTrue(all(partners.mapped("account_no")))
        self.assertEqual(queries[1], queries[2])
