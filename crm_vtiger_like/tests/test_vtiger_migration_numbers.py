from odoo.tests import tagged

from .vtiger_migration_common import ACCOUNT_ROW, CONTACT_ROW, DEAL_ROW, LEAD_ROW, VtigerMigrationCase, number

FIELDS = {"leads": "lead_no", "accounts": "account_no", "contacts": "contact_no", "deals": "deal_no"}


@tagged("post_install", "-at_install")
class TestVtigerMigrationNumbers(VtigerMigrationCase):
    """vtiger numbers kept, the sequences moved past them, re-runs updating.

    The demo data already uses the low numbers (ACC7...), so the files
    carry numbers no demo record has (ACC9007...)."""

    def all_files(self, lead=None, account=None, contact=None, deal=None):
        return [
            self.vtiger_file("leads.csv", "leads", lead or LEAD_ROW),
            self.vtiger_file("accounts.csv", "accounts", account or ACCOUNT_ROW),
            self.vtiger_file("contacts.csv", "contacts", contact or CONTACT_ROW),
            self.vtiger_file("deals.csv", "deals", deal or DEAL_ROW),
        ]

    def imported(self):
        return {
            "leads": self.Lead.search([("lead_no", "=", "LEA9012")]),
            "accounts": self.Partner.search([("account_no", "=", "ACC9007")]),
            "contacts": self.Partner.search([("contact_no", "=", "CON9003")]),
            "deals": self.Lead.search([("deal_no", "=", "POT9005")]),
        }

    def test_numbers_kept(self):
        result = self.import_files(*self.all_files())
        self.assertEqual(result["problems"], [])
        records = self.imported()
        self.assertEqual(
            {kind: (len(records[kind]), records[kind][FIELDS[kind]]) for kind in records},
            {
                "leads": (1, "LEA9012"),
                "accounts": (1, "ACC9007"),
                "contacts": (1, "CON9003"),
                "deals": (1, "POT9005"),
            },
        )
        self.assertEqual(records["accounts"].name, "ООО «Ромашка»")
        self.assertEqual(records["contacts"].name, "Иван Петров")
        self.assertEqual(records["leads"].type, "lead")
        self.assertEqual(records["deals"].type, "opportunity")

    def test_new_records_numbered_after_the_imported_ones(self):
        self.import_files(*self.all_files())
        Lead = self.env["crm.lead"].with_user(self.sales_manager)
        Partner = self.env["res.partner"].with_user(self.sales_manager)
        lead = Lead.create({"name": "Новое обращение", "type": "lead", "last_name": "Новиков"})
        deal = Lead.create({"name": "Новая сделка", "type": "opportunity"})
        account = Partner.create({"name": "ООО «Новая»", "is_company": True})
        contact = Partner.create({"name": "Новый Контакт", "parent_id": account.id})
        self.assertGreater(number(lead.lead_no), 9012)
        self.assertGreater(number(deal.deal_no), 9005)
        self.assertGreater(number(account.account_no), 9007)
        self.assertGreater(number(contact.contact_no), 9003)
        for model, fname in (
            ("crm.lead", "lead_no"),
            ("crm.lead", "deal_no"),
            ("res.partner", "account_no"),
            ("res.partner", "contact_no"),
        ):
            self.assertEqual(self.duplicated_numbers(model, fname), [], f"{fname} unique")

    def test_number_used_by_another_record_replaced(self):
        """LEA9012 belongs to a deal (a converted lead keeps its lead number):
        the imported lead gets a new number, with a problem."""
        deal = self.Lead.create({"name": "Сделка из обращения", "type": "opportunity", "lead_no": "LEA9012"})
        result = self.import_files(self.vtiger_file("leads.csv", "leads"))
        self.assertEqual(self.problem_lines(result), [("leads.csv", 2)])
        self.assertIn("LEA9012", self.problem_message(result, "leads.csv", 2))
        self.assertEqual(self.counts(result, "leads"), {"created": 1, "updated": 0, "skipped": 0})
        lead = self.Lead.search([("partner_name", "=", "ООО «Импорт»")])
        self.assertEqual(len(lead), 1)
        self.assertTrue(lead.lead_no.startswith("LEA"))
        self.assertNotEqual(lead.lead_no, "LEA9012")
        self.assertEqual(deal.lead_no, "LEA9012", "the other record keeps its number")

    def test_rerun_updates(self):
        first = self.import_files(*self.all_files())
        self.assertEqual(
            first["kinds"],
            {kind: {"created": 1, "updated": 0, "skipped": 0} for kind in ("leads", "accounts", "contacts", "deals")},
        )
        leads, partners = self.Lead.search_count([]), self.Partner.search_count([])
        second = self.import_files(
            *self.all_files(
                lead={**LEAD_ROW, "phone": "+7 495 765-43-21"},
                account={**ACCOUNT_ROW, "tickersymbol": "Ромашка-М"},
                contact={**CONTACT_ROW, "title": "Генеральный директор"},
                deal={**DEAL_ROW, "amount": "2,000,000.00"},
            )
        )
        self.assertEqual(second["problems"], [])
        self.assertEqual(
            second["kinds"],
            {kind: {"created": 0, "updated": 1, "skipped": 0} for kind in ("leads", "accounts", "contacts", "deals")},
        )
        self.assertEqual(second["crm.lead"], {"created": 0, "updated": 2, "skipped": 0})
        self.assertEqual(second["res.partner"], {"created": 0, "updated": 2, "skipped": 0})
        self.assertEqual((self.Lead.search_count([]), self.Partner.search_count([])), (leads, partners))
        records = self.imported()
        self.assertEqual(records["leads"].phone, "+7 495 765-43-21")
        self.assertEqual(records["accounts"].short_name, "Ромашка-М")
        self.assertEqual(records["contacts"].function, "Генеральный директор")
        self.assertEqual(records["deals"].expected_revenue, 2000000.0)
        self.assertEqual(records["contacts"].parent_id, records["accounts"])
        self.assertEqual(records["deals"].partner_id, records["accounts"])
