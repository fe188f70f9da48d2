import json

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import InboundCase
from .test_hostile_input import HOSTILE, MARKUP, TEXT, incompressible
from .test_portal_pages import PortalPagesCase

FIELDS = ["name", "phone", "email", "message", "source", "external_id", "comment", "tranid", "extra"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=6,
)


@tagged("post_install", "-at_install")
class TestHostileInbound(InboundCase):
    """Whatever a sender posts, the endpoint answers 200, 201, 400 or 413
    with a JSON error, never 500, and writes nothing unless it answers 201."""

    def _check(self, response, before):
        self.assertIn(response.status_code, (200, 201, 400, 413), response.text[:300])
        body = response.json()
        if response.status_code in (400, 413):
            self.assertIsInstance(body["error"], str)
            self.assertTrue(body["error"])
        if response.status_code != 201:
            self.assertEqual(self._counts(), before)
        return body

    @HOSTILE
    @given(st.binary(min_size=1, max_size=300))
    @mute_logger("odoo.http")
    def test_any_bytes(self, data):
        self._check(self._post_json(data, self.token), self._counts())

    @settings(HOSTILE, max_examples=100)
    @given(st.dictionaries(st.sampled_from(FIELDS) | TEXT, JSON_VALUES, max_size=6))
    @mute_logger("odoo.http")
    def test_any_json_object(self, payload):
        self._check(self._post_json(payload, self.token), self._counts())

    @settings(HOSTILE, max_examples=30)
    @given(st.sampled_from(["name", "phone", "email", "external_id", "source", "message"]), st.integers(300, 20000))
    @mute_logger("odoo.http")
    def test_oversized_fields(self, fname, size):
        text = incompressible(size, size)
        payload = {
            "phone": "+7 913 470-99-01",
            fname: text.replace(" ", "x") + "@mail.ru" if fname == "email" else text,
        }
        before = self._counts()
        response = self._post_json(payload, self.token)
        body = self._check(response, before)
        if fname == "message":
            self.assertEqual(response.status_code, 201, body)

    @mute_logger("odoo.http")
    def test_huge_body(self):
        before = self._counts()
        response = self._post_json({"phone": "+7 913 470-99-02", "message": "Щ" * 70000}, self.token)
        self.assertEqual(response.status_code, 413)
        self._check(response, before)

    @settings(HOSTILE, max_examples=15)
    @given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=200))
    def test_repeated_external_id(self, external_id):
        payload = {"phone": "+7 913 470-99-03", "name": "Повторов", "external_id": external_id}
        first = self._post_json(payload, self.token)
        if first.status_code == 400:
            return
        again = self._post_json(payload, self.token)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(self.env["crm.communication"].search_count([("external_id", "=", external_id.strip())]), 1)

    def test_markup_shown_as_text(self):
        """A request's markup reaches the card, the toast and the push as text."""
        response = self._post_json({"name": MARKUP[1], "phone": "+7 913 470-99-04", "message": MARKUP[0]}, self.token)
        self.assertEqual(response.status_code, 201)
        communication = self.env["crm.communication"].search([("inbound_channel_id", "=", self.channel.id)])
        self.assertNotIn("<script", communication.note)
        self.assertIn("&lt;script&gt;", communication.note)
        payload = communication.with_user(self.rep)._vtiger_notification_payload("new")
        self.assertEqual(payload["client"], MARKUP[1], "text for the toast, which shows it escaped")
        self.assertEqual(payload["summary"], MARKUP[0])
        self.assertEqual(json.loads(json.dumps(payload))["client"], MARKUP[1])


@tagged("post_install", "-at_install")
class TestHostilePortal(PortalPagesCase):
    def test_markup_in_portal_pages(self):
        self.lead_a.name = MARKUP[1]
        self.account_a.name = MARKUP[2]
        self.login_a()
        for url in ("/my/requests", f"/my/requests/{self.lead_a.id}", "/my/home"):
            body = self.get_ok(url)
            for tag in ("<img src=x", "<svg onload"):
                self.assertNotIn(tag, body, url)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", self.get_ok("/my/requests"))
