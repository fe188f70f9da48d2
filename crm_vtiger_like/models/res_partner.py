from odoo import fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.vtiger.number.mixin"]

    _vtiger_number_codes = {
        "account_no": "crm_vtiger_like.account",
        "contact_no": "crm_vtiger_like.contact",
    }
    _vtiger_number_depends = ("is_company", "type")
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "account_no",
        "contact_no",
    ]

    account_no = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="vtiger account number, given to companies.",
    )
    contact_no = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="vtiger contact number, given to persons (not to addresses).",
    )

    kpp = fields.Char("KPP", size=9, help="Russian tax registration reason code (КПП).")

    def _vtiger_due_number_fields(self):
        if self.is_company:
            return ("account_no",)
        return ("contact_no",) if self.type == "contact" else ()
