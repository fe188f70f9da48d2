import io

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import VtigerCase

LEAD_HEADERS = [
    "Обращение №",
    "Имя",
    "Отчество",
    "Фамилия",
    "Организация",
    "Должность",
    "Телефон",
    "Мобильный телефон",
    "Факс",
    "E-mail",
    "Второй E-mail",
    "Веб-сайт",
    "Источник обращения",
    "Статус обращения",
    "Рейтинг",
    "Отрасль",
    "Годовой доход",
    "Кол-во сотрудников",
    "Ответственный",
    "Адрес",
    "Город",
    "Индекс",
    "Страна",
    "ИНН",
    "ВКонтакте URL",
    "Twitter",
    "Facebook",
    "Не отправлять E-mail",
    "Описание",
]


def read_xlsx(content):
    """The rows of the first sheet of an xlsx file, as lists of cell values."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@tagged("post_install", "-at_install")
class TestImportTemplates(HttpCase, VtigerCase):
    """The xlsx import templates: the Russian labels of the vtiger card,
    served to internal users only, offered by Odoo's import too."""

    def test_lead_template_headers_and_example(self):
        content = self.env["crm.vtiger.import"].with_user(self.sales_user)._vtiger_template_xlsx("leads")
        header, example = read_xlsx(content)
        self.assertEqual(header, LEAD_HEADERS)
        values = dict(zip(header, example, strict=True))
        self.assertEqual(values["Фамилия"], "Иванов")
        self.assertEqual(values["Мобильный телефон"], "8 912 555-01-23")
        self.assertEqual(values["ИНН"], "7707083893")
        self.assertEqual(values["Статус обращения"], "Связались")

    def test_account_and_contact_template_headers(self):
        Import = self.env["crm.vtiger.import"]
        accounts = read_xlsx(Import._vtiger_template_xlsx("accounts"))[0]
        self.assertEqual(accounts[:4], ["Контрагент №", "Контрагент", "Краткое название", "Телефон"])
        for label in ("ИНН", "КПП", "Входит в группу", "Тип", "Форма собственности", "Описание"):
            self.assertIn(label, accounts)
        contacts = read_xlsx(Import._vtiger_template_xlsx("contacts"))[0]
        self.assertEqual(contacts[:5], ["Контакт №", "Имя", "Отчество", "Фамилия", "Контрагент"])
        for label in ("Рабочий тел.", "Мобильный телефон", "Источник обращения", "День рождения", "Не звонить"):
            self.assertIn(label, contacts)

    def test_controller_serves_internal_users(self):
        self.authenticate("vt_rep", "vt_rep")
        response = self.url_open("/crm_vtiger_like/import_template/contacts")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.assertIn("kontakty.xlsx", response.headers["Content-Disposition"])
        self.assertEqual(read_xlsx(response.content)[0][3], "Фамилия")
        self.assertEqual(self.url_open("/crm_vtiger_like/import_template/invoices").status_code, 404)

    def test_controller_refuses_portal_and_public(self):
        self.authenticate("vt_portal", "vt_portal")
        self.assertEqual(self.url_open("/crm_vtiger_like/import_template/leads").status_code, 403)
        self.authenticate(None, None)
        response = self.url_open("/crm_vtiger_like/import_template/leads", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_offered_by_odoo_import(self):
        """Odoo's own templates stay, ours come next to them."""
        lead_templates = self.env["crm.lead"].with_user(self.sales_user).get_import_templates()
        self.assertEqual(
            [template["template"] for template in lead_templates],
            ["/crm/static/xls/crm_lead.xls", "/crm_vtiger_like/import_template/leads"],
        )
        partner_templates = self.env["res.partner"].with_user(self.sales_user).get_import_templates()
        self.assertEqual(
            [template["template"] for template in partner_templates],
            [
                "/base/static/xls/res_partner.xlsx",
                "/crm_vtiger_like/import_template/accounts",
                "/crm_vtiger_like/import_template/contacts",
            ],
        )
        self.assertEqual(partner_templates[1]["label"], "Import Template for vtiger Accounts")
