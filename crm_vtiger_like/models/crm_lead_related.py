from odoo import api, fields, models


class CrmLead(models.Model):
    """Leads' and deals' related objects (vtiger table 5.3): products,
    services and campaigns, carried to the account (and the contact, for
    campaigns) by the conversion. Odoo's single ``campaign_id`` keeps working
    and is always one of ``campaign_ids``."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.vtiger.related.mixin"]
    _vtiger_related_inverse = "vtiger_lead_ids"

    product_ids = fields.Many2many(
        "product.product",
        "crm_vtiger_lead_product_rel",
        "lead_id",
        "product_id",
        "Products and Services",
        help="What the request is about (vtiger: Товары, Услуги).",
    )
    campaign_ids = fields.Many2many(
        "utm.campaign",
        "crm_vtiger_lead_campaign_rel",
        "lead_id",
        "campaign_id",
        "Campaigns",
        help="The marketing campaigns the lead belongs to; the campaign of Odoo's marketing tab is one of them.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vtiger_link_campaign(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._vtiger_link_campaign(dict(vals)))

    @api.model
    def _vtiger_link_campaign(self, vals):
        """Add Odoo's ``campaign_id`` of ``vals`` to its ``campaign_ids``."""
        if vals.get("campaign_id"):
            commands = list(vals.get("campaign_ids") or [])
            if commands and all(isinstance(value, int) for value in commands):
                commands = [fields.Command.set(commands)]
            vals["campaign_ids"] = [*commands, fields.Command.link(vals["campaign_id"])]
        return vals

    def _vtiger_convert_partners(self, choices):
        done = super()._vtiger_convert_partners(choices)
        for lead, (account, contact) in done.items():
            links = [fields.Command.link(campaign.id) for campaign in lead.campaign_ids]
            if account:
                account.write(
                    {
                        "product_ids": [fields.Command.link(product.id) for product in lead.product_ids],
                        "campaign_ids": links,
                    }
                )
            if contact and links:
                contact.campaign_ids = links
        return done
