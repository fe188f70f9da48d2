import base64
import json
import struct
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest.mock import patch

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from .common import CommunicationCase


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushServiceHandler(BaseHTTPRequestHandler):
    """A push service standing in for FCM / Mozilla autopush: records every
    request and answers the status configured for its path (201 by default)."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append({"method": self.command, "path": self.path, "headers": self.headers, "body": body})
        self.send_response(self.server.statuses.get(self.path, 201))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def decrypt_aes128gcm(body, private_key, auth_secret):
    """The user agent's side of RFC 8291 (Message Encryption for Web Push)
    over RFC 8188's aes128gcm content coding: the plaintext of ``body``."""
    salt, record_size, id_length = struct.unpack("!16sLB", body[:21])
    sender_public = body[21 : 21 + id_length]
    records = body[21 + id_length :]
    ua_public = private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    ecdh_secret = private_key.exchange(
        ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
    )
    # RFC 8291 §3.3: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
    ikm = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=auth_secret, info=b"WebPush: info\x00" + ua_public + sender_public
    ).derive(ecdh_secret)
    # RFC 8188 §2.2/2.3 (RFC 8291 §3.4): PRK = HMAC-SHA-256(salt, IKM), then CEK and NONCE
    mac = hmac.HMAC(salt, hashes.SHA256())
    mac.update(ikm)
    prk = mac.finalize()
    cek = HKDFExpand(algorithm=hashes.SHA256(), length=16, info=b"Content-Encoding: aes128gcm\x00").derive(prk)
    nonce = HKDFExpand(algorithm=hashes.SHA256(), length=12, info=b"Content-Encoding: nonce\x00").derive(prk)
    plaintext = b""
    chunks = [records[i : i + record_size] for i in range(0, len(records), record_size)]
    for seq, chunk in enumerate(chunks):
        record_nonce = nonce[:4] + (int.from_bytes(nonce[4:], "big") ^ seq).to_bytes(8, "big")
        record = AESGCM(cek).decrypt(record_nonce, chunk, None).rstrip(b"\x00")
        delimiter = b"\x02" if seq == len(chunks) - 1 else b"\x01"
        assert record.endswith(delimiter), f"record {seq} does not end with its padding delimiter {delimiter!r}"
        plaintext += record[:-1]
    return {"record_size": record_size, "records": len(chunks), "plaintext": plaintext}


