from unittest.mock import patch

import odoo
from odoo.sql_db import TestCursor
from odoo.tests import new_test_user, tagged

from odoo.addons.bus.models.bus import get_notify_payloads
from odoo.addons.bus.tests.common import WebsocketCase

# the same constants as static/tests/tours/notify_tour.js
TOKEN = "tour-notify-token-5cf1d0a2c7e84b36"
CLIENT = "Тур Уведомлений Арсений"


@tagged("post_install", "-at_install")
class TestUiNotify(WebsocketCase):
    """A sales rep subscribes from the systray bell, a request arrives through
    the inbound endpoint, the toast appears in their CRM tab through the real
    bus (websocket) and they take the lead from it (SPEC 3.4).

    Odoo refuses websockets during tests (WebsocketCase allows them), and its
    test cursor drops post-commit hooks, among which the bus's ``NOTIFY
    imbus`` that wakes the websockets up: the test replays that NOTIFY when a
    test cursor commits, as a real server does after its COMMIT. Everything
    else is the real path: bus.bus rows, Odoo's bus dispatcher thread, the
    websocket, the browser's shared worker and the bus service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="vt_notify_rep", name="Вера Оповещенная", groups="sales_team.group_sale_salesman"
        )
        cls.channel = cls.env["crm.inbound.channel"].create(
            {"name": "Виджет Venyoo (тур)", "source_id": cls.env.ref("crm_vtiger_like.utm_source_venyoo").id}
        )
        cls.channel.sudo().token_hash = cls.channel._vtiger_hash(TOKEN)

    def setUp(self):
        super().setUp()
        original_commit = TestCursor.commit

        def commit(cursor):
            channels = list(cursor.postcommit.data.get("bus.bus.channels", ()))
            original_commit(cursor)
            if channels:
                with odoo.sql_db.db_connect("postgres").cursor() as cr:
                    for payload in get_notify_payloads(channels):
                        cr.execute("SELECT pg_notify('imbus', %s)", (payload,))

        self.startPatcher(patch.object(TestCursor, "commit", commit))

    def test_toast_of_new_request_and_take_it(self):
        self.assertFalse(self.rep.crm_notify_new)
        self.start_tour("/odoo", "crm_vtiger_like_notify", login=self.rep.login)
        self.env.invalidate_all()
        self.assertTrue(self.rep.crm_notify_new)
        communication = self.env["crm.communication"].search([("contact_name", "=", CLIENT)])
        self.assertEqual(len(communication), 1)
        self.assertEqual(communication.kind, "new")
        self.assertEqual(communication.inbound_channel_id, self.channel)
        self.assertTrue(communication.lead_id)
        self.assertEqual(communication.lead_id.user_id, self.rep)
        # then set from the preferences
        self.assertRecordValues(
            self.rep,
            [
                {
                    "crm_notify_mode": "both",
                    "crm_notify_quiet_from": 22.5,
                    "crm_notify_quiet_to": 7.0,
                    "crm_notify_source_ids": self.env.ref("crm_vtiger_like.utm_source_venyoo").ids,
                }
            ],
        )

    def test_take_it_too_late(self):
        """A colleague took the lead between the toast and the click: the rep
        is told who has it, and the lead stays the colleague's."""
        rival = new_test_user(
            self.env, login="vt_notify_rival", name="Антон Шустрый", groups="sales_team.group_sale_salesman"
        )
        self.rep.crm_notify_new = True
        self.start_tour("/odoo", "crm_vtiger_like_notify_taken", login=self.rep.login)
        self.env.invalidate_all()
        communication = self.env["crm.communication"].search([("contact_name", "=", "Тур Опоздавший Клиент")])
        self.assertEqual(communication.lead_id.user_id, rival)
