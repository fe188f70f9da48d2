from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestLeadConversion(VtigerCase):
    """Lead -> account + contact (+ deal) through Odoo's conversion wizards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Заявка на кирпич",
                "type": "lead",
                "user_id": cls.sales_user.id,
                "first_name": "Олег",
                "middle_name": "Игоревич",
                "last_name": "Тарасов",
                "partner_name": "ООО «ВолгаТранс»",
                "vat": "1650001236",
                "function": "Директор",
                "phone": "8 (843) 250-17-29",
                "mobile": "+7 917 123-45-67",
                "fax": "8 843 250 17 30",
                "email_from": "tarasov@volgatrans.ru",
                "email_secondary": "oleg.tarasov@mail.ru",
                "website": "https://volgatrans.ru",
                "industry_id": cls.env.ref("base.res_partner_industry_H").id,
                "annual_revenue": 350000000,
                "employee_count": 120,
                "rating_id": cls.env.ref("crm_vtiger_like.rating_active").id,
                "vk_url": "https://vk.com/volgatrans",
                "email_opt_out": True,
                "source_id": cls.env.ref("crm_vtiger_like.utm_source_2gis").id,
                "street": "ул. Баумана, д. 1",
                "city": "Казань",
                "zip": "420111",
                "country_id": cls.env.ref("base.ru").id,
                "description": "<p>Регулярные перевозки</p>",
            }
        )
        cls.lead.message_post(body="Первый звонок")
        cls.env["ir.attachment"].create({"name": "ТЗ.pdf", "res_model": "crm.lead", "res_id": cls.lead.id})

    def wizard(self, lead, user=None, **values):
        wizard_form = Form(
            self.env["crm.lead2opportunity.partner"]
            .with_user(user or self.sales_user)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
        )
        for fname, value in values.items():
            setattr(wizard_form, fname, value)
        return wizard_form.save()

    def test_convert_creates_account_contact_and_deal(self):
        lead_no = self.lead.lead_no
        wizard = self.wizard(self.lead)
        self.assertEqual((wizard.vtiger_account_action, wizard.vtiger_contact_action), ("create", "create"))
        self.assertIn("A new account ООО «ВолгаТранс» will be created", wizard.vtiger_preview)
        wizard.action_apply()
        lead = self.lead
        contact, account = lead.partner_id, lead.partner_id.parent_id
        self.assertEqual((lead.type, lead.lead_no), ("opportunity", lead_no))
        self.assertTrue(lead.deal_no.startswith("POT"))
        # account: the organization's values
        self.assertTrue(account.is_company)
        self.assertEqual(
            (
                account.name,
                account.vat,
                account.phone,
                account.fax,
                account.website,
                account.industry_id,
                account.annual_revenue,
                account.employee_count,
                account.rating_id,
                account.city,
                account.country_id,
                account.user_id,
            ),
            (
                "ООО «ВолгаТранс»",
                "1650001236",
                "8 (843) 250-17-29",
                "8 843 250 17 30",
                "https://volgatrans.ru",
                lead.industry_id,
                350000000,
                120,
                lead.rating_id,
                "Казань",
                lead.country_id,
                self.sales_user,
            ),
        )
        self.assertFalse(account.email, "the person's e-mail goes to the contact")
        # contact: the person's values
        self.assertEqual(
            (
                contact.first_name,
                contact.middle_name,
                contact.last_name,
                contact.function,
                contact.mobile,
                contact.email,
                contact.email_secondary,
                contact.source_id,
                contact.vk_url,
                contact.email_opt_out,
            ),
            (
                "Олег",
                "Игоревич",
                "Тарасов",
                "Директор",
                "+7 917 123-45-67",
                "tarasov@volgatrans.ru",
                "oleg.tarasov@mail.ru",
                lead.source_id,
                "https://vk.com/volgatrans",
                True,
            ),
        )
        self.assertEqual(contact.city, "Казань", "the contact lives at its account's address")
        self.assertIn("Регулярные перевозки", contact.comment)
        for partner in (account, contact):
            self.assertTrue(partner.converted_from_lead)
            self.assertEqual(partner.source_lead_id, lead)
            self.assertIn(lead_no, partner.message_ids[0].body)
            self.assertIn(lead, partner.opportunity_ids | partner.child_ids.opportunity_ids)
        self.assertIn("Первый звонок", "".join(lead.message_ids.mapped("body")), "the deal keeps the lead's chatter")
        self.assertEqual(
            self.env["ir.attachment"].search_count([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]), 1
        )

    def test_without_company_a_contact_only(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Частное лицо",
                "last_name": "Зуева",
                "first_name": "Вера",
                "user_id": self.sales_user.id,
                "website": "https://zueva.ru",
                "vat": "500100732185",
                "country_id": self.env.ref("base.ru").id,
            }
        )
        wizard = self.wizard(lead)
        self.assertEqual(wizard.vtiger_account_action, "none")
        wizard.action_apply()
        person = lead.partner_id
        self.assertFalse(person.is_company)
        self.assertFalse(person.parent_id)
        self.assertEqual((person.name, person.website, person.vat), ("Вера Зуева", "https://zueva.ru", "500100732185"))

    def test_without_deal_the_lead_is_archived_as_converted(self):
        call = self.lead.activity_schedule(
            "mail.mail_activity_data_call", summary="Перезвонить", user_id=self.sales_user.id
        )
        self.wizard(self.lead, vtiger_create_deal=False).action_apply()
        lead = self.lead.with_context(active_test=False)
        self.assertTrue(lead.exists())
        self.assertFalse(lead.active)
        self.assertEqual(lead.type, "lead")
        self.assertTrue(lead.date_conversion and lead.is_converted)
        self.assertFalse(lead.deal_no)
        self.assertTrue(lead.partner_id.source_lead_id == lead)
        self.assertEqual(
            (call.exists().res_model, call.res_id),
            ("res.partner", lead.partner_id.id),
            "archiving would delete the open activity: it moved to the contact",
        )
        self.assertNotIn(lead, self.env["crm.lead"].search([("type", "=", "lead")]), "it left the Leads list")

    def test_existing_records_proposed_and_completed_not_overwritten(self):
        account = self.env["res.partner"].create(
            {"name": "ВолгаТранс", "is_company": True, "website": "https://old.ru"}
        )
        contact = self.env["res.partner"].create(
            {
                "name": "Тарасов О.",
                "parent_id": account.id,
                "mobile": "8 917 1234567",
                "function": "",
            }
        )
        wizard = self.wizard(self.lead)
        self.assertEqual((wizard.vtiger_contact_action, wizard.vtiger_contact_id), ("exist", contact))
        self.assertEqual((wizard.vtiger_account_action, wizard.vtiger_account_id), ("exist", account))
        self.assertIn("will be completed with", wizard.vtiger_preview)
        self.assertIn("matches the lead by: phone", wizard.vtiger_preview)
        self.assertIn("Job Position", wizard.vtiger_preview)
        partners = self.env["res.partner"].search_count([])
        wizard.action_apply()
        self.assertEqual(self.env["res.partner"].search_count([]), partners, "nothing created")
        self.assertEqual(account.website, "https://old.ru", "existing values are kept")
        self.assertEqual(account.employee_count, 120, "empty ones are filled")
        self.assertEqual((contact.name, contact.function), ("Тарасов О.", "Директор"))
        self.assertEqual(self.lead.partner_id, contact)
        self.assertFalse(contact.converted_from_lead, "it was not made from the lead")

    def test_inn_finds_the_account_under_another_name(self):
        account = self.env["res.partner"].create(
            {"name": "Транспортная компания Волга", "is_company": True, "vat": "RU 1650001236"}
        )
        self.env["res.partner"].create({"name": "Бухгалтер Волги", "parent_id": account.id})
        wizard = self.wizard(self.lead)
        self.assertEqual((wizard.vtiger_account_action, wizard.vtiger_account_id), ("exist", account))
        self.assertEqual(wizard.vtiger_contact_action, "create", "the account's contacts carry its INN, not a match")
        self.assertIn("Транспортная компания Волга matches the lead by: INN.", wizard.vtiger_preview)
        wizard.action_apply()
        self.assertEqual(self.lead.partner_id.parent_id, account)
        self.assertEqual(account.name, "Транспортная компания Волга", "the existing name is kept")

    def test_converting_twice_never_duplicates(self):
        self.wizard(self.lead).action_apply()
        again = self.env["crm.lead"].create(
            {
                "name": "Повторная заявка",
                "last_name": "Тарасов",
                "first_name": "Олег",
                "user_id": self.sales_user.id,
                "partner_name": "ООО «ВолгаТранс»",
                "phone": "+7 843 2501729",
                "email_from": "TARASOV@volgatrans.ru",
            }
        )
        partners = self.env["res.partner"].search_count([])
        wizard = self.wizard(again)
        self.assertEqual(wizard.name, "merge", "Odoo proposes to merge it with the deal of the same e-mail")
        wizard.name = "convert"
        wizard.action_apply()
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(again.partner_id, self.lead.partner_id)

    def test_bad_input_changes_nothing(self):
        nobody = self.env["crm.lead"].create({"name": "Без имени", "user_id": self.sales_user.id})
        with self.assertRaisesRegex(UserError, "neither a last name nor an organization"):
            self.wizard(nobody).action_apply()
        self.wizard(self.lead).action_apply()
        with self.assertRaisesRegex(UserError, "already converted"):
            self.wizard(self.lead).action_apply()

    def test_failure_rolls_back_everything(self):
        partners = self.env["res.partner"].search_count([])
        with (
            patch.object(type(self.env["crm.lead"]), "_vtiger_post_conversion_notes", side_effect=RuntimeError("boom")),
            self.assertRaises(RuntimeError),
        ):
            self.wizard(self.lead).action_apply()
        self.env.invalidate_all()
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual((self.lead.type, self.lead.partner_id.id, self.lead.deal_no), ("lead", False, False))

    def test_mass_conversion(self):
        leads = self.lead | self.env["crm.lead"].create(
            [
                {
                    "name": "Заявка 2",
                    "last_name": "Белова",
                    "partner_name": "ООО «Светлый дом»",
                    "phone": "+7 916 555-12-12",
                    "user_id": self.sales_user.id,
                },
                {
                    "name": "Заявка 3",
                    "last_name": "Тарасов",
                    "first_name": "Олег",
                    "email_from": "tarasov@volgatrans.ru",
                    "user_id": self.sales_user.id,
                },
            ]
        )
        wizard = Form(
            self.env["crm.lead2opportunity.partner.mass"]
            .with_user(self.sales_manager)
            .with_context(active_model="crm.lead", active_ids=leads.ids, active_id=leads[0].id)
        ).save()
        wizard.deduplicate = False
        wizard.action_mass_convert()
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertTrue(all(leads.mapped("deal_no")))
        self.assertEqual(leads[2].partner_id, leads[0].partner_id, "the third lead's person was found, not doubled")
        self.assertEqual(leads[1].partner_id.parent_id.name, "ООО «Светлый дом»")

    def test_odoo_matching_goes_through_the_indexes(self):
        person = self.env["res.partner"].create({"name": "Олег Тарасов", "mobile": "+7 917 1234567"})
        self.assertEqual(
            self.lead._find_matching_partner(email_only=True),
            person,
            "found by phone in another format, which Odoo's e-mail match would miss",
        )
