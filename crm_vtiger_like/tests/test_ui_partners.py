from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiPartners(HttpCase, VtigerCase):
    """A sales rep creates an account from CRM > Accounts, is refused a wrong
    INN, and adds a contact from the account card."""

    def test_create_account_with_inn_and_contact(self):
        self.start_tour("/odoo", "crm_vtiger_like_account", login=self.sales_user.login)
        account = self.env["res.partner"].search([("name", "=", "ООО «Тур Контрагент»")])
        self.assertTrue(account.is_company)
        self.assertEqual(account.vat, "7707083893")
        self.assertEqual(account.phone, "+7 912 345-67-89", "saved in the international format")
        self.assertEqual(account.country_id, self.env.company.country_id)
        self.assertTrue(account.account_no.startswith("ACC"))
        contact = account.child_ids
        self.assertEqual((contact.first_name, contact.last_name, contact.name), ("Тамара", "Турова", "Тамара Турова"))
        self.assertTrue(contact.contact_no.startswith("CON"))
        self.assertEqual(contact.vat, account.vat, "the contact shares its account's INN")

    def test_member_of_keeps_the_address(self):
        Partner = self.env["res.partner"]
        group = Partner.create({"name": "АО «Тур Холдинг»", "is_company": True, "city": "Москва"})
        member = Partner.create(
            {"name": "ООО «Тур Дочка»", "is_company": True, "city": "Казань", "street": "ул. Баумана, д. 5"}
        )
        self.start_tour(f"/odoo/res.partner/{member.id}", "crm_vtiger_like_member_of", login=self.sales_user.login)
        self.assertEqual(member.member_of_id, group)
        self.assertEqual((member.city, member.street, member.parent_id), ("Казань", "ул. Баумана, д. 5", Partner))
