import logging
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import config, mute_logger

from ..controllers.inbound import RedactInboundToken
from .common import WRONG_TOKEN, InboundCase

ATTACKER = "203.0.113.7"
SENDER = "198.51.100.2"


@tagged("post_install", "-at_install")
class TestInboundThrottle(InboundCase):
    """Wrong tokens are counted per client address in PostgreSQL: past the
    limit the address gets 429 with Retry-After until its window ends, other
    addresses are served as before; tokens never reach the logs."""

    def setUp(self):
        super().setUp()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("crm_vtiger_like.inbound_max_failures", "3")
        params.set_param("crm_vtiger_like.inbound_failure_window", "60")
        # addresses as a reverse proxy gives them (Odoo's proxy mode)
        self.startPatcher(patch.dict(config.options, {"proxy_mode": True}))

    def _post_from(self, address, token, payload=None):
        headers = {"X-Forwarded-For": address, "X-Forwarded-Host": "crm.example"}
        return self._post_json(payload or {"phone": "+7 913 470-55-01", "name": "Тимур Проверкин"}, token, headers)

    def _row(self, address):
        self.env.cr.execute("SELECT failures, window_start FROM crm_inbound_throttle WHERE address = %s", [address])
        return self.env.cr.fetchone()

    @mute_logger("odoo.addons.crm_vtiger_like.controllers.inbound")
    def test_wrong_tokens_then_429(self):
        for _attempt in range(3):
            response = self._post_from(ATTACKER, "guess")
            self.assertEqual((response.status_code, response.json()), (401, WRONG_TOKEN))
        self.assertEqual(self._row(ATTACKER)[0], 3)
        before = self._counts()
        # blocked: even the right token is not looked at any more
        response = self._post_from(ATTACKER, self.token)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many requests with a wrong token", response.json()["error"])
        self.assertTrue(1 <= int(response.headers["Retry-After"]) <= 60, response.headers["Retry-After"])
        self.assertEqual(self._counts(), before)
        self.assertEqual(self._row(ATTACKER)[0], 3, "a refused request is not counted again")

    @mute_logger("odoo.addons.crm_vtiger_like.controllers.inbound")
    def test_other_address_served(self):
        for _attempt in range(4):
            self._post_from(ATTACKER, "guess")
        response = self._post_from(SENDER, self.token)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["kind"], "new")
        self.assertIsNone(self._row(SENDER), "a valid sender is not written down")

    @mute_logger("odoo.addons.crm_vtiger_like.controllers.inbound")
    def test_window_ends(self):
        for _attempt in range(3):
            self._post_from(ATTACKER, "guess")
        self.assertEqual(self._post_from(ATTACKER, self.token).status_code, 429)
        self.env.cr.execute(
            "UPDATE crm_inbound_throttle SET window_start = window_start - interval '61 seconds' WHERE address = %s",
            [ATTACKER],
        )
        self.assertEqual(self._post_from(ATTACKER, "guess").status_code, 401)
        self.assertEqual(self._row(ATTACKER)[0], 1, "a new window counts from one")
        self.assertEqual(self._post_from(ATTACKER, self.token).status_code, 201)

    @mute_logger("odoo.addons.crm_vtiger_like.controllers.inbound")
    def test_autovacuum_forgets_ended_windows(self):
        self._post_from(ATTACKER, "guess")
        self._post_from(SENDER, "guess")
        self.env.cr.execute(
            "UPDATE crm_inbound_throttle SET window_start = window_start - interval '61 seconds' WHERE address = %s",
            [ATTACKER],
        )
        self.env["crm.inbound.throttle"]._gc_inbound_throttle()
        self.assertIsNone(self._row(ATTACKER))
        self.assertEqual(self._row(SENDER)[0], 1)

    def test_tokens_not_logged(self):
        """The access log line of a request with ``?token=`` and our own
        refusal line hold no token, right or wrong."""
        werkzeug = logging.getLogger("werkzeug")
        self.addCleanup(werkzeug.setLevel, werkzeug.level)
        werkzeug.setLevel(logging.INFO)
        with self.assertLogs(level=logging.INFO) as logs:
            self._post_form({"phone": "+7 913 470-55-02"}, self.token)
            self._post_form({"phone": "+7 913 470-55-03"}, "WrongSecret123")
            self._post_json({"phone": "+7 913 470-55-04"}, "WrongBearer456")
        output = "\n".join(logs.output)
        self.assertIn("Inbound request refused from 127.0.0.1", output)
        self.assertIn("/crm_vtiger_like/inbound?token=***", output)
        for secret in (self.token, "WrongSecret123", "WrongBearer456"):
            self.assertNotIn(secret, output)

    def test_redaction_keeps_other_lines(self):
        redact = RedactInboundToken()
        record = logging.LogRecord(
            "werkzeug",
            logging.INFO,
            __file__,
            1,
            '%s - - "%s" %s -',
            ("10.0.0.1", "POST /crm_vtiger_like/inbound?source=2gis&token=s3cr3t HTTP/1.1", "201"),
            None,
        )
        self.assertTrue(redact.filter(record))
        self.assertEqual(
            record.getMessage(), '10.0.0.1 - - "POST /crm_vtiger_like/inbound?source=2gis&token=*** HTTP/1.1" 201 -'
        )
        other = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s"', ("GET /web?token=abc",), None)
        redact.filter(other)
        self.assertEqual(other.getMessage(), '"GET /web?token=abc"')
