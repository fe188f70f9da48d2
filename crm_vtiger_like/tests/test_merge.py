from datetime import date, datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..tools import display_value
from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestMerge(VtigerCase):
    """crm.vtiger.merge: chosen values on the master, every reference moved,
    nothing lost, all or nothing, sales managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.master, cls.twin = cls.duplicate_accounts({"email": "info@romashka.ru"}, {"employee_count": 40})
        cls.twin_contact = Partner.create({"name": "Анна Орлова", "parent_id": cls.twin.id})
        cls.twin_lead = cls.env["crm.lead"].create({"name": "Заявка Ромашки", "partner_id": cls.twin.id})
        cls.twin.message_post(body="История переписки")
        cls.env["ir.attachment"].create({"name": "договор.pdf", "res_model": "res.partner", "res_id": cls.twin.id})
        cls.twin.activity_schedule("mail.mail_activity_data_call", user_id=cls.sales_user.id)
        cls.twin.message_subscribe(partner_ids=cls.sales_user.partner_id.ids)
        cls.portal_user.partner_id.parent_id = cls.twin
        cls.Merge = cls.env["crm.vtiger.merge"].with_user(cls.sales_manager)

    def references(self, partner_ids):
        """How many rows of each kind point at these partners."""
        env = self.env
        return {
            "messages": env["mail.message"]
            .sudo()
            .search_count(
                [("model", "=", "res.partner"), ("res_id", "in", partner_ids), ("message_type", "!=", "notification")]
            ),
            "attachments": env["ir.attachment"]
            .sudo()
            .search_count(
                [("res_model", "=", "res.partner"), ("res_id", "in", partner_ids), ("res_field", "=", False)]
            ),
            "activities": env["mail.activity"]
            .sudo()
            .search_count([("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)]),
            "followers": len(
                env["mail.followers"]
                .sudo()
                .search([("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)])
                .partner_id
            ),
            "leads": env["crm.lead"].with_context(active_test=False).search_count([("partner_id", "in", partner_ids)]),
            "contacts": env["res.partner"]
            .with_context(active_test=False)
            .search_count([("parent_id", "in", partner_ids)]),
            "users": env["res.users"]
            .with_context(active_test=False)
            .search_count([("partner_id.parent_id", "in", partner_ids)]),
            "phones": env["crm.vtiger.phone"]
            .sudo()
            .search_count([("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)]),
            "tags": len(env["res.partner"].browse(partner_ids).category_id),
        }

    def test_merge_loses_nothing(self):
        records = self.master | self.twin
        before = self.references(records.ids)
        self.Merge.merge(
            records.with_user(self.sales_manager),
            self.master.with_user(self.sales_manager),
            {"website": "https://romashka.ru", "employee_count": 40},
        )
        after = self.references(self.master.ids)
        for kind, count in before.items():
            self.assertEqual(after[kind], count + (1 if kind == "messages" else 0), kind)  # + the merge note
        self.assertEqual((self.master.website, self.master.employee_count), ("https://romashka.ru", 40))
        self.assertEqual(self.master.phone, "+7 912 000-11-22")
        self.assertEqual(self.twin_contact.parent_id, self.master)
        self.assertEqual(self.twin_contact.commercial_partner_id, self.master)
        self.assertEqual(self.twin_lead.partner_id, self.master)
        self.assertEqual(set(self.master.category_id.mapped("name")), {"VIP", "Опт"})
        self.assertFalse(self.twin.active, "the merged record is archived, not deleted")
        self.assertTrue(self.twin.exists())
        self.assertIn("Merged into", self.twin.message_ids[0].body)
        self.assertIn(self.twin.display_name, self.master.message_ids[0].body)
        # the merged record's number still finds the master
        found = self.env["crm.vtiger.phone"]._vtiger_lookup("8 912 000 11 22", "res.partner")
        self.assertEqual(found["res.partner"], {self.master.id})

    def test_records_of_two_companies_are_not_merged(self):
        self.sales_manager.company_ids |= self.company_2
        here, there = self.env["res.partner"].create(
            [
                {"name": "ООО «Лютик»", "is_company": True, "company_id": self.company.id},
                {"name": "Лютик ООО", "is_company": True, "company_id": self.company_2.id},
            ]
        )
        lead = self.env["crm.lead"].create(
            {"name": "Заявка Лютика", "partner_id": there.id, "company_id": self.company_2.id}
        )
        with self.assertRaisesRegex(UserError, "belong to different companies"):
            self.Merge.merge(here | there, here)
        self.assertTrue(there.active)
        self.assertEqual(lead.partner_id, there)

    def test_merge_rolls_back_on_failure(self):
        """The failure is caught outside any savepoint of the test: only the
        merge's own savepoint can undo what it wrote before failing."""
        records = self.master | self.twin
        twin_lead = self.twin_lead
        with patch.object(type(self.env["crm.vtiger.merge"]), "_archive_merged", side_effect=RuntimeError("boom")):
            try:
                self.Merge.merge(records, self.master, {"employee_count": 40})
            except RuntimeError as error:
                self.assertEqual(str(error), "boom")
            else:
                self.fail("the injected failure did not reach the caller")
        self.env.invalidate_all()
        self.env.cr.execute("SELECT partner_id FROM crm_lead WHERE id = %s", [twin_lead.id])
        self.assertEqual(self.env.cr.fetchone()[0], self.twin.id, "the lead still points at the twin")
        self.env.cr.execute("SELECT employee_count FROM res_partner WHERE id = %s", [self.master.id])
        self.assertIn(self.env.cr.fetchone()[0], (None, 0), "the chosen value was not written")
        self.env.cr.execute(
            "SELECT count(*) FROM mail_message WHERE model = 'res.partner' AND res_id = %s AND body LIKE %s",
            [self.twin.id, "%История переписки%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1, "the twin's messages stayed")
        self.env.cr.execute("SELECT active FROM res_partner WHERE id = %s", [self.twin.id])
        self.assertTrue(self.env.cr.fetchone()[0])

    def test_only_sales_managers_merge(self):
        with self.assertRaisesRegex(AccessError, "Only sales managers can merge"):
            self.env["crm.vtiger.merge"].with_user(self.sales_user).merge(self.master | self.twin, self.master)
        self.assertTrue(self.twin.active)

    def test_refused_merges(self):
        with self.assertRaisesRegex(UserError, "cannot be merged with its own contacts"):
            self.Merge.merge(self.twin | self.twin_contact, self.twin)
        with self.assertRaisesRegex(UserError, "at least two"):
            self.Merge.merge(self.twin, self.twin)
        with self.assertRaisesRegex(UserError, "one of the records"):
            self.Merge.merge(self.master | self.twin, self.twin_contact)

    def test_merge_leads(self):
        Lead = self.env["crm.lead"]
        first = Lead.create({"name": "Заявка 1", "last_name": "Громов", "phone": "8 916 200 30 40"})
        second = Lead.create(
            {"name": "Заявка 2", "last_name": "Громов", "first_name": "Алексей", "email_from": "gromov@mail.ru"}
        )
        second.message_post(body="Звонил повторно")
        self.Merge.merge(first | second, first, {"first_name": "Алексей", "email_from": "gromov@mail.ru"})
        self.assertEqual((first.contact_name, first.email_from), ("Алексей Громов", "gromov@mail.ru"))
        self.assertIn("Звонил повторно", "".join(first.message_ids.mapped("body")))
        self.assertFalse(second.active)

    def test_merged_lead_is_not_lost(self):
        """Archived as merged, a lead is no lost lead: no "lost" message, no
        count in predictive lead scoring (live or rebuilt), a link to the
        record it was merged into."""
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("crm.pls_start_date", "2000-01-01")
        ICP.set_param("crm.pls_fields", "country_id")
        Lead = self.env["crm.lead"]
        kazakhstan = self.env.ref("base.kz")
        kept = Lead.create({"name": "Заявка 1", "last_name": "Сатпаева", "country_id": kazakhstan.id})
        merged = Lead.create({"name": "Заявка 2", "last_name": "Сатпаева", "country_id": kazakhstan.id})
        merged.probability = 0
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking of the creation
        self.Merge.merge(kept | merged, kept)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking of the merge
        frequencies = self.env["crm.lead.scoring.frequency"].search(
            [("variable", "=", "country_id"), ("value", "=", str(kazakhstan.id))]
        )
        self.assertFalse(frequencies.filtered("lost_count"), "merging counted no loss")
        Lead._rebuild_pls_frequency_table()
        frequencies = self.env["crm.lead.scoring.frequency"].search(
            [("variable", "=", "country_id"), ("value", "=", str(kazakhstan.id))]
        )
        self.assertFalse(frequencies.filtered("lost_count"), "the rebuild leaves it out too")
        self.assertNotIn(self.env.ref("crm.mt_lead_lost"), merged.message_ids.subtype_id)
        self.assertEqual((merged.active, merged.vtiger_merged_into_id), (False, kept))
        self.assertTrue(merged.vtiger_not_lost)

    def test_wizard_picks_values_field_by_field(self):
        wizard_form = Form(
            self.env["crm.vtiger.merge.wizard"]
            .with_user(self.sales_manager)
            .with_context(active_model="res.partner", active_ids=[self.twin.id, self.master.id])
        )
        wizard = wizard_form.save()
        self.assertRegex(
            wizard.record_1, r"^ООО «Ромашка» \(ACC\d+\)$", "the oldest record is proposed as the one to keep"
        )
        lines = {line.field_name: line for line in wizard.line_ids}
        self.assertEqual((lines["website"].value_1, lines["website"].value_2), ("", "https://romashka.ru"))
        self.assertEqual(lines["website"].choice, "2", "an empty value is not proposed")
        self.assertEqual(lines["name"].choice, "1")
        lines["name"].choice = "2"
        action = wizard.action_merge()
        self.assertEqual(action["res_id"], self.master.id)
        self.assertEqual((self.master.name, self.master.website), ("Ромашка ООО", "https://romashka.ru"))
        self.assertFalse(self.twin.active)

    def persons(self):
        """Two contacts whose card values differ in every kind of field."""
        self.env.company.currency_id = self.env.ref("base.RUB")
        Partner = self.env["res.partner"]
        first = Partner.create({"name": "Анна Орлова", "annual_revenue": 1500000, "birthday": date(1985, 3, 7)})
        second = Partner.create(
            {
                "name": "Анна Орлова",
                "do_not_call": True,
                "comment": "<p>Звонить <b>после обеда</b></p><p>по средам</p>",
            }
        )
        return first, second

    def merge_wizard(self, records, lang="en_US"):
        return (
            self.env["crm.vtiger.merge.wizard"]
            .with_user(self.sales_manager)
            .with_context(lang=lang, active_model=records._name, active_ids=records.ids)
            .create({})
        )

    def test_wizard_labels_are_the_cards(self):
        """Fields are named as the card names them (vtiger's words), not by
        Odoo's model labels."""
        Partner = self.env["res.partner"]
        first = Partner.create({"name": "Анна Орлова", "function": "Директор", "user_id": self.sales_user.id})
        second = Partner.create({"name": "Анна Орлова", "function": "Бухгалтер", "user_id": self.sales_manager.id})
        labels = {line.field_name: line.field_label for line in self.merge_wizard(first | second).line_ids}
        self.assertEqual((labels["function"], labels["user_id"]), ("Job Title", "Assigned To"))

    def test_wizard_shows_values_as_read(self):
        first, second = self.persons()
        lines = {line.field_name: line for line in self.merge_wizard(first | second).line_ids}
        self.assertEqual(
            (lines["annual_revenue"].value_1, lines["annual_revenue"].value_2), ("1,500,000.00\xa0руб", "0.00\xa0руб")
        )
        self.assertEqual(lines["birthday"].value_1, "03/07/1985")
        self.assertEqual((lines["do_not_call"].value_1, lines["do_not_call"].value_2), ("No", "Yes"))
        self.assertEqual(lines["comment"].value_2, "Звонить *после обеда* по средам")
        self.assertEqual(lines["annual_revenue"].field_label, "Annual Revenue")
        self.env["res.lang"]._activate_lang("ru_RU")
        lines = {line.field_name: line for line in self.merge_wizard(first | second, "ru_RU").line_ids}
        self.assertEqual(lines["annual_revenue"].value_1, "1\xa0500\xa0000,00\xa0руб")
        self.assertEqual(lines["birthday"].value_1, "07.03.1985")
        self.assertEqual((lines["do_not_call"].value_1, lines["do_not_call"].value_2), ("Нет", "Да"))

    def test_display_value_of_datetimes_in_the_users_zone(self):
        lead = self.env["crm.lead"].create({"name": "Звонок", "date_open": datetime(2026, 1, 15, 21, 30)})
        self.env["res.lang"]._activate_lang("ru_RU")
        moscow = lead.with_context(lang="ru_RU", tz="Europe/Moscow")
        self.assertEqual(display_value(moscow, "date_open"), "16.01.2026 00:30:00")
        self.assertEqual(display_value(lead.with_context(lang="en_US", tz="UTC"), "date_open"), "01/15/2026 21:30:00")

    def test_wizard_of_two_records_offers_two(self):
        first, second = self.persons()
        wizard = self.merge_wizard(first | second)
        self.assertEqual(wizard.record_count, 2)
        self.assertFalse(wizard.record_3)
        self.assertEqual(wizard.master_of_two, "1")
        self.assertEqual(dict(wizard._fields["master_of_two"].selection), {"1": "Record 1", "2": "Record 2"})
        form = Form(wizard.with_context(lang="en_US"))
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.choice_of_two, line.choice)
            fname = line.field_name
            line.choice_of_two = "1" if line.choice == "2" else "2"
            chosen = int(line.choice_of_two)
        form.master_of_two = "2"
        wizard = form.save()
        self.assertEqual(wizard.master, "2", "the two-record choice is the one kept")
        self.assertEqual(wizard.line_ids.filtered(lambda l: l.field_name == fname).choice, str(chosen))
        wizard.line_ids[0].choice = "3"
        with self.assertRaisesRegex(UserError, "there is no record 3"):
            wizard.action_merge()
        wizard.line_ids[0].choice = "1"
        wizard.master = "3"
        with self.assertRaisesRegex(UserError, "There is no record 3 to keep"):
            wizard.action_merge()
        self.assertTrue(first.active and second.active)

    def test_technical_fields_are_never_offered(self):
        Merge = self.env["crm.vtiger.merge"].with_user(self.sales_manager)
        Lead = self.env["crm.lead"]
        leads = Lead.create([{"name": "Заявка 1", "email_from": "a@x.ru"}, {"name": "Заявка 2"}])
        offered = set(Merge._mergeable_fields(leads.with_user(self.sales_manager)))
        technical = {"phone_sanitized", "email_normalized", "phone_state", "email_state", "message_bounce"}
        technical |= {"iap_enrich_done", "reveal_id", "lead_properties"} & set(Lead._fields)
        self.assertTrue({"iap_enrich_done"} & set(Lead._fields), "crm_iap_enrich is installed with crm")
        self.assertFalse(offered & technical)
        self.assertTrue({"email_from", "annual_revenue", "description", "user_id"} <= offered, offered)
        partners = self.master | self.twin
        offered = set(Merge._mergeable_fields(partners.with_user(self.sales_manager)))
        self.assertFalse(offered & {"partner_share", "email_normalized", "phone_sanitized", "commercial_partner_id"})
        self.assertTrue({"name", "website", "employee_count", "phone", "email"} <= offered, offered)

    def test_wizard_limits(self):
        Wizard = self.env["crm.vtiger.merge.wizard"].with_user(self.sales_manager)
        with self.assertRaisesRegex(UserError, "two or three"):
            Wizard.with_context(active_model="res.partner", active_ids=[self.twin.id]).create({})
        with self.assertRaisesRegex(UserError, "Only accounts, contacts and leads"):
            Wizard.with_context(active_model="res.users", active_ids=[1, 2]).create({})


@tagged("post_install", "-at_install")
class TestMergeCollisions(VtigerCase):
    """References that would collide with the master's own rows (unique
    indexes of the referencing tables) collapse onto them; nothing else is
    lost and no raw database error reaches the user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.master = Partner.create({"name": "Анна Орлова", "email": "orlova@mail.ru", "phone": "+7 912 555-10-20"})
        cls.twin = Partner.create({"name": "Орлова Анна", "email": "anna@orlova.ru", "mobile": "8 912 555 10 20"})
        cls.deal = cls.env["crm.lead"].create({"name": "Поставка станков", "type": "opportunity"})
        cls.other_deal = cls.env["crm.lead"].create({"name": "Сервис станков", "type": "opportunity"})
        cls.Merge = cls.env["crm.vtiger.merge"].with_user(cls.sales_manager)

    def followers(self, record):
        return self.env["mail.followers"].sudo().search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def test_both_follow_the_same_document(self):
        both = (self.master | self.twin).ids
        self.deal.message_subscribe(partner_ids=both)
        self.other_deal.message_subscribe(partner_ids=self.twin.ids)
        self.Merge.merge(self.master | self.twin, self.master)
        deal_followers, other_followers = (
            self.followers(self.deal).partner_id,
            self.followers(self.other_deal).partner_id,
        )
        self.assertEqual(deal_followers & (self.master | self.twin), self.master, "one subscription, the master's")
        self.assertEqual(other_followers & (self.master | self.twin), self.master, "the twin's moved")
        self.assertEqual(len(self.followers(self.deal).filtered(lambda f: f.partner_id == self.master)), 1)
        note = self.master.message_ids[0].body
        self.assertIn("Entries both had, kept once", note)
        self.assertIn("Document Followers: 1", note)

    def test_both_in_the_same_channel(self):
        channel = self.env["discuss.channel"].create({"name": "Отдел продаж", "channel_type": "channel"})
        lonely = self.env["discuss.channel"].create({"name": "Склад", "channel_type": "channel"})
        channel.add_members(partner_ids=(self.master | self.twin).ids)
        lonely.add_members(partner_ids=self.twin.ids)
        self.Merge.merge(self.master | self.twin, self.master)
        Member = self.env["discuss.channel.member"].sudo()
        pair = self.master | self.twin
        self.assertEqual(
            Member.search([("channel_id", "=", channel.id), ("partner_id", "in", pair.ids)]).partner_id, self.master
        )
        self.assertEqual(
            Member.search([("channel_id", "=", lonely.id), ("partner_id", "in", pair.ids)]).partner_id, self.master
        )
        self.assertEqual(Member.search_count([("channel_id", "=", channel.id), ("partner_id", "=", self.master.id)]), 1)
        self.assertFalse(Member.search([("partner_id", "=", self.twin.id)]))

    def test_same_bank_account(self):
        Bank = self.env["res.partner.bank"].sudo()
        kept = Bank.create({"acc_number": "40702810900000012345", "partner_id": self.master.id})
        same = Bank.create({"acc_number": "4070 2810 9000 0001 2345", "partner_id": self.twin.id})
        other = Bank.create({"acc_number": "40702810900000099999", "partner_id": self.twin.id})
        self.Merge.merge(self.master | self.twin, self.master)
        self.assertEqual(
            set(Bank.search([("partner_id", "=", self.master.id)]).mapped("acc_number")),
            {"40702810900000012345", "40702810900000099999"},
        )
        self.assertTrue(kept.exists() and other.exists())
        self.assertFalse(same.exists(), "the identical account collapsed onto the master's")

    def test_unforeseen_constraint_is_a_clear_error_and_changes_nothing(self):
        self.deal.partner_id = self.twin
        self.env.cr.execute(
            "ALTER TABLE crm_lead ADD CONSTRAINT test_vt_no_master CHECK (partner_id IS DISTINCT FROM %s)",
            [self.master.id],
        )
        try:
            self.Merge.merge(self.master | self.twin, self.master, {"phone": "+7 912 000-00-00"})
        except UserError as error:
            message = str(error)
        else:
            self.fail("the merge went through a constraint")
        self.assertIn("Орлова Анна cannot be merged into Анна Орлова", message)
        self.assertIn("Lead/Opportunity", message)
        self.assertNotIn("violates", message)
        self.env.invalidate_all()
        self.env.cr.execute("SELECT partner_id FROM crm_lead WHERE id = %s", [self.deal.id])
        self.assertEqual(self.env.cr.fetchone()[0], self.twin.id)
        self.env.cr.execute(
            "SELECT phone, (SELECT active FROM res_partner WHERE id = %s) FROM res_partner WHERE id = %s",
            [self.twin.id, self.master.id],
        )
        self.assertEqual(self.env.cr.fetchone(), ("+7 912 555-10-20", True))

    def test_archived_users_count(self):
        user = new_test_user(self.env, login="vt_orlova", partner_id=self.twin.id)
        new_test_user(self.env, login="vt_orlova_2", partner_id=self.master.id).active = False
        self.assertTrue(user.active)
        with self.assertRaisesRegex(UserError, "linked to several users"):
            self.Merge.merge(self.master | self.twin, self.master)

    def test_users_partner_keeps_its_email(self):
        new_test_user(self.env, login="vt_orlova", partner_id=self.master.id)
        self.master.email = "orlova@mail.ru"
        self.Merge.merge(self.master | self.twin, self.master, {"email": "anna@orlova.ru"})
        self.assertEqual(self.master.email, "orlova@mail.ru", "a sales manager may not change a user's address")
        admin_merge = self.env["crm.vtiger.merge"].with_user(self.env.ref("base.user_admin"))
        third = self.env["res.partner"].create({"name": "Анна О.", "email": "a.o@mail.ru"})
        admin_merge.merge(self.master | third, self.master, {"email": "a.o@mail.ru"})
        self.assertEqual(self.master.email, "a.o@mail.ru", "an administrator may")

    def test_wizard_keeps_the_deal(self):
        lead = self.env["crm.lead"].create({"name": "Звонок", "type": "lead", "last_name": "Орлова"})
        wizard = (
            self.env["crm.vtiger.merge.wizard"]
            .with_user(self.sales_manager)
            .with_context(active_model="crm.lead", active_ids=[lead.id, self.deal.id])
            .create({})
        )
        self.assertRegex(wizard.record_1, r"^Поставка станков \(POT\d+\)$", "the deal is the record to keep")
        self.assertRegex(wizard.record_2, r"^Звонок \(LEA\d+\)$")
        wizard.action_merge()
        self.assertTrue(self.deal.active)
        self.assertEqual(self.deal.type, "opportunity")
        self.assertFalse(lead.active)

    def test_company_dependent_references_follow(self):
        """A company-dependent many2one (a jsonb {company: id} column) naming
        the merged partner names the master afterwards, in every company."""
        field = self.env["ir.model.fields"].create(
            {
                "model_id": self.env["ir.model"]._get_id("utm.source"),
                "name": "x_vt_referrer_id",
                "field_description": "Referrer",
                "ttype": "many2one",
                "relation": "res.partner",
                "company_dependent": True,
            }
        )
        self.addCleanup(field.unlink)  # the registry forgets the field with the test
        source = self.env["utm.source"].create({"name": "Сарафанное радио"})
        source.x_vt_referrer_id = self.twin
        source.with_company(self.company_2).x_vt_referrer_id = self.twin
        self.Merge.merge(self.master | self.twin, self.master)
        source.invalidate_recordset()
        self.assertEqual(source.x_vt_referrer_id, self.master)
        self.assertEqual(source.with_company(self.company_2).x_vt_referrer_id, self.master)
