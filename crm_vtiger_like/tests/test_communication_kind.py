from datetime import datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CommunicationCase


@tagged("post_install", "-at_install")
class TestCommunicationKind(CommunicationCase):
    """New or repeat, decided when the communication is created (SPEC 3.3)."""

    def test_first_on_a_lead_is_new_later_ones_repeat(self):
        first = self.log(days_ago=5, lead_id=self.lead.id)
        second = self.log(days_ago=1, lead_id=self.lead.id)
        self.assertEqual((first.kind, second.kind), ("new", "repeat"))
        self.assertTrue(first.communication_no.startswith("COM"))
        self.assertNotEqual(first.communication_no, second.communication_no)

    def test_backdated_before_the_first_is_new(self):
        self.log(days_ago=1, lead_id=self.lead.id)
        earlier = self.log(days_ago=30, lead_id=self.lead.id)
        self.assertEqual(earlier.kind, "new")

    def test_a_lead_ignores_the_window_and_other_leads(self):
        other = self.env["crm.lead"].create({"name": "Другая заявка", "phone": "+7 903 111-22-33"})
        self.log(days_ago=1, lead_id=other.id)
        self.assertEqual(self.log(lead_id=self.lead.id).kind, "new")
        self.assertEqual(self.log(days_ago=400, lead_id=other.id).kind, "new")
        self.assertEqual(self.log(lead_id=other.id).kind, "repeat")

    def test_batch_is_ordered_by_date(self):
        now = datetime.now()
        later, first = self.Communication.create(
            [
                {"lead_id": self.lead.id, "date": now, "purpose_id": self.quote.id},
                {"lead_id": self.lead.id, "date": now - timedelta(hours=2), "source_id": self.venyoo.id},
            ]
        )
        self.assertEqual((first.kind, later.kind), ("new", "repeat"))

    def test_account_and_its_contacts_are_one_client(self):
        self.log(days_ago=10, partner_id=self.contact.id)
        self.assertEqual(self.log(partner_id=self.account.id).kind, "repeat")
        colleague = self.env["res.partner"].create({"name": "Иван Сидоров", "parent_id": self.account.id})
        self.assertEqual(self.log(partner_id=colleague.id).kind, "repeat")
        stranger = self.env["res.partner"].create({"name": "ООО «Лютик»", "is_company": True})
        self.assertEqual(self.log(partner_id=stranger.id).kind, "new")

    def test_repeat_window(self):
        self.log(days_ago=100, partner_id=self.contact.id)
        self.assertEqual(self.log(partner_id=self.contact.id, days_ago=5).kind, "new")
        self.env["res.config.settings"].create({"crm_vtiger_repeat_days": 120}).execute()
        self.assertEqual(self.log(partner_id=self.contact.id).kind, "repeat")
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self.env["res.config.settings"].create({"crm_vtiger_repeat_days": 0})

    def test_client_recognised_by_phone_in_any_format(self):
        self.log(days_ago=3, partner_id=self.contact.id)
        call = self.log(phone="8 (916) 482 19 73")
        self.assertEqual((call.kind, call.partner_id), ("repeat", self.contact))
        self.assertEqual(call.phone_normalized, "+79164821973")

    def test_client_recognised_by_email(self):
        self.log(days_ago=3, partner_id=self.account.id)
        mail = self.log(channel="email", email="Anna Orlova <ORLOVA@romashka.ru>")
        self.assertEqual((mail.kind, mail.partner_id), ("repeat", self.contact))

    def test_lead_phone_recognises_the_client(self):
        self.log(days_ago=2, lead_id=self.lead.id)
        call = self.log(phone="+79031112233")
        self.assertEqual(call.kind, "repeat")
        self.assertFalse(call.lead_id)

    def test_unknown_caller_twice(self):
        first = self.log(phone="+7 999 000-00-01", direction="outbound")
        second = self.log(phone="89990000001", direction="outbound")
        self.assertEqual((first.kind, second.kind), ("new", "repeat"))

    def test_inbound_new_opens_a_lead(self):
        call = self.log(
            direction="inbound", phone="+7 999 000-00-02", contact_name="Семён Белов", summary="Нужен кирпич"
        )
        self.assertEqual(call.kind, "new")
        lead = call.lead_id
        self.assertEqual(
            (lead.type, lead.name, lead.contact_name, lead.phone, lead.source_id),
            ("lead", "Нужен кирпич", "Семён Белов", "+7 999 000-00-02", self.venyoo),
        )
        self.assertTrue(lead.lead_no.startswith("LEA"))
        outbound = self.log(direction="outbound", phone="+7 999 000-00-03")
        self.assertFalse(outbound.lead_id)

    def test_inbound_new_of_a_known_client_opens_a_lead_for_it(self):
        call = self.log(direction="inbound", partner_id=self.contact.id)
        self.assertEqual((call.kind, call.lead_id.partner_id), ("new", self.contact))

    def test_new_needs_a_source_repeat_a_purpose(self):
        count = self.Communication.search_count([])
        with self.assertRaisesRegex(ValidationError, "new communication: choose its source"):
            self.Communication.create({"lead_id": self.lead.id, "purpose_id": self.quote.id})
        self.log(lead_id=self.lead.id, days_ago=1)
        with self.assertRaisesRegex(ValidationError, "repeat communication: choose its callback purpose"):
            self.Communication.create({"lead_id": self.lead.id, "source_id": self.venyoo.id})
        self.assertEqual(self.Communication.search_count([]), count + 1)

    def test_only_managers_correct_the_kind(self):
        call = self.log(lead_id=self.lead.id)
        rep_call = call.with_user(self.sales_user)
        self.assertFalse(rep_call.vtiger_can_edit_kind)
        with self.assertRaisesRegex(UserError, "Only a sales manager"):
            rep_call.kind = "repeat"
        manager_call = call.with_user(self.sales_manager)
        self.assertTrue(manager_call.vtiger_can_edit_kind)
        manager_call.kind = "repeat"
        self.assertEqual(call.kind, "repeat")

    def test_a_rep_cannot_choose_the_kind_at_creation(self):
        call = self.Communication.with_user(self.sales_user).create(
            {"lead_id": self.lead.id, "kind": "repeat", "source_id": self.venyoo.id, "purpose_id": self.quote.id}
        )
        self.assertEqual(call.kind, "new")
        corrected = self.Communication.with_user(self.sales_manager).create(
            {"lead_id": self.lead.id, "kind": "new", "source_id": self.venyoo.id}
        )
        self.assertEqual(corrected.kind, "new")

    def test_create_costs_bounded_queries(self):
        # a history of 200 communications of the same client
        self.Communication.create(
            [
                {
                    "partner_id": self.contact.id,
                    "date": datetime.now() - timedelta(days=day % 80),
                    "source_id": self.venyoo.id,
                    "purpose_id": self.quote.id,
                    "direction": "outbound",
                }
                for day in range(200)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(25):
            self.Communication.create(
                {"partner_id": self.contact.id, "phone": "+7 916 482-19-73", "purpose_id": self.quote.id}
            ).flush_recordset()
