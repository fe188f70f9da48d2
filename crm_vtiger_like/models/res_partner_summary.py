from odoo import models


class ResPartner(models.Model):
    """The Summary tab of accounts and contacts: an account sums up its
    contacts' deals, orders and invoices too."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.vtiger.summary.mixin"]

    def _vtiger_summary_card(self):
        return "account" if self.is_company else "contact"

    def _vtiger_summary_card_sources(self):
        partner = (
            [("partner_id.commercial_partner_id", "=", self.id)] if self.is_company else [("partner_id", "=", self.id)]
        )

        def new_quotation():
            return self._vtiger_summary_form("sale.order", {"default_partner_id": self.id}, target="current")

        return {
            "deals": self._vtiger_summary_deals(partner),
            "contacts": self._vtiger_summary_contacts(self) if self.is_company else None,
            "quotations": self._vtiger_summary_orders(partner, True, new_quotation),
            "orders": self._vtiger_summary_orders(partner, False, None),
            "invoices": self._vtiger_summary_invoices(
                [("commercial_partner_id", "=", self.id)] if self.is_company else [("partner_id", "=", self.id)]
            ),
        }
