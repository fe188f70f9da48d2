from odoo import fields, models


class CrmVtigerPicklistMixin(models.AbstractModel):
    """An admin-editable list of values, like vtiger's picklists."""

    _name = "crm.vtiger.picklist.mixin"
    _description = "vtiger picklist"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
