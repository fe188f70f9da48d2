import contextlib
import json
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import CommunicationCase

NOTIFICATION_TYPE = "crm_vtiger_like/new_communication"


@tagged("post_install", "-at_install")
class TestNotify(CommunicationCase):
    """Alerts on new requests through the bus: who gets them, what they say,
    never for what the user may not read, never for a rolled-back one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Отдел продаж Юг"})
        cls.rep = new_test_user(
            cls.env, login="vt_alert_rep", name="Мария Звонкова", groups="sales_team.group_sale_salesman"
        )
        cls.rep.write({"crm_notify_new": True, "crm_notify_mode": "inpage"})
        cls.other_rep = new_test_user(cls.env, login="vt_alert_rep2", groups="sales_team.group_sale_salesman")
        cls.Channel = cls.env["crm.inbound.channel"]

    def setUp(self):
        super().setUp()
        self.env.cr.precommit.run()  # whatever the fixtures queued
        self.env.flush_all()
        self.last_bus = self.env["bus.bus"].search([], order="id desc", limit=1).id

    def alerts(self):
        """{partner id: [payload...]} of the alerts sent at commit."""
        self.env.cr.precommit.run()
        self.env.flush_all()
        sent = {}
        for row in self.env["bus.bus"].search([("id", ">", self.last_bus)]):
            message = json.loads(row.message)
            if message["type"] == NOTIFICATION_TYPE:
                _db, model, partner_id = json.loads(row.channel)
                self.assertEqual(model, "res.partner")
                sent.setdefault(partner_id, []).append(message["payload"])
        return sent

    def request(self, **values):
        """An inbound new request from an unknown caller: it opens an unassigned lead."""
        return self.log(
            **{
                "direction": "inbound",
                "phone": "+7 926 555-44-33",
                "contact_name": "Семён Белов",
                "summary": "Нужен кирпич на дачу",
                "user_id": False,
                **values,
            }
        )

    def test_subscribed_user_gets_one_alert_with_the_request(self):
        call = self.request()
        alerts = self.alerts()
        self.assertEqual(list(alerts), [self.rep.partner_id.id])
        [payload] = alerts[self.rep.partner_id.id]
        self.assertEqual(
            {key: payload[key] for key in ("event", "title", "client", "source", "summary", "kind", "assigned")},
            {
                "event": "new",
                "title": "New request",
                "client": "Семён Белов",
                "source": "Venyoo",
                "summary": "Нужен кирпич на дачу",
                "kind": "new",
                "assigned": False,
            },
        )
        self.assertEqual((payload["lead_id"], payload["communication_no"]), (call.lead_id.id, call.communication_no))
        self.assertTrue(payload["lead_number"].startswith("LEA"))

    def test_repeat_ones_only_when_asked(self):
        lead = self.request(days_ago=3).lead_id
        self.alerts()
        self.last_bus = self.env["bus.bus"].search([], order="id desc", limit=1).id
        self.log(lead_id=lead.id, user_id=False)
        self.assertEqual(self.alerts(), {})
        self.rep.crm_notify_repeat = True
        self.log(lead_id=lead.id, user_id=False)
        self.assertEqual([p["event"] for p in self.alerts()[self.rep.partner_id.id]], ["repeat"])

    def test_source_and_team_filters(self):
        self.rep.crm_notify_source_ids = self.env.ref("crm_vtiger_like.utm_source_2gis")
        self.request()
        self.assertEqual(self.alerts(), {})
        self.rep.crm_notify_source_ids = self.venyoo | self.env.ref("crm_vtiger_like.utm_source_2gis")
        self.rep.crm_notify_team_ids = self.team
        self.request(phone="+7 926 555-44-34")
        self.assertEqual(self.alerts(), {})
        self.request(phone="+7 926 555-44-35", team_id=self.team.id)
        self.assertEqual(len(self.alerts()[self.rep.partner_id.id]), 1)

    def test_no_alert_about_a_record_the_user_cannot_read(self):
        lead = self.env["crm.lead"].create(
            {"name": "Чужая сделка", "type": "opportunity", "user_id": self.other_rep.id}
        )
        self.log(lead_id=lead.id, user_id=self.other_rep.id)
        self.assertEqual(self.alerts(), {})
        self.rep.groups_id = [(4, self.env.ref("sales_team.group_sale_salesman_all_leads").id)]
        self.log(lead_id=lead.id, user_id=self.other_rep.id, days_ago=5)  # earlier: new
        self.assertEqual(len(self.alerts()[self.rep.partner_id.id]), 1)

    def test_portal_users_and_unsubscribed_users_get_nothing(self):
        self.portal_user.sudo().crm_notify_new = True
        self.rep.crm_notify_new = False
        self.request()
        self.assertEqual(self.alerts(), {})

    def test_nothing_for_a_rolled_back_communication(self):
        with contextlib.suppress(RuntimeError), self.env.cr.savepoint():
            self.request()
            raise RuntimeError("the import failed")
        self.assertEqual(self.alerts(), {})

    def test_take_it(self):
        call = self.request()
        lead = call.lead_id.with_user(self.rep)
        self.assertTrue(lead.action_vtiger_take())
        self.assertEqual(call.lead_id.user_id, self.rep)
        self.env.invalidate_all()  # as in the other rep's own request
        # no longer theirs to read: neither the lead nor who took it is named
        with self.assertRaisesRegex(UserError, "^This lead is already taken by another salesperson.$"):
            call.lead_id.with_user(self.other_rep).action_vtiger_take()
        self.assertEqual(call.lead_id.user_id, self.rep)

    def test_assignment_alert_when_asked(self):
        self.request()
        self.alerts()
        self.last_bus = self.env["bus.bus"].search([], order="id desc", limit=1).id
        lead = self.env["crm.lead"].create({"name": "Заявка на цемент", "type": "lead", "user_id": False})
        lead.with_user(self.sales_manager).user_id = self.rep
        self.assertEqual(self.alerts(), {})
        self.rep.write({"crm_notify_assign": True, "crm_notify_mode": "both"})
        device = (
            self.env["mail.push.device"]
            .sudo()
            .create({"partner_id": self.rep.partner_id.id, "endpoint": "https://push.example.com/rep", "keys": "{}"})
        )
        other = self.env["crm.lead"].create({"name": "Заявка на песок", "type": "lead", "user_id": False})
        other.with_user(self.sales_manager).user_id = self.rep
        [payload] = self.alerts()[self.rep.partner_id.id]
        self.assertEqual(
            (payload["event"], payload["lead_id"], payload["title"]), ("assigned", other.id, "Lead assigned to you")
        )
        # a lead without any communication is pushed too, opening the lead
        [push] = self.env["mail.push"].sudo().search([("mail_push_device_id", "=", device.id)])
        self.assertEqual(json.loads(push.payload)["options"]["data"], {"model": "crm.lead", "res_id": other.id})

    def test_quiet_hours(self):
        self.rep.write({"tz": "Europe/Moscow", "crm_notify_quiet_from": 22.0, "crm_notify_quiet_to": 8.0})
        # 20:30 UTC is 23:30 in Moscow, 06:00 UTC is 09:00
        self.assertTrue(self.rep._crm_notify_is_quiet(datetime(2026, 12, 1, 20, 30)))
        self.assertFalse(self.rep._crm_notify_is_quiet(datetime(2026, 12, 1, 6, 0)))
        self.rep.write({"crm_notify_quiet_from": 13.0, "crm_notify_quiet_to": 14.0})
        self.assertTrue(self.rep._crm_notify_is_quiet(datetime(2026, 12, 1, 10, 15)))

    def test_a_user_sets_their_own_subscription(self):
        self.other_rep.with_user(self.other_rep).write(
            {"crm_notify_new": True, "crm_notify_mode": "both", "crm_notify_source_ids": [(6, 0, self.venyoo.ids)]}
        )
        self.assertEqual((self.other_rep.crm_notify_new, self.other_rep.crm_notify_source_ids), (True, self.venyoo))

    def test_inbound_request_alerts(self):
        channel = self.Channel.create({"name": "Venyoo", "source_id": self.venyoo.id})
        channel._vtiger_receive({"name": "Ольга Смирнова", "phone": "+7 913 470-55-05", "message": "Перезвоните"})
        [payload] = self.alerts()[self.rep.partner_id.id]
        self.assertEqual((payload["client"], payload["summary"]), ("Ольга Смирнова", "Перезвоните"))

    def test_a_manager_sets_the_alerts_of_their_team(self):
        self.team.member_ids = self.rep | self.other_rep
        wizard_form = Form(
            self.env["crm.vtiger.notify.wizard"].with_user(self.sales_manager).with_context(active_id=self.team.id)
        )
        self.assertEqual(wizard_form.user_ids[:], self.rep | self.other_rep)
        wizard_form.crm_notify_mode = "push"
        wizard_form.crm_notify_source_ids.add(self.venyoo)
        wizard_form.save().action_apply()
        self.assertEqual(
            (self.other_rep.crm_notify_new, self.other_rep.crm_notify_mode, self.other_rep.crm_notify_team_ids),
            (True, "push", self.team),
        )
        self.assertEqual(self.rep.crm_notify_source_ids, self.venyoo)
        with self.assertRaisesRegex(UserError, "not members of the team"):
            self.env["res.users"].with_user(self.sales_manager)._crm_notify_set_for_team(
                self.team, self.sales_user, {"crm_notify_new": True}
            )
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.rep)._crm_notify_set_for_team(
                self.team, self.other_rep, {"crm_notify_new": False}
            )
        self.assertTrue(self.other_rep.crm_notify_new)
