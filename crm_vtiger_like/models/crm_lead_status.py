from odoo import models


class CrmLeadStatus(models.Model):
    _name = "crm.lead.status"
    _inherit = "crm.vtiger.picklist.mixin"
    _description = "Lead Status"
