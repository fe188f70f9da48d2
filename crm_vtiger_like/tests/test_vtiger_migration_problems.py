from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .vtiger_migration_common import ACCOUNT_ROW, LEAD_ROW, VtigerMigrationCase


@tagged("post_install", "-at_install")
class TestVtigerMigrationProblems(VtigerMigrationCase):
    """Bad rows reported with their file and line, duplicates of existing
    records, dry runs, all-or-nothing imports and who may import."""

    def files(self):
        """A batch with leads, accounts, contacts and deals (no numbers, so
        that a real import draws them), one lead row without a last name."""
        leads = [
            {"firstname": "Пётр", "lastname": "Иванов", "company": "ООО «Пробный»", "rating": "Hot"},
            {"firstname": "Анна", "lastname": "", "company": "ООО «Пробный»"},
            {"lastname": "Сидоров", "company": "ООО «Пробный»", "cf_851": "Да"},
        ]
        account = {
            "accountname": "ООО «Пробный»",
            "phone": "+7 495 300-40-50",
            "website": "probny.ru",
            "tickersymbol": "Пробный",
        }
        contact = {"firstname": "Олег", "lastname": "Пробный", "account_id": "Accounts::::ООО «Пробный»"}
        deal = {"potentialname": "Пробная сделка", "related_to": "Accounts::::ООО «Пробный»", "amount": "1000"}
        return [
            self.vtiger_file("leads.csv", "leads", *leads),
            self.vtiger_file("accounts.csv", "accounts", account),
            self.vtiger_file("contacts.csv", "contacts", contact),
            self.vtiger_file("deals.csv", "deals", deal),
        ]

    def database_counts(self):
        return self.Lead.search_count([]), self.Partner.search_count([])

    # ------------------------------------------------------------------
    # Dry run
    # ------------------------------------------------------------------
    def test_dry_run_writes_nothing_and_reports_the_same(self):
        counts, sequences = self.database_counts(), self.sequence_next()
        dry = self.import_files(*self.files(), dry_run=True)
        self.assertEqual(self.database_counts(), counts)
        self.assertEqual(self.sequence_next(), sequences, "no number drawn")
        self.assertFalse(self.env["crm.vtiger.rating"].search([("name", "=", "Hot")]), "no picklist value created")
        self.assertTrue(dry["dry_run"])
        real = self.import_files(*self.files())
        self.assertFalse(real["dry_run"])
        for key in ("crm.lead", "res.partner", "kinds", "problems", "new_values", "unmapped"):
            self.assertEqual(dry[key], real[key], key)
        self.assertEqual(real["crm.lead"], {"created": 3, "updated": 0, "skipped": 1})
        self.assertEqual(real["res.partner"], {"created": 2, "updated": 0, "skipped": 0})
        self.assertEqual(real["new_values"], [("Rating", "Hot")])
        self.assertEqual(real["unmapped"], [("leads.csv", "cf_851")])
        self.assertEqual(self.database_counts(), (counts[0] + 3, counts[1] + 2))

    # ------------------------------------------------------------------
    # Bad rows
    # ------------------------------------------------------------------
    def test_lead_without_last_name_skipped(self):
        result = self.import_files(*self.files())
        self.assertEqual(self.problem_lines(result), [("leads.csv", 3)])
        self.assertRegex(self.problem_message(result, "leads.csv", 3), "(?i)skipped")
        self.assertEqual(self.counts(result, "leads"), {"created": 2, "updated": 0, "skipped": 1})
        self.assertEqual(
            sorted(
                self.Lead.search([("partner_name", "=", "ООО «Пробный»"), ("type", "=", "lead")]).mapped("last_name")
            ),
            ["Иванов", "Сидоров"],
        )

    def test_lines_are_lines_of_the_file(self):
        """A description over two lines: the next row starts on line 4."""
        rows = [
            {**LEAD_ROW, "description": "Просит перезвонить\nпосле обеда"},
            {"lastname": "", "company": "ООО «Импорт»"},
        ]
        result = self.import_files(self.vtiger_file("leads.csv", "leads", *rows))
        self.assertEqual(self.problem_lines(result), [("leads.csv", 4)])
        self.assertEqual(self.counts(result, "leads"), {"created": 1, "updated": 0, "skipped": 1})

    def test_invalid_inn_kept_in_the_description(self):
        rows = [
            {**ACCOUNT_ROW, "INN": "7707083894"},
            {"accountname": "ООО «Верный ИНН»", "INN": "7707083893"},
        ]
        result = self.import_files(self.vtiger_file("accounts.csv", "accounts", *rows))
        self.assertEqual(self.problem_lines(result), [("accounts.csv", 2)])
        self.assertIn("7707083894", self.problem_message(result, "accounts.csv", 2))
        self.assertEqual(self.counts(result, "accounts"), {"created": 2, "updated": 0, "skipped": 0})
        account = self.account("ООО «Ромашка»")
        self.assertFalse(account.vat)
        self.assertIn("INN: 7707083894", account.comment)
        self.assertEqual(self.account("ООО «Верный ИНН»").vat, "7707083893")

    def test_invalid_email_and_phone_kept_in_the_description(self):
        rows = [
            {**LEAD_ROW, "email": "not-an-email"},
            {
                **LEAD_ROW,
                "lead_no": "LEA9013",
                "lastname": "Петров",
                "email": "petrov@import.ru",
                "phone": "12-ab",
                "mobile": "+7 916 482-19-74",
            },
        ]
        result = self.import_files(self.vtiger_file("leads.csv", "leads", *rows))
        self.assertEqual(self.problem_lines(result), [("leads.csv", 2), ("leads.csv", 3)])
        self.assertIn("not-an-email", self.problem_message(result, "leads.csv", 2))
        self.assertIn("12-ab", self.problem_message(result, "leads.csv", 3))
        self.assertEqual(self.counts(result, "leads"), {"created": 2, "updated": 0, "skipped": 0})
        ivanov, petrov = (self.Lead.search([("lead_no", "=", number)]) for number in ("LEA9012", "LEA9013"))
        self.assertFalse(ivanov.email_from)
        self.assertIn("Email: not-an-email", ivanov.description)
        self.assertIn("Phone: 12-ab", petrov.description or "")
        self.assertEqual(petrov.email_from, "petrov@import.ru")

    # ------------------------------------------------------------------
    # Duplicates of existing records
    # ------------------------------------------------------------------
    def duplicates(self, on_duplicate):
        """Three existing accounts and a file with a duplicate of each: by
        the phone in another format, by the e-mail, by the INN."""
        existing = self.Partner.create(
            [
                {"name": "ООО «Телефон»", "is_company": True, "phone": "+7 495 111-22-33"},
                {"name": "ООО «Почта»", "is_company": True, "email": "info@pochta-test.ru"},
                {"name": "ООО «Налог»", "is_company": True, "vat": "7736050003"},
            ]
        )
        rows = [
            {"accountname": "Телефон (vtiger)", "phone": "8 (495) 111-22-33", "tickersymbol": "Телефон"},
            {"accountname": "Почта (vtiger)", "email1": "Info@Pochta-Test.ru", "tickersymbol": "Почта"},
            {"accountname": "Налог (vtiger)", "INN": "7736050003", "tickersymbol": "Налог"},
        ]
        result = self.import_files(self.vtiger_file("accounts.csv", "accounts", *rows), on_duplicate=on_duplicate)
        imported = self.Partner.search([("name", "like", "(vtiger)"), ("id", "not in", existing.ids)])
        return existing, imported, result

    def test_duplicates_skipped(self):
        existing, imported, result = self.duplicates("skip")
        self.assertEqual(self.problem_lines(result), [("accounts.csv", 2), ("accounts.csv", 3), ("accounts.csv", 4)])
        self.assertEqual(self.counts(result, "accounts"), {"created": 0, "updated": 0, "skipped": 3})
        self.assertFalse(imported)
        self.assertEqual(existing.mapped("short_name"), [False, False, False])

    def test_duplicates_updated(self):
        existing, imported, result = self.duplicates("update")
        self.assertEqual(self.counts(result, "accounts"), {"created": 0, "updated": 3, "skipped": 0})
        self.assertFalse(imported)
        self.assertEqual(existing.mapped("short_name"), ["Телефон", "Почта", "Налог"])

    def test_duplicates_created(self):
        existing, imported, result = self.duplicates("create")
        self.assertEqual(self.counts(result, "accounts"), {"created": 3, "updated": 0, "skipped": 0})
        self.assertEqual(sorted(imported.mapped("name")), ["Налог (vtiger)", "Почта (vtiger)", "Телефон (vtiger)"])
        self.assertEqual(existing.mapped("short_name"), [False, False, False])

    # ------------------------------------------------------------------
    # All or nothing
    # ------------------------------------------------------------------
    def test_failure_in_the_last_file_leaves_nothing(self):
        """The deals (written last) fail: the accounts, contacts and leads
        written before them are gone too."""
        counts = self.database_counts()
        Lead = self.env.registry["crm.lead"]
        create = Lead.create

        def create_failing_on_deals(records, vals_list):
            if any(
                vals.get("type") == "opportunity"
                for vals in ([vals_list] if isinstance(vals_list, dict) else vals_list)
            ):
                raise ValueError("disk full")
            return create(records, vals_list)

        try:
            with patch.object(Lead, "create", create_failing_on_deals):
                self.import_files(*self.files())
        except UserError as error:
            message = str(error)
        else:
            self.fail("the import of the deals should have failed")
        self.env.invalidate_all()
        self.assertEqual(self.database_counts(), counts, "nothing of any file is left")
        self.assertFalse(self.account("ООО «Пробный»"))
        self.assertFalse(self.contact("Олег Пробный"))
        self.assertFalse(self.Lead.search([("partner_name", "=", "ООО «Пробный»")]))
        self.assertIn("deals.csv", message, "the message names the file that failed")
        self.assertIn("disk full", message)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_only_managers_import(self):
        files = [self.vtiger_file("accounts.csv", "accounts")]
        for user in (self.sales_user, self.portal_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.import_files(*files, user=user)
                with self.assertRaises(AccessError):
                    self.analyse_files(*files, user=user)
        self.assertFalse(self.account("ООО «Ромашка»"))
        result = self.import_files(*files, user=self.sales_manager)
        self.assertEqual(self.counts(result, "accounts"), {"created": 1, "updated": 0, "skipped": 0})
        self.assertEqual(self.account("ООО «Ромашка»").create_uid, self.sales_manager)
