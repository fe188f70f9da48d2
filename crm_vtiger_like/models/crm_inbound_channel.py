import hashlib
import hmac
import logging
import secrets
import textwrap

import psycopg2

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, plaintext2html

from .crm_communication import CHANNELS

_logger = logging.getLogger(__name__)

# payload keys (lower case) -> what they fill; site builders name their fields freely
PAYLOAD_KEYS = {
    "name": "name",
    "phone": "phone",
    "email": "email",
    "e-mail": "email",
    "message": "message",
    "comments": "message",
    "comment": "message",
    "source": "source",
    "external_id": "external_id",
    "tranid": "external_id",
}
UNIQUE_CONSTRAINT = "crm_communication_external_id_uniq"


class CrmInboundChannel(models.Model):
    """A sender of inbound requests (Venyoo, 2GIS, Instagram, a site form):
    it posts them to ``/crm_vtiger_like/inbound`` with its own token, and
    each one becomes an inbound communication (SPEC 3.3)."""

    _name = "crm.inbound.channel"
    _description = "Inbound Request Channel"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    channel = fields.Selection(
        CHANNELS,
        "Communication Channel",
        required=True,
        default="website_form",
        help="The channel of the communications this sender creates.",
    )
    source_id = fields.Many2one(
        "utm.source",
        help="The source of the new requests it sends (a request may name another one); "
        "empty: the default source of the CRM settings.",
    )
    team_id = fields.Many2one(
        "crm.team", "Sales Team", check_company=True, help="The sales team its requests and their leads go to."
    )
    user_id = fields.Many2one(
        "res.users",
        "Assigned To",
        domain="[('share', '=', False)]",
        help="The salesperson its requests and their leads are assigned to; empty: nobody.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    token_hash = fields.Char(groups="base.group_system", copy=False, readonly=True, index="btree_not_null")
    token_hint = fields.Char(
        "Token",
        copy=False,
        readonly=True,
        help="The last characters of the token: the token itself is shown once, when it is generated.",
    )
    endpoint_url = fields.Char("Address", compute="_compute_endpoint_url", help="Where the sender posts its requests.")
    communication_count = fields.Integer("Communications", compute="_compute_communication_count")

    def _compute_endpoint_url(self):
        for channel in self:
            channel.endpoint_url = f"{channel.get_base_url()}/crm_vtiger_like/inbound"

    def _compute_communication_count(self):
        counts = dict(
            self.env["crm.communication"]._read_group(
                [("inbound_channel_id", "in", self.ids)], ["inbound_channel_id"], ["__count"]
            )
        )
        for channel in self:
            channel.communication_count = counts.get(channel, 0)

    @api.model
    def _vtiger_hash(self, token):
        return hashlib.sha256(token.encode()).hexdigest()

    def action_generate_token(self):
        """Give the channel a new token (the old one stops working) and show
        it once: only its hash is kept."""
        self.ensure_one()
        self.check_access("write")
        token = secrets.token_urlsafe(32)
        self.sudo().write({"token_hash": self._vtiger_hash(token), "token_hint": f"…{token[-4:]}"})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Token of %(channel)s", channel=self.name),
                "message": self.env._(
                    "Copy it now into the sender's settings, it will not be shown again: %(token)s", token=token
                ),
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_vtiger_like.crm_communication_action")
        action["domain"] = [("inbound_channel_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    @api.model
    def _vtiger_authenticate(self, token):
        """The active channel holding ``token``, or an empty recordset."""
        if not token:
            return self.browse()
        digest = self._vtiger_hash(token)
        channel = self.sudo().search([("token_hash", "=", digest)], limit=1)
        if channel and hmac.compare_digest(channel.token_hash, digest):
            return channel
        return self.browse()

    def _vtiger_receive(self, payload):
        """Record the request ``payload`` (a decoded JSON body or the posted
        form fields) as an inbound communication of this channel.

        Returns (receipt, created): the numbers of the communication and its
        lead for the sender (None for a connection test), and whether it was
        created now, False when the sender's ``external_id`` was received
        already. Raises UserError when the payload is not acceptable;
        nothing is created then.
        """
        self.ensure_one()
        request_data = self._vtiger_parse(payload)
        if request_data is None:
            return None, False
        external_id = request_data["external_id"]
        existing = self._vtiger_received(external_id)
        if existing:
            return self._vtiger_receipt(existing), False
        # created by OdooBot, not by the public user of the request
        Communication = (
            self.env["crm.communication"]
            .with_user(SUPERUSER_ID)
            .sudo()
            .with_company(self.company_id)
            .with_context(crm_vtiger_inbound=True, mail_create_nosubscribe=True)
        )
        try:
            with self.env.cr.savepoint():
                communication = Communication.create(self._vtiger_communication_values(request_data))
        except psycopg2.errors.UniqueViolation as error:
            if not external_id or error.diag.constraint_name != UNIQUE_CONSTRAINT:
                raise
            return self._vtiger_concurrent_receipt(external_id), False
        _logger.info("Inbound request %s received from channel %s", communication.communication_no, self.id)
        return self._vtiger_receipt(communication), True

    def _vtiger_parse(self, payload):
        """The request's name, phone, email, message, source, external_id and
        other text fields (``extra``), or None for a connection test
        (``test=test``, as Tilda sends). Keys are case-insensitive."""
        if not isinstance(payload, dict):
            raise UserError(self.env._("The body must be a JSON object or a form."))
        values = {"extra": []}
        for key, value in payload.items():
            lowered = key.strip().lower()
            target = PAYLOAD_KEYS.get(lowered)
            if target == "external_id" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                if target and value is not None:
                    raise UserError(self.env._("The field “%(field)s” must be a text.", field=key))
                continue
            value = value.strip()
            if target:
                values[target] = value or values.get(target)
            elif lowered == "test":
                values["test"] = value
            elif value and lowered != "token":
                values["extra"].append(f"{key}: {value}")
        phone, email = values.get("phone"), values.get("email")
        if not (phone or email):
            if values.get("test", "").lower() == "test":
                return None
            raise UserError(self.env._("The request needs a phone number or an e-mail address."))
        if email and not email_normalize(email, strict=False):
            raise UserError(self.env._("“%(email)s” is not a valid e-mail address.", email=email))
        source = self.source_id
        if values.get("source"):
            source = self.env["utm.source"].sudo().search([("name", "=ilike", values["source"])], limit=1)
            if not source:
                raise UserError(self.env._("There is no source “%(name)s”.", name=values["source"]))
        return {
            "name": values.get("name"),
            "phone": phone,
            "email": email,
            "message": values.get("message"),
            "source": source,
            "external_id": values.get("external_id"),
            "extra": values["extra"],
        }

    def _vtiger_communication_values(self, request_data):
        message = request_data["message"]
        note = "\n\n".join(filter(None, [message, "\n".join(request_data["extra"])]))
        values = {
            "channel": self.channel,
            "direction": "inbound",
            "contact_name": request_data["name"],
            "phone": request_data["phone"],
            "email": request_data["email"],
            "summary": textwrap.shorten(message.splitlines()[0], 100, placeholder="…") if message else False,
            "note": plaintext2html(note) if note else False,
            "source_id": request_data["source"].id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "inbound_channel_id": self.id,
            "external_id": request_data["external_id"],
        }
        if self.team_id:
            values["team_id"] = self.team_id.id
        return values

    def _vtiger_received(self, external_id):
        """The communication this channel received with ``external_id``."""
        if not external_id:
            return self.env["crm.communication"]
        return (
            self.env["crm.communication"]
            .sudo()
            .search([("inbound_channel_id", "=", self.id), ("external_id", "=", external_id)], limit=1)
        )

    def _vtiger_concurrent_receipt(self, external_id):
        """The receipt of a request received at the same time by another
        transaction: committed after this one's snapshot, it is read in a new
        transaction."""
        with self.env.registry.cursor() as cr:
            channel = self.with_env(self.env(cr=cr))
            return channel._vtiger_receipt(channel._vtiger_received(external_id))

    @api.model
    def _vtiger_receipt(self, communication):
        """What the sender is told about ``communication``."""
        lead = communication.lead_id
        return {
            "lead": (lead.deal_no if lead.type == "opportunity" else lead.lead_no) or None,
            "communication": communication.communication_no,
            "kind": communication.kind,
        }
