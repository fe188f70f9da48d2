import json
import logging

from odoo import api, models
from odoo.tools import html2plaintext

_logger = logging.getLogger(__name__)

NOTIFICATION_TYPE = "crm_vtiger_like/new_communication"


def notify_on_commit(records, method):
    """Call ``records.<method>()`` when the transaction commits, on those
    that still exist then: a record rolled back with a savepoint (a failed
    merge, conversion or import) alerts nobody, and a rolled-back
    transaction runs nothing. One call per model and method."""
    cr = records.env.cr
    key = f"crm_vtiger_like.{records._name}.{method}"
    if key not in cr.precommit.data:
        cr.precommit.data[key] = set()
        env, model = records.env, records._name

        @cr.precommit.add
        def run():
            ids = cr.precommit.data.pop(key, set())
            try:
                with cr.savepoint():
                    getattr(env[model].browse(sorted(ids)).exists(), method)()
            except Exception:
                # an alert that cannot be sent never undoes what was saved
                _logger.exception("Alerts of %s %s not sent", model, sorted(ids))

    cr.precommit.data[key].update(records.ids)


class CrmCommunication(models.Model):
    """Alerts on new requests (SPEC 3.4): every subscribed internal user who
    may read the communication (and its lead) gets a toast in their open
    Odoo tabs, through the bus (queued when the transaction commits, never
    for a rolled-back communication), and a Web Push on their subscribed devices, queued
    for Odoo's mail.push cron (never sent from the user's transaction)."""

    _inherit = "crm.communication"

    @api.model_create_multi
    def create(self, vals_list):
        communications = super().create(vals_list)
        notify_on_commit(communications, "_vtiger_notify")
        return communications

    def _vtiger_notify(self):
        subscribers = (
            self.env["res.users"]
            .sudo()
            .search([("crm_notify_new", "=", True), ("share", "=", False), ("active", "=", True)])
        )
        if not subscribers:
            return
        pushes = []
        for user in subscribers:
            for communication in self.filtered(lambda c, u=user: c._vtiger_matches(u))._vtiger_readable_by(user):
                as_user = communication.with_user(user).with_context(lang=user.lang)
                payload = as_user._vtiger_notification_payload("repeat" if communication.kind == "repeat" else "new")
                if user._crm_notify_wants("inpage"):
                    user._bus_send(NOTIFICATION_TYPE, payload)
                if user._crm_notify_wants("push") and not user._crm_notify_is_quiet():
                    pushes += as_user._vtiger_push_values(user, payload)
        self._vtiger_queue_pushes(pushes)

    def _vtiger_matches(self, user):
        """Whether this communication's kind, source, team and company match
        the alert filters of ``user`` (a subscriber)."""
        self.ensure_one()
        if self.kind == "repeat" and not user.crm_notify_repeat:
            return False
        source = self.source_id or self.lead_id.source_id
        if user.crm_notify_source_ids and source not in user.crm_notify_source_ids:
            return False
        team = self.team_id or self.lead_id.team_id
        if user.crm_notify_team_ids and team not in user.crm_notify_team_ids:
            return False
        return self.company_id in user.company_ids

    def _vtiger_readable_by(self, user):
        """Those of these communications ``user`` may read, with their lead,
        checked with the user's own rights: two queries for the lot."""
        readable = self.with_user(user)._filtered_access("read").sudo()
        leads = readable.lead_id.with_user(user)._filtered_access("read").sudo()
        return readable.filtered(lambda c: not c.lead_id or c.lead_id in leads)

    def _vtiger_notification_payload(self, event):
        """What the alert says, read with the recipient's rights and in their language."""
        self.ensure_one()
        lead = self.lead_id
        titles = {
            "new": self.env._("New request"),
            "repeat": self.env._("Repeat request"),
            "assigned": self.env._("Lead assigned to you"),
        }
        client = self.partner_id._filtered_access("read").display_name or self.contact_name or self.phone or self.email
        return {
            "event": event,
            "title": titles[event],
            "communication_id": self.id,
            "communication_no": self.communication_no,
            "kind": self.kind,
            "client": client or "",
            "source": (self.source_id or lead.source_id).display_name or "",
            "summary": self.summary or html2plaintext(self.note or "")[:200],
            "lead_id": lead.id or False,
            "lead_number": (lead.deal_no if lead.type == "opportunity" else lead.lead_no) or "",
            "lead_name": lead.display_name or "",
            "assigned": bool(lead.user_id),
            "assigned_to": lead.user_id.display_name or "",
        }

    @api.model
    def _vtiger_push_values(self, user, payload):
        """mail.push rows of ``payload`` for ``user``'s subscribed devices
        (Odoo's payload format: its service worker opens the lead, else the
        communication, on click)."""
        devices = self.env["mail.push.device"].sudo().search([("partner_id", "=", user.partner_id.id)])
        if not devices:
            return []
        number = payload["lead_number"] or payload["communication_no"]
        if payload["communication_id"]:
            tag = f"crm_vtiger_like-{payload['communication_id']}"
        else:
            tag = f"crm_vtiger_like-lead-{payload['lead_id']}"
        push = {
            "title": f"{payload['title']}: {payload['client']}" if payload["client"] else payload["title"],
            "options": {
                "body": " · ".join(filter(None, [number, payload["source"], payload["summary"]])),
                "icon": "/web/static/img/odoo-icon-192x192.png",
                "tag": tag,
                "data": {
                    "model": "crm.lead" if payload["lead_id"] else self._name,
                    "res_id": payload["lead_id"] or payload["communication_id"],
                },
            },
        }
        # one encrypted record of at most 4 KB, as Odoo's own pushes
        push = self.env["mail.thread"]._truncate_payload(push)
        return [{"mail_push_device_id": device.id, "payload": json.dumps(push)} for device in devices]

    @api.model
    def _vtiger_queue_pushes(self, values):
        if values:
            self.env["mail.push"].sudo().create(values)
            self.env.ref("mail.ir_cron_web_push_notification")._trigger()
