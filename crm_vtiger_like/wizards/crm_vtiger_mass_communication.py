from odoo import fields, models
from odoo.exceptions import UserError

from ..models.crm_communication import CHANNELS, DIRECTIONS


class CrmVtigerMassCommunication(models.TransientModel):
    """Log the same communication (a mailing, a round of calls...) on each
    selected lead, account or contact, attached to it as its card would."""

    _name = "crm.vtiger.mass.communication"
    _inherit = "crm.vtiger.mass.wizard"
    _description = "Log a communication on leads, accounts and contacts"

    channel = fields.Selection(CHANNELS, required=True, default="call")
    direction = fields.Selection(DIRECTIONS, required=True, default="outbound")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    summary = fields.Char("Subject")
    note = fields.Html()
    source_id = fields.Many2one(
        "utm.source", help="Reports the communications that are new: the first contact with the client."
    )
    purpose_id = fields.Many2one(
        "crm.communication.purpose",
        "Callback Purpose",
        help="Reports the communications that are repeat: the client was in contact recently.",
    )

    def action_log(self):
        self.ensure_one()
        if not (self.source_id or self.purpose_id):
            raise UserError(
                self.env._("Choose a source (for new communications) or a callback purpose (for repeat ones).")
            )
        records = self._vtiger_records()
        communications = self.env["crm.vtiger.mass"].log_communications(
            records,
            {
                "channel": self.channel,
                "direction": self.direction,
                "date": self.date,
                "summary": self.summary,
                "note": self.note,
                "source_id": self.source_id.id,
                "purpose_id": self.purpose_id.id,
            },
        )
        return self._vtiger_done(self.env._("%(count)s communications logged", count=len(communications)))
