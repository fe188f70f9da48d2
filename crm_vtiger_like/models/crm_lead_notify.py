from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .crm_communication_notify import NOTIFICATION_TYPE, notify_on_commit


class CrmLead(models.Model):
    """ "Take it" from a new-request alert, and the alert of users who asked
    to know when a lead is assigned to them."""

    _inherit = "crm.lead"

    def write(self, vals):
        before = {lead.id: lead.user_id for lead in self} if vals.get("user_id") else {}
        result = super().write(vals)
        if before:
            notify_on_commit(self.filtered(lambda lead: lead.user_id != before[lead.id]), "_vtiger_notify_assigned")
        return result

    def _vtiger_notify_assigned(self):
        """Alert the new salesperson (when subscribed to assignments, and not
        the one who assigned it)."""
        for lead in self:
            user = lead.user_id
            if not (user.crm_notify_new and user.crm_notify_assign) or user == self.env.user or user.share:
                continue
            as_user = lead.with_user(user).with_context(lang=user.lang)
            if not as_user._filtered_access("read"):
                continue
            communication = self.env["crm.communication"].sudo().search([("lead_id", "=", lead.id)], limit=1)
            if communication:
                payload = (
                    communication.with_user(user).with_context(lang=user.lang)._vtiger_notification_payload("assigned")
                )
            else:
                payload = as_user._vtiger_assignment_payload()
            if user._crm_notify_wants("inpage"):
                user._bus_send(NOTIFICATION_TYPE, payload)
            if user._crm_notify_wants("push") and not user._crm_notify_is_quiet():
                Communication = self.env["crm.communication"]
                Communication._vtiger_queue_pushes(Communication._vtiger_push_values(user, payload))

    def _vtiger_assignment_payload(self):
        self.ensure_one()
        return {
            "event": "assigned",
            "title": self.env._("Lead assigned to you"),
            "communication_id": False,
            "communication_no": "",
            "kind": False,
            "client": self.partner_id.display_name or self.contact_name or self.partner_name or "",
            "source": self.source_id.display_name or "",
            "summary": self.name or "",
            "lead_id": self.id,
            "lead_number": (self.deal_no if self.type == "opportunity" else self.lead_no) or "",
            "lead_name": self.display_name,
            "assigned": True,
            "assigned_to": self.user_id.display_name,
        }

    def action_vtiger_take(self):
        """Assign this lead to the current user if nobody has it yet ("Take
        it" in a new-request alert). The row is locked: of two users
        clicking at once, the second is told who took it."""
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(self.env._("Only salespeople can take leads."))
        self.flush_recordset(["user_id"])
        [(user_id,)] = self.env.execute_query(SQL("SELECT user_id FROM crm_lead WHERE id = %s FOR UPDATE", self.id))
        if user_id and user_id != self.env.uid:
            # who has it, and the lead's name, only to those who may still read it
            if not self._filtered_access("read"):
                raise UserError(self.env._("This lead is already taken by another salesperson."))
            taken_by = self.env["res.users"].sudo().browse(user_id).display_name
            raise UserError(self.env._("%(lead)s is already taken by %(user)s.", lead=self.display_name, user=taken_by))
        if not user_id:
            self.check_access("write")
            self.user_id = self.env.user
        return True
