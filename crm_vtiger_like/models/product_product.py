from odoo import fields, models


class ProductProduct(models.Model):
    """The leads, deals and clients a product or service is linked to: a
    product created from a card's list is linked to the card."""

    _inherit = "product.product"

    vtiger_lead_ids = fields.Many2many(
        "crm.lead", "crm_vtiger_lead_product_rel", "product_id", "lead_id", "Leads and Deals", copy=False
    )
    vtiger_partner_ids = fields.Many2many(
        "res.partner", "crm_vtiger_partner_product_rel", "product_id", "partner_id", "Clients", copy=False
    )
