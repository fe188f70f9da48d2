from collections import defaultdict

from odoo import api, fields, models


class CrmCommunicationCardMixin(models.AbstractModel):
    """The communications of a card (lead, deal, account, contact): their
    count, their list and a "Log communication" button prefilled with the
    client."""

    _name = "crm.communication.card.mixin"
    _description = "Communications on a card"

    communication_count = fields.Integer("Number of Communications", compute="_compute_communication_count")

    def _vtiger_communication_domain(self):
        """Domain of the communications shown on this card."""
        raise NotImplementedError

    def _vtiger_communication_groups(self):
        """[(field of crm.communication, records)]: the communications of
        ``records`` are those whose ``field`` is one of them."""
        raise NotImplementedError

    def _vtiger_communication_defaults(self):
        """Values of a communication logged from this card."""
        raise NotImplementedError

    def _vtiger_communication_counts(self, domain=(), groupby=()):
        """{record id: {values of ``groupby``: count}} of the communications
        of these records matching ``domain``: one grouped query per field."""
        counts = defaultdict(dict)
        Communication = self.env["crm.communication"]
        for fname, records in self._vtiger_communication_groups():
            if not records.ids:
                continue
            for record, *values, count in Communication._read_group(
                [(fname, "in", records.ids), *domain], [fname, *groupby], ["__count"]
            ):
                counts[record.id][tuple(values) if len(values) != 1 else values[0]] = count
        return counts

    @api.depends_context("uid")
    def _compute_communication_count(self):
        counts = self._vtiger_communication_counts()
        for record in self:
            record.communication_count = counts.get(record.id, {}).get((), 0)

    def action_view_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_vtiger_like.crm_communication_action")
        action["domain"] = self._vtiger_communication_domain()
        action["context"] = {
            f"default_{fname}": value for fname, value in self._vtiger_communication_defaults().items()
        }
        action["display_name"] = self.env._("Communications of %(record)s", record=self.display_name)
        return action

    def action_log_communication(self):
        """The short form of a communication with this client, in a dialog."""
        self.ensure_one()
        return self.env["crm.communication"]._vtiger_log_action(self._vtiger_communication_defaults())
