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
                "+7 843 250-17-29",  # phones are saved in the international format
                "+7 843 250-17-30",
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
        """A failure late in the conversion (after the account, contact and deal
        are written) leaves the database as it was: the conversion's own
        savepoint undoes it, not a savepoint of the test."""
        wizard = self.wizard(self.lead)
        Lead = type(self.env["crm.lead"])
        try:
            with patch.object(Lead, "_vtiger_post_conversion_notes", side_effect=RuntimeError("boom")):
                wizard.action_apply()
        except RuntimeError as error:
            self.assertEqual(str(error), "boom")
        else:
            self.fail("the injected failure did not happen")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT name FROM res_partner WHERE name = %s OR email = %s OR source_lead_id = %s",
            ["ООО «ВолгаТранс»", "tarasov@volgatrans.ru", self.lead.id],
        )
        self.assertEqual(self.env.cr.fetchall(), [], "no account nor contact is left")
        self.env.cr.execute(
            "SELECT type, partner_id, deal_no, active, date_conversion FROM crm_lead WHERE id = %s", [self.lead.id]
        )
        self.assertEqual(self.env.cr.fetchall(), [("lead", None, None, True, None)], "the lead is untouched")

    def test_nothing_to_convert_to_is_refused(self):
        """No account, no contact and no deal: vtiger refuses (an account or a
        contact must be made) and nothing changes."""
        call = self.lead.activity_schedule(
            "mail.mail_activity_data_call", summary="Перезвонить", user_id=self.sales_user.id
        )
        wizard = self.wizard(
            self.lead, vtiger_account_action="none", vtiger_contact_action="none", vtiger_create_deal=False
        )
        try:
            wizard.action_apply()
        except UserError as error:
            self.assertIn("must create or link an account or a contact", str(error))
        else:
            self.fail("the conversion to nothing was accepted")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT active, type, partner_id, date_conversion FROM crm_lead WHERE id = %s", [self.lead.id]
        )
        self.assertEqual(self.env.cr.fetchall(), [(True, "lead", None, None)], "neither archived nor linked")
        self.env.cr.execute("SELECT res_model FROM mail_activity WHERE id = %s", [call.id])
        self.assertEqual(self.env.cr.fetchall(), [("crm.lead",)], "its activity stayed")
        self.env.cr.execute("SELECT id FROM res_partner WHERE source_lead_id = %s", [self.lead.id])
        self.assertEqual(self.env.cr.fetchall(), [])
        # an account alone, or a contact alone, is enough
        self.wizard(self.lead, vtiger_account_action="none", vtiger_create_deal=False).action_apply()
        self.assertEqual(self.lead.with_context(active_test=False).partner_id.name, "Олег Игоревич Тарасов")

    def mass_wizard(self, leads):
        """Odoo's mass conversion of ``leads`` by the sales manager, without its lead merge."""
        wizard = Form(
            self.env["crm.lead2opportunity.partner.mass"]
            .with_user(self.sales_manager)
            .with_context(active_model="crm.lead", active_ids=leads.ids, active_id=leads[0].id)
        ).save()
        wizard.deduplicate = False
        return wizard

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
        wizard = self.mass_wizard(leads)
        Lead = type(self.env["crm.lead"])
        with patch.object(
            Lead, "_vtiger_conversion_matches", autospec=True, side_effect=Lead._vtiger_conversion_matches
        ) as lookup:
            wizard.action_mass_convert()
        self.assertEqual(
            [call.args[0] for call in lookup.call_args_list],
            [leads[:2], leads[2:]],
            "looked up together, but after the lead of the same e-mail",
        )
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertTrue(all(leads.mapped("deal_no")))
        self.assertEqual(leads[2].partner_id, leads[0].partner_id, "the third lead's person was found, not doubled")
        self.assertEqual(leads[1].partner_id.parent_id.name, "ООО «Светлый дом»")

    def test_mass_conversion_creates_partners_in_batches(self):
        """Leads matching nothing get their accounts in one ``create``, then
        their contacts in one, and the conversion notes in one batch per model."""
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Заявка {i}",
                    "first_name": "Анна",
                    "last_name": f"Пакетова-{i}",
                    "partner_name": f"ООО «Пакет {i}»",
                    "phone": f"+7 916 700-00-0{i}",
                    "user_id": self.sales_user.id,
                }
                for i in range(4)
            ]
        )
        wizard = self.mass_wizard(leads)
        Partner, Lead = type(self.env["res.partner"]), type(self.env["crm.lead"])
        with (
            patch.object(Partner, "create", autospec=True, side_effect=Partner.create) as create,
            patch.object(Lead, "_message_log_batch", autospec=True, side_effect=Lead._message_log_batch) as lead_log,
            patch.object(Partner, "_message_log_batch", autospec=True, side_effect=Partner._message_log_batch) as log,
        ):
            wizard.action_mass_convert()
        made = [
            [vals["is_company"] for vals in call.args[1]]
            for call in create.call_args_list
            if any(vals.get("converted_from_lead") for vals in call.args[1])
        ]
        self.assertEqual(made, [[True] * 4, [False] * 4], "4 accounts in one create, then 4 contacts in one")

        def notes(calls):
            bodies = [call.args[1] if len(call.args) > 1 else call.kwargs["bodies"] for call in calls]
            return [len(batch) for batch in bodies if "from lead" in str(list(batch.values()))]

        self.assertEqual(notes(lead_log.call_args_list), [4])
        self.assertEqual(notes(log.call_args_list), [8])
        self.assertEqual(sorted(leads.mapped("partner_id.parent_id.name")), [f"ООО «Пакет {i}»" for i in range(4)])

    def test_odoo_matching_goes_through_the_indexes(self):
        person = self.env["res.partner"].create({"name": "Олег Тарасов", "mobile": "+7 917 1234567"})
        self.assertEqual(
            self.lead._find_matching_partner(),
            person,
            "found by phone in another format, which Odoo's e-mail match would miss",
        )
        self.assertFalse(
            self.lead._find_matching_partner(email_only=True), "e-mail only: a phone or a name is no match"
        )
        by_email = self.env["res.partner"].create({"name": "Другой человек", "email": "tarasov@volgatrans.ru"})
        self.assertEqual(self.lead._find_matching_partner(email_only=True), by_email)

    def test_merge_is_odoos_own(self):
        """ "Merge with existing opportunities" works as in plain Odoo, whatever
        our vtiger choices say: the lead is merged into the opportunity."""
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Сделка с ВолгаТранс",
                "type": "opportunity",
                "email_from": "tarasov@volgatrans.ru",
                "user_id": self.sales_user.id,
            }
        )
        deal_no, partners = opportunity.deal_no, self.env["res.partner"].search_count([])
        wizard = self.wizard(self.lead)
        self.assertEqual(wizard.name, "merge")
        self.assertEqual(wizard.duplicated_lead_ids, self.lead | opportunity)
        # choices that would refuse a conversion do not apply to a merge
        wizard.write({"vtiger_account_action": "none", "vtiger_contact_action": "none", "vtiger_create_deal": False})
        action = wizard.action_apply()
        self.assertEqual(action["res_id"], opportunity.id)
        self.assertFalse(self.lead.exists(), "the lead was merged into the opportunity")
        self.assertEqual((opportunity.type, opportunity.active, opportunity.deal_no), ("opportunity", True, deal_no))
        self.assertIn("Регулярные перевозки", opportunity.description)
        self.assertIn("Первый звонок", "".join(opportunity.message_ids.mapped("body")))
        self.assertEqual(self.env["res.partner"].search_count([]), partners, "no account nor contact made")

    def test_merge_of_leads_converts_as_odoo_does(self):
        """Merging two leads makes the result an opportunity through Odoo's own
        conversion (its customer handling, never archived), not ours."""
        twin = self.env["crm.lead"].create(
            {
                "name": "Ещё одна заявка",
                "last_name": "Тарасов",
                "email_from": "tarasov@volgatrans.ru",
                "user_id": self.sales_user.id,
            }
        )
        wizard = self.wizard(self.lead)
        self.assertEqual(wizard.name, "merge")
        wizard.write({"vtiger_account_action": "none", "vtiger_contact_action": "none", "vtiger_create_deal": False})
        result = self.env["crm.lead"].browse(wizard.action_apply()["res_id"])
        self.assertEqual(len((self.lead | twin).exists()), 1, "the two leads became one")
        self.assertEqual((result.type, result.active), ("opportunity", True))
        self.assertTrue(result.partner_id, "Odoo's conversion created the customer")
        self.assertFalse(result.partner_id.converted_from_lead, "made by Odoo's conversion, not by ours")

    def test_matches_looked_up_once_per_wizard(self):
        """The wizard looks the matches up when it opens, then keeps them:
        changing the choices, saving and converting look up nothing again."""
        contact = self.env["res.partner"].create({"name": "Тарасов О.", "mobile": "8 917 1234567"})
        Lead = type(self.env["crm.lead"])
        with patch.object(
            Lead, "_vtiger_conversion_matches", autospec=True, side_effect=Lead._vtiger_conversion_matches
        ) as lookup:
            wizard_form = Form(
                self.env["crm.lead2opportunity.partner"]
                .with_user(self.sales_user)
                .with_context(active_model="crm.lead", active_id=self.lead.id, active_ids=self.lead.ids)
            )
            self.assertEqual((wizard_form.vtiger_contact_action, wizard_form.vtiger_contact_id), ("exist", contact))
            self.assertEqual((wizard_form.action, wizard_form.partner_id), ("exist", contact), "Odoo's choice too")
            wizard_form.vtiger_contact_action = "create"
            wizard_form.vtiger_account_action = "none"
            wizard_form.vtiger_create_deal = False
            wizard_form.vtiger_contact_action = "exist"
            self.assertIn("matches the lead by: phone", wizard_form.vtiger_preview)
            wizard = wizard_form.save()
            self.assertIn("matches the lead by: phone", wizard.vtiger_preview)
            wizard.action_apply()
        self.assertEqual(lookup.call_count, 1)
        self.assertEqual(self.lead.with_context(active_test=False).partner_id, contact)

    def test_matching_queries_do_not_grow_with_the_leads(self):
        """Matching 10 leads costs the queries of matching one: one query per
        signal (phone index, e-mail, INN, name) for all of them."""
        inns = [
            "7707083893",
            "7736207543",
            "7702070139",
            "7740000076",
            "7728168971",
            "7713076301",
            "7710140679",
            "7812014560",
            "7707049388",
            "7704217370",
        ]
        Partner, leads = self.env["res.partner"], self.env["crm.lead"]
        expected = {}
        for index, inn in enumerate(inns):
            account = Partner.create({"name": f"ООО «Партнёр {index}»", "is_company": True, "vat": inn})
            contact = Partner.create(
                {"name": f"Покупатель {index}", "parent_id": account.id, "mobile": f"+7 916 100-20-{index:02d}"}
            )
            by_email = Partner.create({"name": f"Почта {index}", "email": f"buyer{index}@partner{index}.ru"})
            lead = self.env["crm.lead"].create(
                {
                    "name": f"Заявка {index}",
                    "last_name": f"Покупатель {index}",
                    "partner_name": f"ООО «Партнёр {index}»",
                    "vat": inn,
                    "mobile": f"8 916 100 20 {index:02d}",
                    "email_from": f"buyer{index}@partner{index}.ru",
                    "user_id": self.sales_user.id,
                }
            )
            leads |= lead
            expected[lead.id] = {
                "account": [[account.id, ["inn", "name", "contact_account"]]],
                "contact": [[contact.id, ["phone"]], [by_email.id, ["email"]]],
            }
        leads = leads.with_user(self.sales_user)

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            matches = records._vtiger_conversion_matches()
            return self.env.cr.sql_log_count - before, matches

        queries(leads)  # warm the caches of access rules
        count_one, matches_one = queries(leads[:1])
        count_ten, matches_ten = queries(leads)
        self.assertEqual(matches_ten, expected)
        self.assertEqual(matches_one, {leads[0].id: expected[leads[0].id]})
        self.assertEqual(count_ten, count_one)

    def test_converted_without_deal_is_never_lost(self):
        """Archived as converted, the lead is no lost lead: no "lost" message,
        no count in predictive lead scoring (live or rebuilt), and it links to
        the account and contact made from it."""
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("crm.pls_start_date", "2000-01-01")
        ICP.set_param("crm.pls_fields", "country_id")
        kazakhstan, belarus = self.env.ref("base.kz"), self.env.ref("base.by")
        converted = self.env["crm.lead"].create(
            {
                "name": "Заявка из Алматы",
                "first_name": "Айгерим",
                "last_name": "Сатпаева",
                "partner_name": "ТОО «Степной ветер»",
                "country_id": kazakhstan.id,
                "user_id": self.sales_user.id,
            }
        )
        lost = self.env["crm.lead"].create(
            {"name": "Заявка из Минска", "last_name": "Лосева", "country_id": belarus.id, "user_id": self.sales_user.id}
        )
        (converted | lost).write({"probability": 0})
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking of the creation
        self.wizard(converted, vtiger_create_deal=False).action_apply()
        lost.action_set_lost()
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking of the conversion and the loss

        Frequency = self.env["crm.lead.scoring.frequency"]

        def lost_counts():
            return {
                frequency.value: frequency.lost_count
                for frequency in Frequency.search([("variable", "=", "country_id")])
                if frequency.value in (str(kazakhstan.id), str(belarus.id))
            }

        self.assertEqual(lost_counts(), {str(belarus.id): 1.1}, "archiving as converted counted no loss")
        self.env["crm.lead"]._rebuild_pls_frequency_table()
        self.assertEqual(lost_counts(), {str(belarus.id): 1.1}, "the rebuild leaves it out too")

        mt_lost = self.env.ref("crm.mt_lead_lost")
        self.assertIn(mt_lost, lost.message_ids.subtype_id)
        converted = converted.with_context(active_test=False)
        self.assertEqual((converted.active, converted.probability), (False, 0), "what crm would call lost")
        self.assertNotIn(mt_lost, converted.message_ids.subtype_id, "no lost message")

        self.assertEqual(converted.vtiger_converted_partner_count, 2)
        action = converted.action_view_vtiger_converted_partners()
        self.assertEqual(
            sorted(self.env["res.partner"].search(action["domain"]).mapped("name")),
            ["Айгерим Сатпаева", "ТОО «Степной ветер»"],
        )
        self.assertEqual(lost.vtiger_converted_partner_count, 0)

    def test_conversion_says_what_it_made(self):
        """The toast names the deal and links the account it linked and the
        contact it created; only the created contact says "created from"."""
        account = self.env["res.partner"].create({"name": "ВолгаТранс", "is_company": True, "vat": "1650001236"})
        wizard = self.wizard(self.lead, vtiger_contact_action="create")
        self.assertEqual(wizard.vtiger_account_id, account)
        action = wizard.action_apply()
        lead = self.lead
        contact = lead.partner_id
        self.assertEqual((action["type"], action["tag"]), ("ir.actions.client", "display_notification"))
        params = action["params"]
        self.assertEqual(
            params["message"],
            f"Deal {lead.deal_no} created from lead {lead.lead_no}. Account %s (linked). Contact %s (created).",
        )
        self.assertEqual(
            params["links"],
            [
                {"label": "ВолгаТранс", "url": f"/odoo/res.partner/{account.id}"},
                {"label": contact.display_name, "url": f"/odoo/res.partner/{contact.id}"},
            ],
        )
        self.assertEqual((params["next"]["res_model"], params["next"]["res_id"]), ("crm.lead", lead.id))
        self.assertEqual(params["next"]["views"], [(False, "form")])
        self.assertIn("Created from lead", "".join(contact.message_ids.mapped("body")))
        self.assertIn("Linked to lead", "".join(account.message_ids.mapped("body")))
        self.assertNotIn("Created from lead", "".join(account.message_ids.mapped("body")))
        self.assertIn(f"Converted from lead {lead.lead_no}", "".join(lead.message_ids.mapped("body")))

    def test_conversion_without_deal_says_so(self):
        action = self.wizard(self.lead, vtiger_create_deal=False).action_apply()
        lead_no = self.lead.lead_no
        self.assertEqual(
            action["params"]["message"],
            f"Lead {lead_no} converted without a deal and archived. Account %s (created). Contact %s (created).",
        )

    def test_wizard_speaks_vtiger(self):
        """Crm's conversion actions in vtiger's words."""
        Wizard = self.env["crm.lead2opportunity.partner"].with_context(lang="en_US")
        self.assertEqual(
            Wizard.fields_get(["name"])["name"]["selection"],
            [["convert", "Convert"], ["merge", "Merge with existing deals"]],
        )
