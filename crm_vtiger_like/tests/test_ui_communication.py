from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import VtigerCase

# demo communications and the kind the rule of SPEC 3.3 gives them
DEMO_KINDS = {
    "communication_deal_01_call": "new",
    "communication_deal_01_quote": "repeat",
    "communication_deal_01_visit": "repeat",
    "communication_deal_01_payment": "repeat",
    "communication_deal_02_site": "new",
    "communication_deal_02_quote": "repeat",
    "communication_deal_02_feedback": "repeat",
    "communication_deal_03_call": "new",
    "communication_deal_03_visit": "repeat",
    "communication_deal_04_venyoo": "new",
    "communication_deal_04_payment": "repeat",
    "communication_lead_01_site": "new",
    "communication_lead_01_callback": "repeat",
    "communication_lead_02_venyoo": "new",
    "communication_lead_02_callback": "repeat",
    "communication_lead_03_call": "new",
    "communication_lead_04_instagram": "new",
    "communication_lead_07_call": "new",
    "communication_lead_07_quote": "repeat",
    "communication_lead_09_instagram": "new",
    "communication_lead_12_call": "new",
    # without a lead: the client's first contact is outbound (opens no lead)
    "communication_kuznetsov_cold_call": "new",
    "communication_kuznetsov_payment": "repeat",
    "communication_ekoprodukt_trade_show": "new",
    "communication_ekoprodukt_feedback": "repeat",
    "communication_severny_veter_cold_call": "new",
    "communication_severny_veter_quote": "repeat",
    "communication_severny_veter_repeat_sale": "repeat",
    "communication_smirnova_cold_call": "new",
    "communication_smirnova_quote": "repeat",
    "communication_grand_mebel_vk": "new",
    "communication_grand_mebel_repeat_sale": "repeat",
    "communication_stroymaster_repeat_sale": "repeat",
    "communication_medfarm_other": "repeat",
    "communication_technoline_payment": "repeat",
}


@tagged("post_install", "-at_install")
class TestUiCommunication(HttpCase, VtigerCase):
    """A sales rep logs a follow-up call from a demo account's card and finds
    it in the "Repeat Communications by Purpose" report."""

    def test_demo_communications(self):
        """The demo log classifies as intended, feeds both reports with
        several bars and opens no lead by itself."""
        communications = self.env["crm.communication"]
        for xmlid, kind in DEMO_KINDS.items():
            communication = self.env.ref(f"crm_vtiger_like.{xmlid}")
            self.assertEqual(communication.kind, kind, xmlid)
            self.assertTrue(communication.communication_no.startswith("COM"), xmlid)
            if "_lead_" not in xmlid and "_deal_" not in xmlid:
                self.assertFalse(communication.lead_id, f"{xmlid} opened a lead")
            communications |= communication
        by_source = communications.filtered(lambda c: c.kind == "new").source_id
        self.assertGreaterEqual(len(by_source), 5, by_source.mapped("name"))
        purposes = self.env["crm.communication.purpose"].search([])
        self.assertEqual(communications.filtered(lambda c: c.kind == "repeat").purpose_id, purposes)
        callbacks = communications.filtered("callback_date")
        self.assertGreaterEqual(len(callbacks), 2)
        for communication in callbacks:
            self.assertGreater(communication.callback_date, fields.Datetime.now())
            self.assertEqual(communication.activity_ids.user_id, communication.user_id, communication.summary)

    def test_log_communication_from_account(self):
        account = self.env.ref("crm_vtiger_like.account_medfarm")
        Communication = self.env["crm.communication"]
        since = fields.Datetime.now() - timedelta(days=90)
        self.assertTrue(
            Communication.search_count([("commercial_partner_id", "=", account.id), ("date", ">=", since)]),
            "the demo account had a communication in the last 90 days: the one logged now repeats",
        )
        self.start_tour("/odoo", "crm_vtiger_like_communication", login=self.sales_user.login)
        communication = Communication.search([("summary", "=", "Тур: КП на кресла для переговорной")])
        self.assertEqual(len(communication), 1)
        self.assertRecordValues(
            communication,
            [
                {
                    "partner_id": account.id,
                    "lead_id": False,
                    "channel": "call",
                    "direction": "outbound",
                    "kind": "repeat",
                    "purpose_id": self.env.ref("crm_vtiger_like.purpose_send_a_quote").id,
                    "user_id": self.sales_user.id,
                    "call_duration": 4.5,
                }
            ],
        )
        self.assertTrue(communication.communication_no.startswith("COM"))
