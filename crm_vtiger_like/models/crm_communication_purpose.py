from odoo import models


class CrmCommunicationPurpose(models.Model):
    _name = "crm.communication.purpose"
    _inherit = "crm.vtiger.picklist.mixin"
    _description = "Callback Purpose"
