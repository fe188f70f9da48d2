import hashlib
import json
import re
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import INBOUND_URL as URL
from .common import WRONG_TOKEN, InboundCase


@tagged("post_install", "-at_install")
class TestInbound(InboundCase):
    """POST /crm_vtiger_like/inbound against the real server: requests of
    Venyoo, 2GIS, Instagram and site forms become communications and leads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Channel = cls.env["crm.inbound.channel"]
        cls.form_channel = Channel.create({"name": "Сайт (Tilda)"})
        cls.form_token = cls._generate_token(cls.form_channel)
        archived = Channel.create({"name": "Старый сайт", "source_id": cls.venyoo.id})
        cls.archived_token = cls._generate_token(archived)
        archived.action_archive()

    def _received(self, channel=None):
        return self.env["crm.communication"].search([("inbound_channel_id", "=", (channel or self.channel).id)])

    def test_json_request_opens_lead(self):
        response = self._post_json(
            {
                "name": "Пётр Заявкин",
                "phone": "+7 913 470-11-01",
                "email": "Petr@Zayavkin.example",
                "message": "Нужна доставка в Тверь\nлучше в пятницу",
            },
            self.token,
        )
        self.assertEqual(response.status_code, 201)
        communication = self._received()
        lead = communication.lead_id
        self.assertEqual(
            response.json(), {"lead": lead.lead_no, "communication": communication.communication_no, "kind": "new"}
        )
        self.assertRegex(lead.lead_no, r"^LEA\d+$")
        self.assertRegex(communication.communication_no, r"^COM\d+$")
        self.assertRecordValues(
            communication,
            [
                {
                    "channel": "website_form",
                    "direction": "inbound",
                    "kind": "new",
                    "contact_name": "Пётр Заявкин",
                    "phone_normalized": "+79134701101",
                    "email_normalized": "petr@zayavkin.example",
                    "summary": "Нужна доставка в Тверь",
                    "source_id": self.venyoo.id,
                    "user_id": self.rep.id,
                    "external_id": False,
                }
            ],
        )
        self.assertIn("лучше в пятницу", communication.note)
        self.assertRecordValues(
            lead,
            [
                {
                    "type": "lead",
                    "name": "Нужна доставка в Тверь",
                    "contact_name": "Пётр Заявкин",
                    "phone": "+7 913 470-11-01",
                    "email_from": "Petr@Zayavkin.example",
                    "source_id": self.venyoo.id,
                    "user_id": self.rep.id,
                }
            ],
        )
        self.assertEqual(self.channel.communication_count, 1)
        action = self.channel.action_view_communications()
        self.assertEqual(self.env["crm.communication"].search(action["domain"]), communication)

    def test_source_named_by_request(self):
        response = self._post_json({"email": "lena@2gis-client.example", "source": "2gis"}, self.token)
        self.assertEqual(response.status_code, 201)
        two_gis = self.env.ref("crm_vtiger_like.utm_source_2gis")
        self.assertEqual(self._received().source_id, two_gis)
        self.assertEqual(self._received().lead_id.source_id, two_gis)

    def test_repeat_request_joins_open_deal(self):
        client = self.env["res.partner"].create({"name": "Анна Постоянная", "phone": "+7 913 470-22-02"})
        deal = self.env["crm.lead"].create({"name": "Поставка кофе", "type": "opportunity", "partner_id": client.id})
        self.env["crm.communication"].create(
            {
                "partner_id": client.id,
                "lead_id": deal.id,
                "channel": "call",
                "direction": "outbound",
                "source_id": self.venyoo.id,
                "date": fields.Datetime.now() - timedelta(days=5),
            }
        )
        before = self._counts()
        response = self._post_json({"phone": "8 (913) 470-22-02", "message": "Когда доставка?"}, self.token)
        self.assertEqual(response.status_code, 201)
        communication = self._received()
        self.assertEqual(
            response.json(), {"lead": deal.deal_no, "communication": communication.communication_no, "kind": "repeat"}
        )
        self.assertRegex(deal.deal_no, r"^POT\d+$")
        self.assertRecordValues(
            communication,
            [
                {
                    "kind": "repeat",
                    "lead_id": deal.id,
                    "partner_id": client.id,
                    "purpose_id": self.env.ref("crm_vtiger_like.purpose_clarify_the_request").id,
                }
            ],
        )
        self.assertEqual(self._counts(), (before[0], before[1] + 1), "no new lead")

    def test_same_external_id_received_once(self):
        payload = {"name": "Ольга Дважды", "phone": "+7 913 470-33-03", "external_id": "venyoo-777"}
        before = self._counts()
        first = self._post_json(payload, self.token)
        second = self._post_json({**payload, "message": "ещё раз"}, self.token)
        self.assertEqual((first.status_code, second.status_code), (201, 200))
        self.assertEqual(second.json(), first.json())
        self.assertEqual(self._received().external_id, "venyoo-777")
        self.assertEqual(self._counts(), (before[0] + 1, before[1] + 1))
        # an integer id is an id too
        self.assertEqual(self._post_json({"email": "int@id.example", "external_id": 42}, self.token).status_code, 201)
        self.assertEqual(self._post_json({"email": "int@id.example", "external_id": "42"}, self.token).status_code, 200)

    def test_same_external_id_concurrently(self):
        """The request received meanwhile by another transaction: the unique
        constraint refuses the second one, answered with the first."""
        payload = {"name": "Гонка Запросов", "phone": "+7 913 470-44-04", "external_id": "race-1"}
        first = self._post_json(payload, self.token)
        before = self._counts()
        Channel = self.registry["crm.inbound.channel"]
        received = Channel._vtiger_received
        calls = []

        def miss_first_lookup(channel, external_id):
            calls.append(external_id)
            return received(channel, external_id) if len(calls) > 1 else channel.env["crm.communication"]

        with patch.object(Channel, "_vtiger_received", miss_first_lookup), mute_logger("odoo.sql_db"):
            second = self._post_json(payload, self.token)
        self.assertEqual(calls, ["race-1", "race-1"])
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.json(), first.json())
        self.assertEqual(self._counts(), before)

    def test_form_post_of_site_builder(self):
        response = self._post_form(
            {
                "Name": "Ольга Формова",
                "Phone": "+7 913 470-55-05",
                "EMAIL": "olga@forma.example",
                "Comments": "Перезвоните после обеда",
                "tranid": "1234567:89",
                "formname": "Заявка с главной",
            },
            self.form_token,
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["kind"], "new")
        communication = self._received(self.form_channel)
        self.assertRecordValues(
            communication,
            [
                {
                    "contact_name": "Ольга Формова",
                    "email": "olga@forma.example",
                    "external_id": "1234567:89",
                    "summary": "Перезвоните после обеда",
                    "source_id": self.env.ref("crm_vtiger_like.utm_source_web_site").id,
                    "user_id": False,
                }
            ],
        )
        self.assertIn("formname: Заявка с главной", communication.note)
        self.assertFalse(communication.lead_id.user_id)
        self.assertEqual(communication.lead_id.phone, "+7 913 470-55-05")
        again = self._post_form(
            {"Name": "Ольга Формова", "Phone": "+7 913 470-55-05", "tranid": "1234567:89"}, self.form_token
        )
        self.assertEqual(again.status_code, 200)
        self.assertEqual(len(self._received(self.form_channel)), 1)

    def test_connection_test_creates_nothing(self):
        before = self._counts()
        response = self._post_form({"test": "test"}, self.form_token)
        self.assertEqual((response.status_code, response.json()), (200, {"test": "ok"}))
        self.assertEqual(self._post_form({"test": "test"}).status_code, 401)
        response = self._post_form({"Test": "test", "token": self.form_token})
        self.assertEqual(response.status_code, 200, "the token may be a form field too")
        self.assertEqual(self._counts(), before)

    def test_wrong_token_refused(self):
        before = self._counts()
        payload = {"name": "Чужой", "phone": "+7 913 470-66-06"}
        for token, headers in [
            (None, None),
            ("not-the-token", None),
            (self.archived_token, None),
            (None, {"Authorization": f"Basic {self.token}"}),
        ]:
            response = self._post_json(payload, token, headers)
            self.assertEqual(response.status_code, 401)
            self.assertEqual(response.json(), WRONG_TOKEN)
            self.assertEqual(response.headers["WWW-Authenticate"], "Bearer")
        response = self.url_open(f"{URL}?token=wrong", data=json.dumps(payload))
        self.assertEqual((response.status_code, response.json()), (401, WRONG_TOKEN))
        self.assertEqual(self._counts(), before)

    def test_malformed_request_refused(self):
        before = self._counts()
        cases = [
            ('{"name": "Обрыв', "The body is not valid JSON."),
            (b"\xff\xfe\x00", "The body is not valid JSON."),
            ('[{"phone": "+7 913 470-77-07"}]', "The body must be a JSON object or a form."),
            (
                {"name": "Без контактов", "message": "Позвоните"},
                "The request needs a phone number or an e-mail address.",
            ),
            ({"phone": "   "}, "The request needs a phone number or an e-mail address."),
            ({"phone": 79134707707}, "The field “phone” must be a text."),
            ({"phone": "+7 913 470-77-07", "name": ["Иван"]}, "The field “name” must be a text."),
            ({"email": "not-an-address"}, "“not-an-address” is not a valid e-mail address."),
            ({"phone": "+7 913 470-77-07", "source": "Сарафан"}, "There is no source “Сарафан”."),
        ]
        for payload, error in cases:
            response = self._post_json(payload, self.token)
            self.assertEqual((response.status_code, response.json()), (400, {"error": error}), payload)
        self.assertEqual(self._counts(), before)

    def test_failed_creation_leaves_nothing(self):
        """A request the communication refuses (no source anywhere) leaves
        neither it nor the lead opened for it."""
        self.env["ir.config_parameter"].set_param("crm_vtiger_like.inbound_source_id", False)
        before = self._counts()
        response = self._post_form({"Name": "Без Источника", "Phone": "+7 913 470-88-08"}, self.form_token)
        self.assertEqual(response.status_code, 400)
        self.assertIn("choose its source", response.json()["error"])
        self.assertEqual(self._counts(), before)

    def test_body_too_large(self):
        before = self._counts()
        message = "а" * 40000  # 80 000 bytes in UTF-8
        response = self._post_json({"phone": "+7 913 470-99-09", "message": message}, self.token)
        self.assertEqual((response.status_code, response.json()), (413, {"error": "The request is larger than 64 KB."}))
        chunks = (chunk.encode() for chunk in ['{"phone": "+7 913 470-99-09", "message": "', message, '"}'])
        response = self._post_json(chunks, self.token)
        self.assertEqual(response.status_code, 413, "a chunked body has no Content-Length, its size counts")
        response = self._post_form({"Phone": "+7 913 470-99-09", "Comments": message}, self.form_token)
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self._counts(), before)

    def test_token_kept_as_hash_only(self):
        channel = self.channel.sudo()
        self.assertEqual(channel.token_hash, hashlib.sha256(self.token.encode()).hexdigest())
        self.assertEqual(channel.token_hint, f"…{self.token[-4:]}")
        self.assertEqual(len(self.token), 43)
        self.env.flush_all()
        for table, column in [
            ("crm_inbound_channel", "token_hash"),
            ("crm_inbound_channel", "token_hint"),
            ("mail_message", "body"),
            ("ir_config_parameter", "value"),
        ]:
            self.env.cr.execute(f"SELECT count(*) FROM {table} WHERE {column}::text LIKE %s", [f"%{self.token}%"])
            self.assertEqual(self.env.cr.fetchone()[0], 0, f"{table}.{column}")
        as_manager = self.channel.with_user(self.manager)
        self.assertNotIn("token_hash", as_manager.fields_get())
        with self.assertRaises(AccessError):
            as_manager.read(["token_hash"])
        action = as_manager.action_generate_token()
        self.assertEqual((action["tag"], action["params"]["sticky"]), ("display_notification", True))
        new_token = re.search(r": (\S+)$", action["params"]["message"]).group(1)
        self.assertEqual(self._post_json({"phone": "+7 913 470-10-10"}, self.token).status_code, 401)
        self.assertEqual(self._post_json({"phone": "+7 913 470-10-10"}, new_token).status_code, 201)
        with self.assertRaises(AccessError):
            self.channel.with_user(self.rep).action_generate_token()

    def test_manager_sets_up_channel(self):
        with Form(self.env["crm.inbound.channel"].with_user(self.manager)) as form:
            form.name = "Instagram Direct"
            form.source_id = self.env.ref("crm_vtiger_like.utm_source_instagram")
        channel = form.record
        self.assertRecordValues(
            channel,
            [{"channel": "website_form", "company_id": self.env.company.id, "token_hint": False, "active": True}],
        )
        self.assertTrue(channel.endpoint_url.endswith("/crm_vtiger_like/inbound"))
        self.assertEqual(channel.with_user(self.rep).read(["name"])[0]["name"], "Instagram Direct")
