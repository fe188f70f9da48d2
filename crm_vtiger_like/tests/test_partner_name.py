from odoo.tests import Form, new_test_user, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestPartnerName(VtigerCase):
    """Persons: first / middle / last name and ``name`` in sync both ways;
    every Odoo flow that only gives ``name`` keeps working."""

    def setUp(self):
        super().setUp()
        self.Partner = self.env["res.partner"].with_user(self.sales_user)

    def parts(self, partner):
        return partner.first_name, partner.middle_name, partner.last_name

    def test_parts_make_the_name(self):
        person = self.Partner.create({"first_name": "Пётр", "middle_name": "Сергеевич", "last_name": "Иванов"})
        self.assertEqual(person.name, "Пётр Сергеевич Иванов")
        person.first_name = "Павел"
        self.assertEqual(person.name, "Павел Сергеевич Иванов")

    def test_name_makes_the_parts(self):
        person = self.Partner.create({"name": "Анна Петрова"})
        self.assertEqual(self.parts(person), ("Анна", False, "Петрова"))
        person.name = "Смирнов"
        self.assertEqual(self.parts(person), (False, False, "Смирнов"), "one word is a last name")

    def test_renamed_copy_takes_its_new_name(self):
        person = self.Partner.create({"first_name": "Пётр", "last_name": "Иванов"})
        copy = person.copy({"name": "Вера Зуева"})
        self.assertEqual((copy.name, *self.parts(copy)), ("Вера Зуева", "Вера", False, "Зуева"))

    def test_companies_untouched(self):
        company = self.Partner.create({"name": "ООО Ромашка и Партнёры", "is_company": True})
        self.assertEqual(self.parts(company), (False, False, False))
        company.name = "АО Ромашка"
        self.assertEqual(company.name, "АО Ромашка")
        self.assertFalse(company.last_name)

    def test_form_composes_the_name(self):
        with Form(self.Partner) as form:
            form.last_name = "Кузнецова"
            form.first_name = "Мария"
            self.assertEqual(form.name, "Мария Кузнецова")
        self.assertEqual(form.record.name, "Мария Кузнецова")

    def test_child_contact_of_an_account(self):
        account = self.Partner.create({"name": "ООО Ромашка", "is_company": True})
        account.write({"child_ids": [(0, 0, {"type": "contact", "last_name": "Орлова", "first_name": "Марина"})]})
        person = account.child_ids
        self.assertEqual((person.name, person.last_name), ("Марина Орлова", "Орлова"))
        self.assertEqual(person.complete_name, "ООО Ромашка, Марина Орлова")

    def test_name_create_user_and_import_split(self):
        partner_id, _name = self.Partner.name_create("Игорь Белов <belov@example.ru>")
        self.assertEqual(self.parts(self.env["res.partner"].browse(partner_id)), ("Игорь", False, "Белов"))
        user = new_test_user(self.env, login="vt_new", name="Сергей Лебедев")
        self.assertEqual(self.parts(user.partner_id), ("Сергей", False, "Лебедев"))
        result = self.env["res.partner"].load(["name", "email"], [["Ольга Юрьевна Зайцева", "olga@example.ru"]])
        self.assertEqual(self.parts(self.env["res.partner"].browse(result["ids"])), ("Ольга", "Юрьевна", "Зайцева"))

    def test_portal_signup_splits_the_name(self):
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        user = (
            self.env["res.users"]
            .sudo()
            ._signup_create_user(
                {"name": "Вера Зуева", "login": "zueva@example.ru", "email": "zueva@example.ru", "password": "x" * 10}
            )
        )
        self.assertEqual(self.parts(user.partner_id), ("Вера", False, "Зуева"))

    def test_last_first_order_and_recompute(self):
        person = self.Partner.create({"first_name": "Пётр", "middle_name": "Сергеевич", "last_name": "Иванов"})
        account = self.Partner.create({"name": "ООО Ромашка", "is_company": True})
        person.parent_id = account
        self.env["res.config.settings"].create({"crm_vtiger_name_order": "last_first"}).execute()
        self.assertEqual(person.name, "Иванов Пётр Сергеевич")
        self.assertEqual(person.complete_name, "ООО Ромашка, Иванов Пётр Сергеевич")
        self.assertEqual(account.name, "ООО Ромашка")
        other = self.Partner.create({"name": "Сидорова Анна Ивановна"})
        self.assertEqual(self.parts(other), ("Анна", "Ивановна", "Сидорова"))
