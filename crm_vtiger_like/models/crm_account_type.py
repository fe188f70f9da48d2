from odoo import models


class CrmAccountType(models.Model):
    _name = "crm.account.type"
    _inherit = "crm.vtiger.picklist.mixin"
    _description = "Account Type"
