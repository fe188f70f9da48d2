from odoo import api, fields, models
from odoo.osv import expression


class CrmLead(models.Model):
    """Leads archived for another reason than a loss: converted without a
    deal (vtiger keeps the converted lead) or merged into another lead or
    deal. Odoo reads "archived" as "lost"; these never show or count so."""

    _inherit = "crm.lead"

    vtiger_merged_into_id = fields.Many2one(
        "crm.lead",
        "Merged Into",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The lead or deal this record was merged into (it was archived, not lost).",
    )
    vtiger_not_lost = fields.Boolean(
        "Archived, not Lost",
        compute="_compute_vtiger_not_lost",
        help="Converted without a deal, or merged into another record.",
    )

    @api.depends("type", "date_conversion", "vtiger_merged_into_id")
    def _compute_vtiger_not_lost(self):
        for lead in self:
            lead.vtiger_not_lost = lead._vtiger_is_not_lost({})

    def _vtiger_is_not_lost(self, vals):
        """Whether this lead, once ``vals`` are written, is archived as
        converted or merged rather than lost."""
        self.ensure_one()
        converted = vals.get("type", self.type) == "lead" and vals.get("date_conversion", self.date_conversion)
        return bool(converted or vals.get("vtiger_merged_into_id", self.vtiger_merged_into_id))

    @api.model
    def _vtiger_may_be_lost_domain(self):
        return [
            "&",
            "|",
            ("type", "!=", "lead"),
            ("date_conversion", "=", False),
            ("vtiger_merged_into_id", "=", False),
        ]

    def _handle_won_lost(self, vals):
        """Archiving (or restoring) a converted or merged lead is neither a
        loss nor a recovery for predictive lead scoring."""
        if "active" not in vals:
            return super()._handle_won_lost(vals)
        not_lost = self.filtered(lambda lead: lead._vtiger_is_not_lost(vals))
        return super(CrmLead, self - not_lost)._handle_won_lost(vals)

    def _pls_get_lead_pls_values(self, domain=None):
        """The scoring frequencies (rebuilt or incremented) never count them."""
        if domain:
            domain = expression.AND([domain, self._vtiger_may_be_lost_domain()])
        return super()._pls_get_lead_pls_values(domain=domain or [])

    def _track_subtype(self, init_values):
        """Their archiving is logged as a change, not as "lost"."""
        self.ensure_one()
        if "active" in init_values and not self.active and self.vtiger_not_lost:
            return False
        return super()._track_subtype(init_values)
