from odoo import api, models


class CrmLead(models.Model):
    """One duplicates button on the lead / deal card: the records sharing a
    phone number (our phone index) and crm's potential duplicates (same
    e-mail domain, same customer, same phone), in the list of the card's kind."""

    _inherit = "crm.lead"

    def _vtiger_all_duplicate_ids(self):
        """{lead id: ids of its phone duplicates and crm's similar leads}, among
        the active records the user may open."""
        by_phone = self._vtiger_duplicate_ids()  # saved records only
        duplicates = {lead.id: {*by_phone.get(lead.id, ()), *(lead.duplicate_lead_ids - lead).ids} for lead in self}
        visible = set(self.search([("id", "in", list({i for ids in duplicates.values() for i in ids}))]).ids)
        return {lead_id: sorted(visible.intersection(ids)) for lead_id, ids in duplicates.items()}

    @api.depends_context("uid")
    def _compute_duplicate_count(self):
        duplicates = self._vtiger_all_duplicate_ids()
        for lead in self:
            lead.duplicate_count = len(duplicates.get(lead.id, ()))

    def action_view_duplicates(self):
        """The lead with its duplicates, in the leads list for a lead and in
        the deals list for a deal."""
        self.ensure_one()
        action = super().action_view_duplicates()
        is_lead = self.type == "lead"
        list_view = self.env.ref("crm.crm_case_tree_view_leads" if is_lead else "crm.crm_case_tree_view_oppor")
        search_view = self.env.ref(
            "crm.view_crm_case_leads_filter" if is_lead else "crm.view_crm_case_opportunities_filter"
        )
        action.update(
            domain=[("id", "in", [self.id, *self._vtiger_all_duplicate_ids()[self.id]])],
            views=[(list_view.id, "list"), (self.env.ref("crm.crm_lead_view_form").id, "form")],
            search_view_id=[search_view.id, search_view.sudo().name],
        )
        return action
