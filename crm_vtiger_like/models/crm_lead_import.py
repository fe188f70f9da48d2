from collections import defaultdict

from odoo import api, models

# what decides how a new lead counts for predictive lead scoring: crm's
# ``_handle_won_lost`` reads the first two, ``crm_lead_archive`` the others
WON_LOST_FIELDS = ("stage_id", "active", "type", "date_conversion", "vtiger_merged_into_id")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def get_import_templates(self):
        """Odoo's import offers the vtiger leads template next to crm's own."""
        return [*super().get_import_templates(), *self.env["crm.vtiger.import"]._vtiger_import_templates(["leads"])]

    @api.model_create_multi
    def create(self, vals_list):
        """In a vtiger import (context ``crm_vtiger_pls_batch``), the won and
        lost leads are counted in crm's scoring frequencies once for the
        batch, by the leads of the same values, rather than lead by lead
        (crm writes every frequency row it changes for each lead)."""
        if not self.env.context.get("crm_vtiger_pls_batch"):
            return super().create(vals_list)
        leads = super(CrmLead, self.with_context(crm_vtiger_pls_deferred=True)).create(vals_list)
        leads = leads.with_env(self.env)
        groups = defaultdict(list)
        for lead, vals in zip(leads, vals_list, strict=True):
            if "stage_id" in vals or "active" in vals:
                groups[tuple((fname, vals[fname]) for fname in WON_LOST_FIELDS if fname in vals)].append(lead.id)
        for key, ids in groups.items():
            self.browse(ids)._handle_won_lost(dict(key))
        return leads

    def _handle_won_lost(self, vals):
        if self.env.context.get("crm_vtiger_pls_deferred"):
            return None
        return super()._handle_won_lost(vals)
