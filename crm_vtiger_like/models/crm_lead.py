from odoo import fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.vtiger.number.mixin"]

    _vtiger_number_codes = {
        "lead_no": "crm_vtiger_like.lead",
        "deal_no": "crm_vtiger_like.deal",
    }
    _vtiger_number_depends = ("type",)
    _rec_names_search = ["name", "lead_no", "deal_no"]

    lead_no = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="vtiger lead number, given when the record is created as a lead.",
    )
    deal_no = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="vtiger potential number, given when the record becomes a deal.",
    )

    def _vtiger_due_number_fields(self):
        return ("lead_no",) if self.type == "lead" else ("deal_no",)
