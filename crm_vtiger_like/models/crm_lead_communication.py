from odoo import fields, models


class CrmLead(models.Model):
    """A lead's or deal's communications: they stay on the deal, and the
    conversion gives them the new account / contact as client."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.communication.card.mixin"]

    communication_ids = fields.One2many("crm.communication", "lead_id", "Communications")

    def _vtiger_communication_domain(self):
        return [("lead_id", "=", self.id)]

    def _vtiger_communication_groups(self):
        return [("lead_id", self)]

    def _vtiger_communication_defaults(self):
        return {
            "lead_id": self.id,
            "partner_id": self.partner_id.id,
            "contact_name": self.contact_name,
            "phone": self.mobile or self.phone,
            "email": self.email_from,
        }

    def _vtiger_convert_partners(self, choices):
        done = super()._vtiger_convert_partners(choices)
        for lead, (account, contact) in done.items():
            if client := contact or account:
                # every communication of the lead, also those the converting user cannot see
                kept = account | contact
                moved = lead.sudo().communication_ids.filtered(lambda c, kept=kept: c.partner_id not in kept)
                moved.partner_id = client
        return done

    def _merge_dependences(self, opportunities):
        """Odoo's own lead merge (crm's merge wizard and "merge with existing"
        in its conversion) deletes the merged leads: their communications
        move to the kept one first."""
        result = super()._merge_dependences(opportunities)
        self.env["crm.communication"].sudo().search([("lead_id", "in", opportunities.ids)]).lead_id = self
        return result
