from odoo import models


class CrmLead(models.Model):
    """The Summary tab of deals: the contacts of the deal's account, and its
    quotations and orders when Sales links them to deals (sale_crm)."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.vtiger.summary.mixin"]

    def _vtiger_summary_card(self):
        return "deal"

    def _vtiger_summary_card_sources(self):
        sources = {"contacts": self._vtiger_summary_contacts(self.partner_id.commercial_partner_id)}
        if "sale.order" in self.env and "opportunity_id" in self.env["sale.order"]._fields:
            deal = [("opportunity_id", "=", self.id)]
            sources["quotations"] = self._vtiger_summary_orders(deal, True, self.action_sale_quotations_new)
            sources["orders"] = self._vtiger_summary_orders(deal, False, None)
        return sources