@tagged("post_install", "-at_install")
class TestNotifyPush(CommunicationCase):
    """Web Push of new requests (issue 13 item 3): one mail.push row per
    subscribed device, queued for Odoo's cron; its delivery to a push service
    (a local one here) is VAPID-signed and RFC 8291-encrypted, and rejected
    subscriptions (404 / 410) are removed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://crm.example.ru")
        cls.vapid_public_key = cls.env["mail.push.device"].get_web_push_vapid_public_key()
        cls.push_cron = cls.env.ref("mail.ir_cron_web_push_notification")

        cls.server = HTTPServer(("127.0.0.1", 0), PushServiceHandler)
        cls.server.received = []
        cls.server.statuses = {}
        cls.port = cls.server.server_address[1]
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(thread.join, 5)
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)

        for user in (cls.sales_user, cls.sales_manager):
            user.write({"crm_notify_new": True, "crm_notify_mode": "push", "tz": "Europe/Moscow"})
        cls.rep_2 = new_test_user(
            cls.env, login="vt_rep_2", name="Сергей Другов", groups="sales_team.group_sale_salesman"
        )
        cls.own_lead = cls.env["crm.lead"].create(
            {"name": "Расчёт кровли", "type": "lead", "lead_no": "LEA9001", "user_id": cls.sales_user.id}
        )
        cls.other_lead = cls.env["crm.lead"].create(
            {"name": "Забор на даче", "type": "lead", "lead_no": "LEA9002", "user_id": cls.rep_2.id}
        )
        cls.devices = {}  # endpoint -> (private key, auth secret): what the browser keeps

    def setUp(self):
        super().setUp()
        # the cron sends every queued row: only this test's
        self.env["mail.push"].sudo().search([]).unlink()
        self.server.received.clear()
        self.server.statuses.clear()
        self.triggers_before = self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", self.push_cron.id)])

    def register_device(self, user, number):
        """A browser of ``user`` subscribed to Web Push, as the service worker registers it."""
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth_secret = bytes(range(number, number + 16))
        p256dh = private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        endpoint = f"http://127.0.0.1:{self.port}/push/{number}"
        self.devices[endpoint] = (private_key, auth_secret)
        return (
            self.env["mail.push.device"]
            .sudo()
            .create(
                {
                    "partner_id": user.partner_id.id,
                    "endpoint": endpoint,
                    "keys": json.dumps({"p256dh": b64url(p256dh), "auth": b64url(auth_secret)}),
                }
            )
        )

    def new_request(self, lead=None, **values):
        """A new communication on ``lead``, saved and committed (the alerts
        go out when the transaction commits)."""
        lead = lead or self.own_lead
        communication = self.log(
            lead_id=lead.id,
            user_id=lead.user_id.id,
            **{"contact_name": "Пётр Гусев", "summary": "Нужен расчёт на 120 м²", **values},
        )
        self.env.cr.precommit.run()
        return communication

    def pushes(self, devices):
        return self.env["mail.push"].sudo().search([("mail_push_device_id", "in", devices.ids)], order="id")

    def bus_alerts(self, user):
        channel = json_dump(channel_with_db(self.env.cr.dbname, user.partner_id))
        messages = self.env["bus.bus"].sudo().search([("channel", "=", channel)]).mapped("message")
        return [
            json.loads(message)["payload"]
            for message in messages
            if json.loads(message)["type"] == "crm_vtiger_like/new_communication"
        ]

    # ------------------------------------------------------------------
    # queue
    # ------------------------------------------------------------------

    def test_one_queued_push_per_device_sent_by_the_cron_only(self):
        devices = self.register_device(self.sales_user, 1) | self.register_device(self.sales_user, 2)
        communication = self.new_request()
        self.assertEqual(communication.kind, "new")

        rows = self.pushes(devices)
        self.assertEqual(rows.mail_push_device_id, devices)
        self.assertEqual(len(rows), 2)
        for row in rows:
            self.assertEqual(
                json.loads(row.payload),
                {
                    "title": "New request: Пётр Гусев",
                    "options": {
                        "body": "LEA9001 · Venyoo · Нужен расчёт на 120 м²",
                        "icon": "/web/static/img/odoo-icon-192x192.png",
                        "tag": f"crm_vtiger_like-{communication.id}",
                        "data": {"model": "crm.lead", "res_id": self.own_lead.id},
                    },
                },
            )
        # nothing went to the push service while the communication was saved: the cron will
        self.assertEqual(self.server.received, [])
        new_triggers = (
            self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", self.push_cron.id)]) - self.triggers_before
        )
        self.assertTrue(new_triggers)
        self.assertLessEqual(max(new_triggers.mapped("call_at")), fields.Datetime.now())
        # mode "push": no toast
        self.assertEqual(self.bus_alerts(self.sales_user), [])

    def test_mode_both_queues_and_toasts_mode_inpage_only_toasts(self):
        both = self.register_device(self.sales_user, 1)
        inpage = self.register_device(self.sales_manager, 2)
        self.sales_user.crm_notify_mode = "both"
        self.sales_manager.crm_notify_mode = "inpage"
        self.new_request()
        self.assertEqual(len(self.pushes(both)), 1)
        self.assertFalse(self.pushes(inpage))
        self.assertEqual([alert["lead_number"] for alert in self.bus_alerts(self.sales_user)], ["LEA9001"])
        self.assertEqual([alert["lead_number"] for alert in self.bus_alerts(self.sales_manager)], ["LEA9001"])

    def test_quiet_hours_in_the_user_time_zone_keep_the_toast(self):
        device = self.register_device(self.sales_user, 1)
        self.sales_user.write({"crm_notify_mode": "both", "crm_notify_quiet_from": 23.0, "crm_notify_quiet_to": 7.0})
        # 20:30 UTC is 23:30 in Moscow: quiet (it would not be in UTC)
        with patch.object(fields.Datetime, "now", return_value=datetime(2026, 3, 2, 20, 30)):
            self.new_request(summary="Ночная заявка")
        self.assertFalse(self.pushes(device))
        self.assertEqual([alert["summary"] for alert in self.bus_alerts(self.sales_user)], ["Ночная заявка"])
        # 04:30 UTC is 07:30 in Moscow: no longer quiet (it would be in UTC)
        with patch.object(fields.Datetime, "now", return_value=datetime(2026, 3, 3, 4, 30)):
            self.new_request(lead=self.lead, summary="Утренняя заявка")
        [row] = self.pushes(device)
        self.assertEqual(json.loads(row.payload)["options"]["data"]["res_id"], self.lead.id)

    def test_no_push_for_unsubscribed_user(self):
        device = self.register_device(self.sales_user, 1)
        self.sales_user.crm_notify_new = False
        self.new_request()
        self.assertFalse(self.pushes(device))
        self.assertEqual(self.bus_alerts(self.sales_user), [])

    def test_no_push_about_a_lead_the_user_cannot_read(self):
        rep_devices = self.register_device(self.sales_user, 1) | self.register_device(self.sales_user, 2)
        manager_device = self.register_device(self.sales_manager, 3)
        self.new_request(lead=self.other_lead)
        # the rep sees only their own documents: not rep 2's lead
        self.assertFalse(self.pushes(rep_devices))
        self.assertFalse(self.other_lead.with_user(self.sales_user)._filtered_access("read"))
        [row] = self.pushes(manager_device)
        self.assertEqual(json.loads(row.payload)["options"]["body"], "LEA9002 · Venyoo · Нужен расчёт на 120 м²")

    def test_long_summary_fits_in_one_push_record(self):
        """A push service refuses more than 4096 bytes of encrypted payload
        (RFC 8291 §4): the body is cut like Odoo's own pushes."""
        device = self.register_device(self.sales_user, 1)
        self.new_request(summary="Нужен расчёт кровли, забора и водостока " * 30)
        [row] = self.pushes(device)
        payload = row.payload
        # 4096 bytes, less the aes128gcm header (86) and one record's delimiter and tag (17)
        self.assertLessEqual(len(payload.encode()), 3993)
        self.assertTrue(json.loads(payload)["options"]["body"].startswith("LEA9001 · Venyoo · Нужен расчёт"))
        self.assertEqual(json.loads(payload)["title"], "New request: Пётр Гусев")

        self.env["mail.push"]._push_notification_to_endpoint()
        [request] = self.server.received
        self.assertLessEqual(len(request["body"]), 4096)
        decrypted = decrypt_aes128gcm(request["body"], *self.devices[device.endpoint])
        self.assertEqual(decrypted["records"], 1)
        self.assertEqual(decrypted["plaintext"].decode(), payload)

    # ------------------------------------------------------------------
    # delivery by Odoo's cron to a (local) push service
    # ------------------------------------------------------------------

    def test_delivery_is_vapid_signed_and_encrypted_per_rfc_8291(self):
        devices = self.register_device(self.sales_user, 1) | self.register_device(self.sales_user, 2)
        self.new_request()
        queued = {row.mail_push_device_id.endpoint: row.payload for row in self.pushes(devices)}
        self.assertEqual(self.server.received, [])

        sent_at = int(time.time())
        self.env["mail.push"]._push_notification_to_endpoint()

        received = self.server.received
        self.assertEqual(sorted(request["path"] for request in received), ["/push/1", "/push/2"])
        vapid_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(self.vapid_public_key))
        for request in received:
            headers = request["headers"]
            self.assertEqual(request["method"], "POST")
            self.assertEqual(headers["Content-Encoding"], "aes128gcm")
            self.assertEqual(headers["TTL"], "60")

            # Authorization: vapid t=<JWT>, k=<VAPID public key> (RFC 8292 §3)
            scheme, _, params = headers["Authorization"].partition(" ")
            self.assertEqual(scheme, "vapid")
            params = dict(param.strip().split("=", 1) for param in params.split(","))
            self.assertEqual(sorted(params), ["k", "t"])
            self.assertEqual(params["k"], self.vapid_public_key)
            jose, claims, signature = params["t"].split(".")
            self.assertEqual(json.loads(b64url_decode(jose)), {"typ": "JWT", "alg": "ES256"})
            signature = b64url_decode(signature)
            self.assertEqual(len(signature), 64)
            vapid_key.verify(  # raises InvalidSignature when not signed by the stored VAPID key
                utils.encode_dss_signature(
                    int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
                ),
                f"{jose}.{claims}".encode(),
                ec.ECDSA(hashes.SHA256()),
            )
            claims = json.loads(b64url_decode(claims))
            self.assertEqual(sorted(claims), ["aud", "exp", "sub"])
            self.assertEqual(claims["aud"], f"http://127.0.0.1:{self.port}")
            self.assertEqual(claims["sub"], "https://crm.example.ru")
            self.assertGreaterEqual(claims["exp"], sent_at + 12 * 3600)
            self.assertLessEqual(claims["exp"], int(time.time()) + 12 * 3600)

            # the body: only the browser holding the device's private key and auth secret can read it
            endpoint = f"http://127.0.0.1:{self.port}{request['path']}"
            decrypted = decrypt_aes128gcm(request["body"], *self.devices[endpoint])
            self.assertEqual(decrypted["records"], 1)
            self.assertEqual(decrypted["record_size"], 4096)
            self.assertEqual(decrypted["plaintext"].decode(), queued[endpoint])
            self.assertEqual(json.loads(decrypted["plaintext"])["title"], "New request: Пётр Гусев")
            self.assertEqual(json.loads(decrypted["plaintext"])["options"]["data"]["model"], "crm.lead")

        # the queue is emptied, the devices stay
        self.assertFalse(self.pushes(devices))
        self.assertEqual(len(devices.exists()), 2)

    def test_rejected_subscriptions_are_removed(self):
        accepted = self.register_device(self.sales_user, 1)
        gone = self.register_device(self.sales_user, 2)
        unknown = self.register_device(self.sales_user, 3)
        self.server.statuses.update({"/push/2": 410, "/push/3": 404})
        self.new_request()
        self.new_request(lead=self.lead, summary="Ещё одна заявка")
        self.assertEqual(len(self.pushes(accepted | gone | unknown)), 6)

        with self.assertLogs("odoo.addons.mail.tools.web_push", "WARNING") as logs:
            self.env["mail.push"]._push_notification_to_endpoint()

        # a device answered 404 / 410 is not tried again for its second push
        self.assertEqual(
            [request["path"] for request in self.server.received], ["/push/1", "/push/2", "/push/3", "/push/1"]
        )
        self.assertEqual(len(logs.records), 2)
        self.assertEqual(accepted.exists(), accepted)
        self.assertFalse(gone.exists())
        self.assertFalse(unknown.exists())
        self.assertFalse(self.env["mail.push"].sudo().search([]))
        self.assertFalse(self.env["mail.push.device"].sudo().search([("endpoint", "like", "/push/2")]))
