from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestLeadName(VtigerCase):
    """First / middle / last names and Odoo's contact_name stay in sync both ways."""

    def setUp(self):
        super().setUp()
        self.Lead = self.env["crm.lead"].with_user(self.sales_user)

    def set_order(self, order):
        self.env["res.config.settings"].create({"crm_vtiger_name_order": order}).execute()

    def test_parts_make_the_contact_name(self):
        lead = self.Lead.create(
            {"name": "Заявка", "first_name": "Пётр", "middle_name": "Сергеевич", "last_name": "Иванов"}
        )
        self.assertEqual(lead.contact_name, "Пётр Сергеевич Иванов")
        lead.last_name = "Петров"
        self.assertEqual(lead.contact_name, "Пётр Сергеевич Петров")
        lead.middle_name = False
        self.assertEqual(lead.contact_name, "Пётр Петров")

    def test_contact_name_makes_the_parts(self):
        lead = self.Lead.create({"name": "Заявка", "contact_name": "Анна Мария Петрова"})
        self.assertEqual((lead.first_name, lead.middle_name, lead.last_name), ("Анна", "Мария", "Петрова"))
        lead.contact_name = "Смирнов"
        self.assertEqual((lead.first_name, lead.middle_name, lead.last_name), (False, False, "Смирнов"))

    def test_several_word_parts_are_kept_as_typed(self):
        lead = self.Lead.create({"name": "Заявка", "first_name": "Анна Мария", "last_name": "Ван дер Берг"})
        self.assertEqual(lead.contact_name, "Анна Мария Ван дер Берг")
        self.assertEqual((lead.first_name, lead.middle_name, lead.last_name), ("Анна Мария", False, "Ван дер Берг"))

    def test_form_onchange_composes(self):
        with Form(self.Lead.with_context(default_type="lead")) as form:
            form.name = "Заявка с сайта"
            form.first_name = "Ольга"
            form.last_name = "Смирнова"
            self.assertEqual(form.contact_name, "Ольга Смирнова")
        lead = form.record
        self.assertEqual((lead.first_name, lead.last_name, lead.contact_name), ("Ольга", "Смирнова", "Ольга Смирнова"))

    def test_customer_person_gives_the_name(self):
        person = self.env["res.partner"].create({"name": "Дмитрий Морозов"})
        lead = self.Lead.create({"name": "Заявка", "partner_id": person.id})
        self.assertEqual(
            (lead.first_name, lead.last_name, lead.contact_name), ("Дмитрий", "Морозов", "Дмитрий Морозов")
        )

    def test_last_first_order(self):
        self.set_order("last_first")
        lead = self.Lead.create(
            {"name": "Заявка", "first_name": "Пётр", "middle_name": "Сергеевич", "last_name": "Иванов"}
        )
        self.assertEqual(lead.contact_name, "Иванов Пётр Сергеевич")
        lead.contact_name = "Сидорова Анна Ивановна"
        self.assertEqual((lead.first_name, lead.middle_name, lead.last_name), ("Анна", "Ивановна", "Сидорова"))

    def test_changing_the_order_recomputes_stored_names(self):
        leads = self.Lead.create(
            [
                {
                    "name": f"Заявка {i}",
                    "first_name": "Пётр",
                    "middle_name": "Сергеевич",
                    "last_name": f"Иванов{i}",
                }
                for i in range(3)
            ]
        )
        self.set_order("last_first")
        self.assertEqual(leads.mapped("contact_name"), [f"Иванов{i} Пётр Сергеевич" for i in range(3)])
        self.set_order("first_last")
        self.assertEqual(leads[0].contact_name, "Пётр Сергеевич Иванов0")

    def test_last_name_required_with_a_first_name(self):
        with self.assertRaisesRegex(ValidationError, "last name is required"):
            self.Lead.create({"name": "Без фамилии", "type": "lead", "first_name": "Пётр"})
        lead = self.Lead.create({"name": "Заявка", "type": "lead", "last_name": "Иванов", "first_name": "Пётр"})
        with self.assertRaisesRegex(ValidationError, "last name is required"):
            lead.last_name = False

    def test_import_row_without_last_name_fails_with_its_row(self):
        result = self.Lead.with_context(import_file=True).load(
            ["name", "last_name", "email_from"],
            [["Первая", "Иванов", "ivanov@mail.ru"], ["Вторая", "", "petrov@mail.ru"]],
        )
        self.assertFalse(result["ids"])
        [message] = [m for m in result["messages"] if m["rows"] == {"from": 1, "to": 1}]
        self.assertEqual((message["type"], message["message"]), ("error", "Lead “Вторая”: the last name is required."))

    def test_leads_odoo_creates_get_a_last_name(self):
        from_sender = self.Lead.create({"name": "Письмо", "email_from": '"Иван Петров" <ivan@mail.ru>'})
        self.assertEqual((from_sender.first_name, from_sender.last_name), ("Иван", "Петров"))
        from_address = self.Lead.create({"name": "Письмо", "email_from": "ivan.petrov@mail.ru"})
        self.assertEqual(from_address.last_name, "ivan.petrov")
        self.assertFalse(from_address.contact_name, "Odoo's own contact name is left as Odoo had it")
        from_company = self.Lead.create({"name": "Форма", "partner_name": "ООО Ромашка"})
        self.assertEqual(from_company.last_name, "ООО Ромашка")
        bare = self.Lead.create({"name": "Только тема"})
        self.assertFalse(bare.last_name, "nothing to derive from, and still no failure")

    def test_mail_gateway_lead(self):
        lead = self.env["crm.lead"].message_new(
            {
                "subject": "Нужен расчёт",
                "from": "Мария Кузнецова <maria@example.ru>",
                "to": "sales@example.com",
                "body": "Добрый день",
                "email_from": "Мария Кузнецова <maria@example.ru>",
            }
        )
        self.assertEqual((lead.first_name, lead.last_name), ("Мария", "Кузнецова"))

    def test_name_create(self):
        lead_id, _name = self.Lead.name_create("Олег Тарасов")
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual((lead.first_name, lead.last_name, lead.name), ("Олег", "Тарасов", "Олег Тарасов"))
