from odoo import api, fields, models

CALLBACK_TYPE = "crm_vtiger_like.mail_activity_type_callback"


class CrmCommunication(models.Model):
    """Planning a callback schedules a Callback activity (Перезвонить) for the
    communication's responsible user; completing it offers to log the repeat
    communication."""

    _inherit = "crm.communication"

    callback_activity_id = fields.Many2one("mail.activity", readonly=True, copy=False, ondelete="set null")

    @api.model_create_multi
    def create(self, vals_list):
        communications = super().create(vals_list)
        communications.filtered("callback_date")._vtiger_schedule_callbacks()
        return communications

    def write(self, vals):
        result = super().write(vals)
        if "callback_date" in vals:
            self._vtiger_schedule_callbacks()
        elif "user_id" in vals:
            self.filtered("callback_activity_id")._vtiger_schedule_callbacks()
        return result

    def _vtiger_schedule_callbacks(self):
        """Create, move or cancel the Callback activity of each communication
        after its callback date and responsible user. A callback done keeps
        its date: the communication tells when it was planned."""
        activity_type = self and self.env.ref(CALLBACK_TYPE, raise_if_not_found=False)
        if not activity_type:
            return
        self.filtered(lambda c: not c.callback_date and c.callback_activity_id).callback_activity_id.unlink()
        to_create = []
        for communication in self.filtered("callback_date"):
            values = {
                "date_deadline": fields.Date.context_today(communication, communication.callback_date),
                "user_id": (communication.user_id or self.env.user).id,
            }
            if communication.callback_activity_id:
                communication.callback_activity_id.write(values)
                continue
            summary = communication.purpose_id.name or communication.summary
            to_create.append(
                (
                    communication,
                    {
                        **values,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": communication.id,
                    },
                )
            )
        if to_create:
            activities = self.env["mail.activity"].create([values for _communication, values in to_create])
            for (communication, _values), activity in zip(to_create, activities, strict=True):
                communication.callback_activity_id = activity

    def action_callback_done(self):
        """Mark the callback done and open the repeat communication to log."""
        self.ensure_one()
        self.callback_activity_id.action_feedback()
        return self.action_log_repeat()

    def action_log_repeat(self):
        """A new communication with the same client and request, as a callback."""
        self.ensure_one()
        return self._vtiger_log_action(
            {
                "partner_id": self.partner_id.id,
                "lead_id": self.lead_id.id,
                "contact_name": self.contact_name,
                "phone": self.phone,
                "email": self.email,
                "channel": "call",
                "direction": "outbound",
                "purpose_id": self.purpose_id.id,
            }
        )


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def action_feedback_schedule_next(self, feedback=False, attachment_ids=None):
        """ "Done & Schedule Next" on a callback opens the repeat communication
        to log instead of another activity."""
        callback = self.env["crm.communication"]
        if (
            len(self) == 1
            and self.res_model == "crm.communication"
            and self.activity_type_id == self.env.ref(CALLBACK_TYPE, raise_if_not_found=False)
        ):
            callback = callback.browse(self.res_id).exists()
        if not callback:
            return super().action_feedback_schedule_next(feedback=feedback, attachment_ids=attachment_ids)
        self.action_feedback(feedback=feedback, attachment_ids=attachment_ids)
        return callback.action_log_repeat()
