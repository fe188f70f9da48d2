from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestLeadFields(VtigerCase):
    """SPEC 2.1 fields on crm.lead: names, types, defaults and validation."""

    def new_lead(self, **values):
        return (
            self.env["crm.lead"]
            .with_user(self.sales_user)
            .create({"name": "Заявка", "type": "lead", "last_name": "Иванов", **values})
        )

    def test_defaults(self):
        lead = self.new_lead()
        self.assertEqual(lead.lead_status_id, self.env.ref("crm_vtiger_like.lead_status_not_contacted"))
        self.assertFalse(lead.email_opt_out)
        self.assertEqual(lead.employee_count, 0)
        self.assertFalse(lead.last_sms_date)
        self.assertEqual(lead.vtiger_currency_id, lead.company_id.currency_id or self.env.company.currency_id)

    def test_values_are_stored(self):
        lead = self.new_lead(
            first_name="Пётр",
            middle_name="Сергеевич",
            fax="+7 495 000-00-01",
            email_secondary="petr.home@yandex.ru",
            annual_revenue=1500000.0,
            employee_count=12,
            rating_id=self.env.ref("crm_vtiger_like.rating_active").id,
            industry_id=self.env.ref("base.res_partner_industry_F").id,
            vk_url="vk.com/romashka",
            email_opt_out=True,
        )
        self.assertEqual(lead.contact_name, "Пётр Сергеевич Иванов")
        self.assertEqual(lead.vk_url, "https://vk.com/romashka", "a typed address gets its scheme")
        self.assertEqual(lead.annual_revenue, 1500000.0)
        self.assertEqual(lead.industry_id.name, "Construction")

    def test_invalid_urls_refused(self):
        for fname, value in (
            ("vk_url", "не ссылка"),
            ("facebook_url", "https://"),
            ("website", "http://bad host"),
        ):
            with (
                self.subTest(fname=fname),
                self.assertRaisesRegex(ValidationError, "not a valid web address"),
            ):
                self.new_lead(**{fname: value})

    def test_invalid_emails_refused(self):
        for fname, value in (
            ("email_secondary", "petr@"),
            ("email_from", "просто текст"),
            ("email_secondary", "a@b.ru, c@"),
            ("email_from", "Пётр <petr@mail>"),
        ):
            with (
                self.subTest(fname=fname, value=value),
                self.assertRaisesRegex(ValidationError, "valid e-mail"),
            ):
                self.new_lead(**{fname: value})
        lead = self.new_lead(email_from="Пётр <petr@почта.рф>", email_secondary="a@b.ru; c@d.com")
        self.assertEqual(lead.email_normalized, "petr@почта.рф")

    def test_negative_numbers_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.new_lead(employee_count=-1)
        lead = self.new_lead()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            lead.annual_revenue = -10

    def test_errors_name_the_field_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["crm_vtiger_like"], ["ru_RU"])
        lead = self.new_lead().with_context(lang="ru_RU")
        with self.assertRaisesRegex(ValidationError, "^Кол-во сотрудников не может быть отрицательным"):
            lead.employee_count = -3

    def test_deal_keeps_lead_fields(self):
        lead = self.new_lead(
            first_name="Анна", email_secondary="anna@home.ru", vk_url="https://vk.com/anna", employee_count=5
        )
        lead.convert_opportunity(self.env["res.partner"])
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(
            (lead.first_name, lead.last_name, lead.email_secondary, lead.vk_url, lead.employee_count),
            ("Анна", "Иванов", "anna@home.ru", "https://vk.com/anna", 5),
        )
        self.assertTrue(lead.deal_no and lead.lead_no)
