from odoo import fields, models


class ResPartner(models.Model):
    """Communications are kept in the client: an account shows its contacts'
    communications too."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.communication.card.mixin"]

    communication_ids = fields.One2many("crm.communication", "partner_id", "Own Communications")
    account_communication_ids = fields.One2many(
        "crm.communication", "commercial_partner_id", "Communications of the Account"
    )

    def _vtiger_communication_domain(self):
        if self.is_company:
            return [("commercial_partner_id", "=", self.id)]
        return [("partner_id", "=", self.id)]

    def _vtiger_communication_groups(self):
        accounts = self.filtered("is_company")
        return [("commercial_partner_id", accounts), ("partner_id", self - accounts)]

    def _vtiger_communication_defaults(self):
        return {"partner_id": self.id, "phone": self.mobile or self.phone, "email": self.email}
