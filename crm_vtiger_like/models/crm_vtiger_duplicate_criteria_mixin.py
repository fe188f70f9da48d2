from odoo import fields, models


class CrmVtigerDuplicateCriteriaMixin(models.AbstractModel):
    """What duplicates are looked for among, and by which shared values:
    the choices of "Find duplicates" and of a bulk merge."""

    _name = "crm.vtiger.duplicate.criteria.mixin"
    _description = "Duplicate criteria"

    res_model = fields.Selection(
        [("res.partner", "Accounts and Contacts"), ("crm.lead", "Leads and Deals")],
        required=True,
        default="res.partner",
    )
    by_phone = fields.Boolean("Phone", default=True, help="Any phone field, in any format.")
    by_email = fields.Boolean("E-mail")
    by_inn = fields.Boolean("INN")
    by_name = fields.Boolean("Same Name")
    by_similar_name = fields.Boolean(
        "Similar Name", help="Ignoring case, quotes, punctuation, word order and legal forms (ООО, ИП...)."
    )
