import base64
import io
from datetime import date, datetime
from unittest.mock import patch

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VtigerCase

LEAD_HEADER = "Фамилия;Имя;Организация;Мобильный телефон;E-mail;ИНН;Статус обращения;Источник обращения"


def csv_file(header, *rows, separator=";"):
    return "\n".join([header, *rows]).replace(";", separator).encode()


@tagged("post_install", "-at_install")
class TestImport(VtigerCase):
    """Import of leads, accounts and contacts from template files: bad rows
    reported with their lines, nothing half-loaded, duplicates handled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["crm.vtiger.import"]
        cls.Lead = cls.env["crm.lead"]
        cls.Partner = cls.env["res.partner"]

    def wizard(self, kind, content, user=None, filename="import.csv", **options):
        return self.Import.with_user(user or self.sales_manager).create(
            {"kind": kind, "file": base64.b64encode(content), "filename": filename, **options}
        )

    def import_file(self, kind, content, user=None, **options):
        """The engine's result for ``content``, imported as ``user``."""
        Import = self.Import.with_user(user or self.sales_manager)
        rows, _unknown = Import._vtiger_rows_from_file(kind, content, "import.csv")
        return Import._vtiger_import_rows(kind, rows, **options)

    def count_leads(self, company="ООО «Импорт»"):
        return self.Lead.with_context(active_test=False).search_count([("partner_name", "=", company)])

    # ------------------------------------------------------------------
    # Bad rows
    # ------------------------------------------------------------------
    def test_bad_lead_rows_reported_with_their_line(self):
        content = csv_file(
            LEAD_HEADER,
            "Иванов;Пётр;ООО «Импорт»;+7 912 555-77-01;ivanov@import.ru;7707083893;Not Contacted;Cold Call",
            ";Анна;ООО «Импорт»;;;;;",
            "Петров;;ООО «Импорт»;;;7707083894;;",
            "Сидоров;;ООО «Импорт»;12-ab;;;;",
            "Кузнецов;;ООО «Импорт»;;;;Несуществующий статус;",
            "Смирнов;;ООО «Импорт»;;;;;Почтовый голубь",
            "Орлов;;ООО «Импорт»;;not-an-email;;;",
        )
        wizard = self.wizard("leads", content, user=self.sales_user)
        wizard.action_check()
        self.assertEqual(wizard.state, "checked")
        problems = [(problem.line, problem.message) for problem in wizard.problem_ids]
        self.assertEqual(
            problems,
            [
                (3, "the last name is missing"),
                (4, "ООО «Импорт»: INN 7707083894 is not valid: its check digits do not match. Check the number."),
                (5, "Мобильный телефон: “12-ab” is not a phone number"),
                (6, "Статус обращения: unknown value “Несуществующий статус”"),
                (7, "Источник обращения: unknown value “Почтовый голубь”"),
                (8, "E-mail: “not-an-email” is not an e-mail address"),
            ],
        )
        self.assertRecordValues(
            wizard, [{"created_count": 1, "updated_count": 0, "skipped_count": 0, "error_count": 6}]
        )
        self.assertEqual(self.count_leads(), 0, "a check writes nothing")

    def test_bad_account_and_contact_rows(self):
        accounts = csv_file(
            "Контрагент;ИНН;Тип", "ООО «Альфа»;7736050003;Customer", ";7728168971;", "ООО «Бета»;;Чужой"
        )
        result = self.import_file("accounts", accounts, dry_run=True)
        self.assertEqual(result["problems"], [(3, "the name is missing"), (4, "Тип: unknown value “Чужой”")])
        contacts = csv_file(
            "Фамилия;День рождения;Контрагент;Не звонить",
            "Орлова;31.02.1990;;",
            "Львов;01.01.2999;;",
            "Волков;15.04.1985;ООО «Нет такого»;",
            "Зайцев;1985-04-15;;может быть",
            "Лисицын;15/04/1985;;да",
        )
        result = self.import_file("contacts", contacts, dry_run=True)
        self.assertEqual(
            result["problems"],
            [
                (2, "День рождения: “31.02.1990” is not a date (expected e.g. 31.12.1980)"),
                (3, "День рождения: 01.01.2999 is in the future"),
                (4, "Контрагент: unknown value “ООО «Нет такого»”"),
                (5, "Не звонить: “может быть” is neither yes nor no"),
            ],
        )
        self.assertEqual(result["created"], 1)

    def test_nothing_imported_from_a_bad_file(self):
        content = csv_file(LEAD_HEADER, "Иванов;;ООО «Импорт»;;;;;", ";Без фамилии;ООО «Импорт»;;;;;")
        self.assertEqual(self.count_leads(), 0)
        wizard = self.wizard("leads", content, user=self.sales_user)
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "crm.vtiger.import", "the wizard stays open on the report")
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(wizard.error_count, 1)
        self.assertRegex(wizard.summary, "^Nothing was imported: the file has 1 bad rows")
        self.assertEqual(self.count_leads(), 0)

    def test_skip_bad_rows_imports_the_good_ones(self):
        content = csv_file(
            LEAD_HEADER, "Иванов;Пётр;ООО «Импорт»;;;;;", ";Без фамилии;ООО «Импорт»;;;;;", "Петров;;ООО «Импорт»;;;;;"
        )
        wizard = self.wizard("leads", content, user=self.sales_user, skip_bad_rows=True)
        action = wizard.action_import()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["message"],
            "Imported: 2 created, 0 updated, 0 duplicates skipped, 1 bad rows skipped.",
        )
        leads = self.Lead.search([("partner_name", "=", "ООО «Импорт»")], order="id")
        self.assertRecordValues(
            leads,
            [
                {"last_name": "Иванов", "first_name": "Пётр", "type": "lead", "user_id": self.sales_user.id},
                {"last_name": "Петров", "first_name": False, "type": "lead", "user_id": self.sales_user.id},
            ],
        )
        self.assertEqual(leads[0].contact_name, "Пётр Иванов")
        self.assertTrue(leads[0].lead_no.startswith("LEA"))

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------
    def test_values_read_from_the_cells(self):
        """Headers in English, any case and spacing; picklists by name in
        English or Russian; phones formatted; numbers and booleans read."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["crm_vtiger_like"], ["ru_RU"])
        content = csv_file(
            " last  NAME ,lead status,Rating,Annual Revenue,No Of Employees,Email Opt Out,Website,Assigned To,Company",
            'Иванов,Связались,Active,"1 500 000,50",25,да,romashka.ru,vt_rep,ООО «Импорт»',
            "Петров,contacted,Активно,,,0,,Ирина Продажина,ООО «Импорт»",
            separator=",",
        )
        result = self.import_file("leads", content)
        self.assertEqual((result["created"], result["problems"]), (2, []))
        contacted = self.env.ref("crm_vtiger_like.lead_status_contacted")
        active = self.env["crm.vtiger.rating"].search([("name", "=", "Active")])
        leads = self.Lead.search([("partner_name", "=", "ООО «Импорт»")], order="id")
        self.assertRecordValues(
            leads,
            [
                {
                    "last_name": "Иванов",
                    "lead_status_id": contacted.id,
                    "rating_id": active.id,
                    "annual_revenue": 1500000.5,
                    "employee_count": 25,
                    "email_opt_out": True,
                    "website": "https://romashka.ru",
                    "user_id": self.sales_user.id,
                },
                {
                    "last_name": "Петров",
                    "lead_status_id": contacted.id,
                    "rating_id": active.id,
                    "annual_revenue": 0.0,
                    "employee_count": 0,
                    "email_opt_out": False,
                    "website": False,
                    "user_id": self.sales_user.id,
                },
            ],
        )

    def test_xlsx_cells_as_numbers_and_dates(self):
        """Spreadsheets store INNs and phones as numbers and dates as dates."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet()
        for column, header in enumerate(("Фамилия", "Мобильный телефон", "День рождения", "Кол-во сотрудников")):
            sheet.write_string(0, column, header)
        sheet.write_string(1, 0, "Орлова")
        sheet.write_number(1, 1, 89161234500)
        sheet.write_datetime(1, 2, datetime(1985, 4, 15), book.add_format({"num_format": "dd.mm.yyyy"}))
        book.close()
        wizard = self.wizard("contacts", output.getvalue(), filename="contacts.xlsx")
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.created_count), ("done", 1))
        contact = self.Partner.search([("last_name", "=", "Орлова"), ("mobile", "=", "+7 916 123-45-00")])
        self.assertEqual(contact.birthday, date(1985, 4, 15))

    def test_template_example_row_imports(self):
        """The example row of each template, read from the xlsx itself, is a good row."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["base", "crm_vtiger_like"], ["ru_RU"])
        for kind in ("leads", "accounts", "contacts"):
            wizard = self.wizard(kind, self.Import._vtiger_template_xlsx(kind), filename="template.xlsx")
            wizard.action_check()
            self.assertEqual(wizard.problem_ids.mapped("message"), [], kind)
            self.assertRecordValues(wizard, [{"created_count": 1, "error_count": 0, "unknown_headers": ""}])

    def test_numbers_kept_when_unique(self):
        taken = self.Partner.create({"name": "ООО «Старое»", "is_company": True})
        content = csv_file(
            "Контрагент №;Контрагент", "ACC90001;ООО «Первое»", f"{taken.account_no};ООО «Второе»", ";ООО «Третье»"
        )
        result = self.import_file("accounts", content, on_duplicate="create")
        self.assertEqual(result["created"], 3)
        self.assertEqual(
            result["warnings"], [(3, f"number {taken.account_no} is already used: the record gets a new one")]
        )
        first, second, third = self.Partner.browse(result["ids"])
        self.assertEqual(first.account_no, "ACC90001")
        self.assertNotEqual(second.account_no, taken.account_no)
        self.assertTrue(second.account_no.startswith("ACC"))
        self.assertNotIn(third.account_no, ("ACC90001", taken.account_no, second.account_no))

    # ------------------------------------------------------------------
    # Duplicates
    # ------------------------------------------------------------------
    def test_duplicate_phone_in_another_format(self):
        existing = self.Lead.create(
            {
                "name": "Иванов",
                "type": "lead",
                "last_name": "Иванов",
                "mobile": "+7 (912) 345-67-01",
                "partner_name": "ООО «Было»",
            }
        )
        content = csv_file("Фамилия;Телефон;Организация", "Иванов;89123456701;ООО «Стало»")
        with self.subTest("skip"):
            result = self.import_file("leads", content, user=self.sales_manager, on_duplicate="skip")
            self.assertEqual((result["created"], result["updated"], result["skipped"]), (0, 0, 1))
            self.assertEqual(existing.partner_name, "ООО «Было»")
        with self.subTest("update"):
            result = self.import_file("leads", content, on_duplicate="update")
            self.assertEqual((result["created"], result["updated"], result["skipped"]), (0, 1, 0))
            self.assertEqual(result["ids"], existing.ids)
            self.assertRecordValues(existing, [{"partner_name": "ООО «Стало»", "phone": "+7 912 345-67-01"}])
        with self.subTest("create, even when the cards block duplicates"):
            self.env["ir.config_parameter"].set_param("crm_vtiger_like.duplicate_block_leads", "True")
            result = self.import_file("leads", content, on_duplicate="create")
            self.assertEqual((result["created"], result["updated"], result["skipped"]), (1, 0, 0))
            self.assertEqual(existing._vtiger_duplicate_ids()[existing.id], result["ids"])

    def test_duplicate_email_in_another_case(self):
        contact = self.Partner.create({"name": "Анна Орлова", "email": "Orlova@Romashka.ru"})
        content = csv_file("Фамилия;Имя;E-mail;Отдел", "Орлова;Анна;ORLOVA@romashka.RU;Бухгалтерия")
        result = self.import_file("contacts", content, on_duplicate="skip", dry_run=True)
        self.assertEqual((result["created"], result["skipped"]), (0, 1))
        result = self.import_file("contacts", content, on_duplicate="update")
        self.assertEqual((result["updated"], result["ids"]), (1, contact.ids))
        self.assertEqual(contact.department, "Бухгалтерия")

    def test_duplicate_inn(self):
        account = self.Partner.create(
            {
                "name": "ПАО «Сбербанк»",
                "is_company": True,
                "vat": "7707083893",
                "country_id": self.env.ref("base.ru").id,
            }
        )
        content = csv_file("Контрагент;ИНН;КПП", "Сбербанк России;7707 083 893;773601001")
        result = self.import_file("accounts", content, on_duplicate="update")
        self.assertEqual((result["created"], result["updated"]), (0, 1))
        self.assertRecordValues(account, [{"name": "Сбербанк России", "kpp": "773601001"}])
        result = self.import_file("accounts", content, on_duplicate="create")
        self.assertEqual(result["created"], 1)
        self.assertEqual(self.Partner.search_count([("vat", "=", "7707083893"), ("is_company", "=", True)]), 2)

    def test_duplicates_within_the_file(self):
        content = csv_file(
            "Фамилия;Мобильный телефон;Должность;Организация",
            "Иванов;+7 912 000-11-22;;ООО «Импорт»",
            "Иванов;8 (912) 000-11-22;Директор;ООО «Импорт»",
        )
        result = self.import_file("leads", content, on_duplicate="skip")
        self.assertEqual((result["created"], result["skipped"]), (1, 1))
        self.assertEqual(self.count_leads(), 1)
        self.Lead.browse(result["ids"]).unlink()
        result = self.import_file("leads", content, on_duplicate="update")
        self.assertEqual((result["created"], result["updated"]), (1, 1))
        self.assertEqual(self.Lead.browse(result["ids"]).function, "Директор", "the later row completes the first")

    # ------------------------------------------------------------------
    # Access, scale, rollback
    # ------------------------------------------------------------------
    def test_access(self):
        accounts = csv_file("Контрагент", "ООО «Альфа»")
        with self.assertRaisesRegex(AccessError, "Only sales managers and administrators"):
            self.import_file("accounts", accounts, user=self.sales_user)
        with self.assertRaises(AccessError):
            self.import_file("leads", csv_file("Фамилия", "Иванов"), user=self.portal_user)
        self.assertEqual(self.import_file("accounts", accounts)["created"], 1)

    def test_ten_thousand_rows_in_one_call(self):
        header = "Контрагент;Телефон"
        rows = [f"ООО «Массовый {i}»;8495{1000000 + i}" for i in range(10000)]
        result = self.import_file("accounts", csv_file(header, *rows))
        self.assertEqual((result["created"], result["errors"]), (10000, 0))
        self.assertEqual(self.Partner.search_count([("name", "=like", "ООО «Массовый %")]), 10000)
        self.assertEqual(
            self.env["crm.vtiger.phone"]
            .sudo()
            .search_count([("res_model", "=", "res.partner"), ("res_id", "in", result["ids"])]),
            10000,
        )

    def test_rollback_on_failure(self):
        """A failure in the second batch of creations leaves nothing of the first."""
        content = csv_file("Фамилия;Организация", *(f"Иванов {i};ООО «Импорт»" for i in range(1500)))
        Lead = type(self.Lead)
        original = Lead.create
        calls = []

        def failing_create(records, vals_list):
            calls.append(len(vals_list))
            if len(calls) == 2:
                raise ValueError("disk full")
            return original(records, vals_list)

        error = None
        with patch.object(Lead, "create", failing_create):
            try:
                self.import_file("leads", content)
            except UserError as caught:
                error = caught
        self.assertEqual(calls, [1000, 500])
        self.assertEqual(str(error), "The import failed on lines 1002-1501 and nothing was imported: disk full")
        self.assertEqual(self.count_leads(), 0)
