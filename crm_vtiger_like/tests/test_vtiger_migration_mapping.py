from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .vtiger_migration_common import ACCOUNT_ROW, DEAL_ROW, LEAD_ROW, VtigerMigrationCase


@tagged("post_install", "-at_install")
class TestVtigerMigrationMapping(VtigerMigrationCase):
    """vtiger export files: module and language recognised from the header,
    every standard column imported into its field, the other columns kept."""

    def test_module_and_language_recognised_from_the_header(self):
        files = [
            self.vtiger_file(f"{module}_{lang}.csv", module, lang=lang)
            for lang in ("en", "ru")
            for module in ("leads", "accounts", "contacts", "deals")
        ]
        analysis = self.analyse_files(*files)
        self.assertEqual(
            [(info["filename"], info["kind"], info["lang"], info["rows"], info["unknown"]) for info in analysis],
            [
                ("leads_en.csv", "leads", "en", 1, []),
                ("accounts_en.csv", "accounts", "en", 1, []),
                ("contacts_en.csv", "contacts", "en", 1, []),
                ("deals_en.csv", "deals", "en", 1, []),
                ("leads_ru.csv", "leads", "ru", 1, []),
                ("accounts_ru.csv", "accounts", "ru", 1, []),
                ("contacts_ru.csv", "contacts", "ru", 1, []),
                ("deals_ru.csv", "deals", "ru", 1, []),
            ],
        )

    def test_vtiger_8_headers_and_byte_order_mark(self):
        """vtiger 8's English labels ("Organization Name") and a UTF-8 BOM."""
        content = (
            '"Organization Number","Organization Name","Primary Phone"\n"ACC9007","ООО «Ромашка»","+7 495 100-20-30"\n'
        )
        [analysis] = self.analyse_files(("organizations.csv", b"\xef\xbb\xbf" + content.encode()))
        self.assertEqual((analysis["kind"], analysis["lang"], analysis["unknown"]), ("accounts", "en", []))
        result = self.import_files(("organizations.csv", b"\xef\xbb\xbf" + content.encode()))
        self.assertEqual(result["problems"], [])
        self.assertRecordValues(self.account("ООО «Ромашка»"), [{"account_no": "ACC9007", "phone": "+7 495 100-20-30"}])

    def test_vtiger_columns_not_imported(self):
        """Created / Modified Time are vtiger's: known columns, not imported, not reported."""
        row = {**LEAD_ROW, "createdtime": "25-12-2020 10:15:00", "modifiedtime": "26-12-2020 11:00:00"}
        file = self.vtiger_file("leads.csv", "leads", row)
        [analysis] = self.analyse_files(file)
        self.assertEqual(analysis["unknown"], [])
        result = self.import_files(file)
        self.assertEqual((result["problems"], result["unmapped"]), ([], []))
        self.assertFalse(self.Lead.search([("lead_no", "=", "LEA9012")]).description)

    def test_unrecognised_or_binary_file_refused(self):
        with self.assertRaisesRegex(UserError, "unknown.csv"):
            self.analyse_files(("unknown.csv", b'"Foo","Bar"\n"1","2"\n'))
        with self.assertRaises(UserError):
            self.analyse_files(("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00"))

    def test_lead_columns(self):
        result = self.import_files(self.vtiger_file("leads.csv", "leads"))
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.counts(result, "leads"), {"created": 1, "updated": 0, "skipped": 0})
        lead = self.Lead.search([("partner_name", "=", "ООО «Импорт»")])
        self.assertRecordValues(
            lead,
            [
                {
                    "type": "lead",
                    "lead_no": "LEA9012",
                    "first_name": "Пётр",
                    "last_name": "Иванов",
                    "phone": "+7 495 123-45-67",
                    "mobile": "+7 916 482-19-73",
                    "email_from": "ivanov@import.ru",
                    "lead_status_id": self.env.ref("crm_vtiger_like.lead_status_attempted_to_contact").id,
                    "source_id": self.env.ref("crm_vtiger_like.utm_source_cold_call").id,
                    "rating_id": self.env.ref("crm_vtiger_like.rating_active").id,
                    "user_id": self.sales_user.id,
                }
            ],
        )

    def test_russian_lead_file(self):
        row = {**LEAD_ROW, "lastname": "Сидоров", "company": "ООО «Русский файл»", "leadstatus": "Hot"}
        result = self.import_files(self.vtiger_file("obrashcheniya.csv", "leads", row, lang="ru"))
        self.assertEqual(result["problems"], [])
        self.assertEqual(result["files"][0]["lang"], "ru")
        lead = self.Lead.search([("partner_name", "=", "ООО «Русский файл»")])
        self.assertRecordValues(
            lead,
            [
                {
                    "first_name": "Пётр",
                    "last_name": "Сидоров",
                    "email_from": "ivanov@import.ru",
                    "lead_status_id": self.env.ref("crm_vtiger_like.lead_status_hot").id,
                    "source_id": self.env.ref("crm_vtiger_like.utm_source_cold_call").id,
                    "user_id": self.sales_user.id,
                }
            ],
        )

    def test_account_columns(self):
        result = self.import_files(self.vtiger_file("accounts.csv", "accounts"))
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.counts(result, "accounts"), {"created": 1, "updated": 0, "skipped": 0})
        self.assertRecordValues(
            self.account("ООО «Ромашка»"),
            [
                {
                    "account_no": "ACC9007",
                    "phone": "+7 495 100-20-30",
                    "phone_other": "+7 495 100-20-31",
                    "email": "info@romashka.ru",
                    "email_secondary": "sales@romashka.ru",
                    "short_name": "Ромашка",
                    "classifier_code": "46.73",
                    "account_type_id": self.env.ref("crm_vtiger_like.account_type_customer").id,
                    "user_id": self.sales_manager.id,
                }
            ],
        )

    def test_contact_columns(self):
        result = self.import_files(
            self.vtiger_file("accounts.csv", "accounts"), self.vtiger_file("contacts.csv", "contacts")
        )
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.counts(result, "contacts"), {"created": 1, "updated": 0, "skipped": 0})
        self.assertRecordValues(
            self.contact("Иван Петров"),
            [
                {
                    "contact_no": "CON9003",
                    "first_name": "Иван",
                    "last_name": "Петров",
                    "parent_id": self.account("ООО «Ромашка»").id,
                    "function": "Директор",
                    "mobile": "+7 916 555-01-23",
                    "email": "petrov@romashka.ru",
                    "birthday": date(1985, 12, 25),
                    "do_not_call": True,
                    "email_opt_out": False,
                }
            ],
        )

    def test_deal_columns_and_amount_formats(self):
        ru_deal = {**DEAL_ROW, "potential_no": "POT9006", "potentialname": "Поставка цемента", "amount": "1 234 567,00"}
        result = self.import_files(
            self.vtiger_file("accounts.csv", "accounts"),
            self.vtiger_file("deals.csv", "deals"),
            self.vtiger_file("sdelki.csv", "deals", ru_deal, lang="ru"),
        )
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.counts(result, "deals"), {"created": 2, "updated": 0, "skipped": 0})
        deals = self.Lead.search([("name", "in", ["Поставка кирпича", "Поставка цемента"])], order="deal_no")
        account = self.account("ООО «Ромашка»")
        self.assertRecordValues(
            deals,
            [
                {
                    "type": "opportunity",
                    "name": "Поставка кирпича",
                    "deal_no": "POT9005",
                    "expected_revenue": 1234567.0,
                    "partner_id": account.id,
                    "date_deadline": date(2026, 3, 31),
                    "user_id": self.sales_user.id,
                },
                {
                    "type": "opportunity",
                    "name": "Поставка цемента",
                    "deal_no": "POT9006",
                    "expected_revenue": 1234567.0,
                    "partner_id": account.id,
                    "date_deadline": date(2026, 3, 31),
                    "user_id": self.sales_user.id,
                },
            ],
        )
        self.assertEqual(deals.stage_id.mapped("is_won"), [True], "Closed Won: a won stage")
        self.assertEqual(deals[0].tag_ids.mapped("name"), ["New Business"])

    def test_missing_picklist_value_created(self):
        row = {**LEAD_ROW, "rating": "Hot"}
        self.assertFalse(self.env["crm.vtiger.rating"].search([("name", "=", "Hot")]))
        result = self.import_files(self.vtiger_file("leads.csv", "leads", row))
        self.assertEqual(result["new_values"], [("Rating", "Hot")])
        hot = self.env["crm.vtiger.rating"].search([("name", "=", "Hot")])
        self.assertEqual(len(hot), 1)
        self.assertEqual(self.Lead.search([("lead_no", "=", "LEA9012")]).rating_id, hot)

    def test_owners_by_name_login_or_importing_user(self):
        rows = [
            {"lastname": "Первый", "company": "ООО «Владельцы»", "assigned_user_id": "Ирина Продажина"},
            {"lastname": "Второй", "company": "ООО «Владельцы»", "assigned_user_id": "vt_rep"},
            {"lastname": "Третий", "company": "ООО «Владельцы»", "assigned_user_id": "Неизвестный Человек"},
        ]
        result = self.import_files(self.vtiger_file("leads.csv", "leads", *rows))
        self.assertEqual(self.problem_lines(result), [("leads.csv", 4)])
        self.assertIn("Неизвестный Человек", self.problem_message(result, "leads.csv", 4))
        leads = self.Lead.search([("partner_name", "=", "ООО «Владельцы»")], order="id")
        self.assertEqual(
            [(lead.last_name, lead.user_id) for lead in leads],
            [("Первый", self.sales_user), ("Второй", self.sales_user), ("Третий", self.sales_manager)],
        )
        self.assertIn("Assigned To: Неизвестный Человек", leads[2].description)

    def test_custom_columns_kept_in_the_description(self):
        row = {**DEAL_ROW, "cf_851": "Да", "Бюджет": "500000", "Канал": "Выставка"}
        deals_file = self.vtiger_file("deals.csv", "deals", row)
        [analysis] = self.analyse_files(deals_file)
        self.assertEqual(analysis["unknown"], ["cf_851", "Бюджет", "Канал"])
        result = self.import_files(deals_file)
        self.assertEqual(result["unmapped"], [("deals.csv", "cf_851"), ("deals.csv", "Бюджет"), ("deals.csv", "Канал")])
        deal = self.Lead.search([("deal_no", "=", "POT9005")])
        for text in ("cf_851: Да", "Бюджет: 500000", "Канал: Выставка"):
            self.assertIn(text, deal.description)

    def test_custom_column_mapped_to_a_field_or_ignored(self):
        row = {**DEAL_ROW, "related_to": "", "amount": "", "cf_851": "Да", "Бюджет": "500 000,00", "Канал": "Выставка"}
        result = self.import_files(
            self.vtiger_file("deals.csv", "deals", row),
            mapping={"deals.csv": {"Бюджет": "expected_revenue", "Канал": ""}},
        )
        self.assertEqual(result["problems"], [])
        self.assertEqual(result["unmapped"], [("deals.csv", "cf_851")])
        deal = self.Lead.search([("deal_no", "=", "POT9005")])
        self.assertEqual(deal.expected_revenue, 500000.0)
        self.assertIn("cf_851: Да", deal.description)
        self.assertNotIn("Бюджет", deal.description)
        self.assertNotIn("Выставка", deal.description)

    def test_multi_select_values(self):
        row = {**DEAL_ROW, "opportunity_type": "New Business |##| Existing Business"}
        self.import_files(self.vtiger_file("deals.csv", "deals", row))
        deal = self.Lead.search([("deal_no", "=", "POT9005")])
        self.assertEqual(sorted(deal.tag_ids.mapped("name")), ["Existing Business", "New Business"])

    def test_shipping_address_is_a_delivery_address(self):
        row = {
            **ACCOUNT_ROW,
            "bill_street": "ул. Тверская, д. 7",
            "bill_city": "Москва",
            "bill_code": "125009",
            "ship_street": "ул. Складская, д. 3",
            "ship_city": "Подольск",
            "ship_code": "142100",
        }
        result = self.import_files(self.vtiger_file("accounts.csv", "accounts", row))
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.counts(result, "accounts"), {"created": 1, "updated": 0, "skipped": 0})
        account = self.account("ООО «Ромашка»")
        self.assertRecordValues(account, [{"street": "ул. Тверская, д. 7", "city": "Москва", "zip": "125009"}])
        delivery = account.child_ids.filtered(lambda child: child.type == "delivery")
        self.assertRecordValues(delivery, [{"street": "ул. Складская, д. 3", "city": "Подольск", "zip": "142100"}])

    def test_billing_address_only_makes_no_delivery_address(self):
        row = {**ACCOUNT_ROW, "bill_street": "ул. Тверская, д. 7", "bill_city": "Москва"}
        self.import_files(self.vtiger_file("accounts.csv", "accounts", row))
        account = self.account("ООО «Ромашка»")
        self.assertEqual(account.city, "Москва")
        self.assertFalse(account.child_ids)

    def test_amounts_in_every_vtiger_number_format(self):
        """vtiger writes amounts in the exporting user's number format."""
        amounts = ["1 234 567,50", "1,234,567.50", "1.234.567,50", "1'234'567.50", "1234567.50", "1234567,50"]
        rows = [
            {**DEAL_ROW, "potential_no": f"POT95{i}", "potentialname": f"Сумма {i}", "amount": amount}
            for i, amount in enumerate(amounts)
        ]
        result = self.import_files(
            self.vtiger_file("accounts.csv", "accounts"), self.vtiger_file("d.csv", "deals", *rows)
        )
        self.assertEqual(result["problems"], [])
        deals = self.Lead.search([("deal_no", "in", [f"POT95{i}" for i in range(6)])], order="deal_no")
        self.assertEqual(deals.mapped("expected_revenue"), [1234567.5] * 6)

    def test_sales_team_as_crm_gives_it(self):
        """The importer looks the owner's team up once per owner, and the
        team's first stage once per team: the team and stage crm computes
        for each lead."""
        team = self.env["crm.team"].create({"name": "Отдел импорта", "member_ids": [(4, self.sales_user.id)]})
        team_stage = self.env["crm.stage"].create({"name": "Входящие отдела", "team_id": team.id, "sequence": 0})
        expected = self.env["crm.lead"].create({"name": "Эталон", "type": "lead", "user_id": self.sales_user.id})
        self.assertEqual(expected.team_id, team)
        self.assertEqual(expected.stage_id, team_stage)
        self.import_files(self.vtiger_file("leads.csv", "leads"))
        lead = self.Lead.search([("lead_no", "=", "LEA9012")])
        self.assertEqual(lead.user_id, self.sales_user)
        self.assertEqual(lead.team_id, team)
        self.assertEqual(lead.stage_id, team_stage)
