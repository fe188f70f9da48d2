from odoo import fields, models


class ResPartner(models.Model):
    """Accounts' and contacts' related objects (vtiger tables 5.6 and 5.9)."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.vtiger.related.mixin"]
    _vtiger_related_inverse = "vtiger_partner_ids"

    product_ids = fields.Many2many(
        "product.product",
        "crm_vtiger_partner_product_rel",
        "partner_id",
        "product_id",
        "Products and Services",
        help="What the client buys or is interested in (vtiger: Товары, Услуги).",
    )
    campaign_ids = fields.Many2many(
        "utm.campaign",
        "crm_vtiger_partner_campaign_rel",
        "partner_id",
        "campaign_id",
        "Campaigns",
        help="The marketing campaigns the client takes part in.",
    )

    def action_view_opportunity(self):
        """crm's "Opportunities" button, vtiger's Deals: its "New" creates a
        deal of this client."""
        action = super().action_view_opportunity()
        action["context"] = {
            **action.get("context", {}),
            "default_partner_id": self.id,
            "default_type": "opportunity",
        }
        return action
