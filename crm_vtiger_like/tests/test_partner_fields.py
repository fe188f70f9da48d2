from ast import literal_eval

from lxml import etree

from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestPartnerFields(VtigerCase):
    """SPEC 2.2 / 2.3 fields on res.partner, and where the card shows them."""

    def test_kpp_follows_the_account(self):
        account = self.env["res.partner"].create({"name": "ООО Ромашка", "is_company": True, "kpp": "770301001"})
        person = self.env["res.partner"].create({"name": "Пётр Иванов", "parent_id": account.id})
        self.assertEqual(person.kpp, "770301001", "a contact carries its account's KPP")

    def test_account_and_contact_blocks_by_kind(self):
        arch = etree.fromstring(self.env["res.partner"].get_view(self.env.ref("base.view_partner_form").id)["arch"])
        [account_page] = arch.xpath("//page[@name='vtiger_account']")
        [contact_page] = arch.xpath("//page[@name='vtiger_contact']")
        self.assertEqual(account_page.get("invisible"), "not is_company")
        self.assertEqual(contact_page.get("invisible"), "is_company")
        for fname in ("kpp", "ownership", "account_type_id", "classifier_code", "short_name"):
            self.assertTrue(account_page.xpath(f".//field[@name='{fname}']"), fname)
            self.assertFalse(contact_page.xpath(f".//field[@name='{fname}']"), fname)
        for fname in ("birthday", "department", "reports_to_id", "phone_home", "do_not_call", "assistant_name"):
            self.assertTrue(contact_page.xpath(f".//field[@name='{fname}']"), fname)
            self.assertFalse(account_page.xpath(f".//field[@name='{fname}']"), fname)

    def test_account_type_picklist(self):
        types = self.env["crm.account.type"].search([])
        self.assertEqual(
            set(types.mapped("name")),
            {
                "Analyst",
                "Competitor",
                "Customer",
                "Integrator",
                "Investor",
                "Partner",
                "Press",
                "Prospect",
                "Reseller",
                "Other",
            },
        )
        account = (
            self.env["res.partner"]
            .with_user(self.sales_user)
            .create(
                {
                    "name": "ООО Ромашка",
                    "is_company": True,
                    "account_type_id": self.env.ref("crm_vtiger_like.account_type_customer").id,
                }
            )
        )
        self.assertEqual(account.account_type_id.name, "Customer")

    def test_actual_address_and_counts(self):
        account = self.env["res.partner"].create({"name": "ООО Склады", "is_company": True})
        person = self.env["res.partner"].create({"name": "Олег Складов", "parent_id": account.id})
        depot = self.env["res.partner"].create({"name": "Склад", "parent_id": account.id, "type": "delivery"})
        self.env["ir.attachment"].create({"name": "договор.pdf", "res_model": "res.partner", "res_id": account.id})
        account.activity_schedule("mail.mail_activity_data_call", user_id=self.sales_user.id)
        self.assertEqual(account.actual_address_id, depot)
        self.assertEqual(
            (account.vtiger_contact_count, account.vtiger_document_count, account.vtiger_activity_count), (1, 1, 1)
        )
        action = account.action_view_vtiger_contacts()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), person)
        self.assertEqual(len(self.env["ir.attachment"].search(account.action_view_vtiger_documents()["domain"])), 1)
        self.assertEqual(len(self.env["mail.activity"].search(account.action_view_vtiger_activities()["domain"])), 1)

    def test_menus_list_accounts_and_contacts(self):
        accounts = self.env.ref("crm_vtiger_like.action_crm_accounts")
        contacts = self.env.ref("crm_vtiger_like.action_crm_contacts")
        Partner = self.env["res.partner"].with_user(self.sales_user)
        found = Partner.search(literal_eval(accounts.domain))
        self.assertTrue(found and all(found.mapped("is_company")))
        found = Partner.search(literal_eval(contacts.domain))
        self.assertTrue(found and not any(found.mapped("is_company")))
        self.assertEqual(set(found.mapped("type")), {"contact"})
