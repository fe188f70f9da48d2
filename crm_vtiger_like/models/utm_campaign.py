from odoo import fields, models


class UtmCampaign(models.Model):
    """The leads, deals and clients of a campaign (vtiger's many-to-many): a
    campaign created from a card's list is linked to the card."""

    _inherit = "utm.campaign"

    vtiger_lead_ids = fields.Many2many(
        "crm.lead", "crm_vtiger_lead_campaign_rel", "campaign_id", "lead_id", "Leads and Deals", copy=False
    )
    vtiger_partner_ids = fields.Many2many(
        "res.partner", "crm_vtiger_partner_campaign_rel", "campaign_id", "partner_id", "Clients", copy=False
    )
