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

    def _vtiger_convert_partners(self, account=None, contact=None, create_account=True, create_contact=True):
        account, contact = super()._vtiger_convert_partners(account, contact, create_account, create_contact)
        client = contact or account
        if client:
            # every communication of the lead, also those the converting user cannot see
            self.sudo().communication_ids.filtered(lambda c: c.partner_id not in account | contact).partner_id = client
        return account, contact

    def _merge_dependences(self, opportunities):
        """Odoo's own lead merge (crm's merge wizard and "merge with existing"
        in its conversion) deletes the merged leads: their communications
        move to the kept one first."""
        result = super()._merge_dependences(opportunities)
        self.env["crm.communication"].sudo().search([("lead_id", "in", opportunities.ids)]).lead_id = self
        return result
