from odoo import models


class CrmVtigerRating(models.Model):
    _name = "crm.vtiger.rating"
    _inherit = "crm.vtiger.picklist.mixin"
    _description = "Rating"
