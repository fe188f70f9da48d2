from odoo.tests import Form, tagged

from .common import CommunicationCase


@tagged("post_install", "-at_install")
class TestCommunicationCard(CommunicationCase):
    """Communications are kept in the client: cards list them newest first,
    conversion and merge carry them."""

    def test_account_shows_its_contacts_communications(self):
        own = self.log(days_ago=3, partner_id=self.account.id, summary="Звонок в офис")
        contacts = self.log(days_ago=1, partner_id=self.contact.id, summary="Звонок Анне")
        self.account.invalidate_recordset()
        self.assertEqual(self.account.account_communication_ids, contacts | own)
        self.assertEqual(self.account.account_communication_ids[0], contacts)
        self.assertEqual((self.account.communication_count, self.contact.communication_count), (2, 1))
        self.assertEqual(self.contact.communication_ids, contacts)
        action = self.account.action_view_communications()
        self.assertEqual(self.env["crm.communication"].search(action["domain"]), contacts | own)

    def test_log_from_the_card_is_prefilled(self):
        action = self.contact.with_user(self.sales_user).action_log_communication()
        self.assertEqual(action["target"], "new")
        with Form(self.env["crm.communication"].with_user(self.sales_user).with_context(**action["context"])) as form:
            self.assertEqual(
                (form.partner_id, form.phone, form.email), (self.contact, "+7 916 482-19-73", "orlova@romashka.ru")
            )
            self.assertEqual(form.kind, "new")
            form.direction = "outbound"
            form.source_id = self.venyoo
            form.summary = "Первый звонок"
        call = form.record
        self.assertEqual((call.kind, call.user_id, self.contact.communication_count), ("new", self.sales_user, 1))

    def test_the_form_tells_new_from_repeat_before_saving(self):
        self.log(days_ago=5, partner_id=self.account.id)
        with Form(self.env["crm.communication"], "crm_vtiger_like.crm_communication_view_form_quick") as form:
            self.assertEqual(form.kind, "new")
            form.phone = "8 916 482 19 73"
            self.assertEqual((form.kind, form.partner_id), ("repeat", self.contact))
            form.purpose_id = self.clarify
        self.assertEqual((form.record.kind, form.record.purpose_id), ("repeat", self.clarify))

    def test_lead_card(self):
        action = self.lead.action_log_communication()
        self.assertEqual(
            (action["context"]["default_lead_id"], action["context"]["default_phone"]),
            (self.lead.id, "+7 903 111-22-33"),
        )
        call = self.log(lead_id=self.lead.id)
        self.assertEqual((self.lead.communication_ids, self.lead.communication_count), (call, 1))

    def test_conversion_carries_communications(self):
        lead = self.new_lead(phone="+7 843 250-17-29")
        first = self.log(days_ago=2, lead_id=lead.id, user_id=self.sales_manager.id)
        second = self.log(days_ago=1, lead_id=lead.id, user_id=self.sales_user.id)
        contact, account = self.convert(lead)
        self.assertEqual((lead.type, account.name, contact.name), ("opportunity", "ООО «ВолгаТранс»", "Олег Тарасов"))
        # on the deal still, and on the new contact and account (also the one the rep cannot see)
        self.assertEqual(lead.communication_ids, first | second)
        self.assertEqual((first.partner_id, second.partner_id), (contact, contact))
        self.assertEqual(account.account_communication_ids, first | second)

    def test_merge_moves_communications_to_the_master(self):
        twin = self.env["res.partner"].create({"name": "Ромашка ООО", "is_company": True, "phone": "84951002030"})
        twin_contact = self.env["res.partner"].create({"name": "Анна Орлова", "parent_id": twin.id})
        on_twin = self.log(days_ago=4, partner_id=twin.id)
        on_twin_contact = self.log(days_ago=3, partner_id=twin_contact.id)
        kept = self.log(days_ago=2, partner_id=self.account.id)
        self.env["crm.vtiger.merge"].with_user(self.sales_manager).merge(self.account | twin, self.account)
        self.assertFalse(twin.exists() and twin.active)
        self.assertEqual(on_twin.partner_id, self.account)
        self.assertEqual(self.account.account_communication_ids, on_twin | on_twin_contact | kept)

    def test_merge_of_leads_moves_communications(self):
        other = self.env["crm.lead"].create({"name": "Повторная заявка", "phone": "+7 903 111-22-33"})
        call = self.log(lead_id=other.id)
        self.env["crm.vtiger.merge"].with_user(self.sales_manager).merge(self.lead | other, self.lead)
        self.assertEqual(call.lead_id, self.lead)

    def test_odoos_lead_merge_moves_communications(self):
        other = self.env["crm.lead"].create({"name": "Повторная заявка", "phone": "+7 903 111-22-33"})
        calls = self.log(lead_id=other.id) | self.log(lead_id=self.lead.id)
        kept = (self.lead | other)._merge_opportunity(auto_unlink=True)
        self.assertFalse(((self.lead | other) - kept).exists())
        self.assertEqual(calls.lead_id, kept)
