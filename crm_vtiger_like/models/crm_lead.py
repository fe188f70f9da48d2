from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .crm_vtiger_number_mixin import number_constraints, number_field

EMAIL_BTREE_INDEX = "crm_lead_email_normalized_btree_idx"


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = [
        "crm.lead",
        "crm.vtiger.number.mixin",
        "crm.vtiger.shared.mixin",
        "crm.vtiger.phone.mixin",
        "crm.vtiger.text.limit.mixin",
    ]

    _vtiger_number_codes = {
        "lead_no": "crm_vtiger_like.lead",
        "deal_no": "crm_vtiger_like.deal",
    }
    _vtiger_number_depends = ("type",)
    _vtiger_phone_fields = ("phone", "mobile", "fax")
    # crm fills the phone from a new customer: a new customer re-reads the numbers. A company that crm
    # recomputes from a new salesperson / team is not followed (crm's assignment writes those on many
    # leads at once, and a lead's numbers read the same in companies of one country)
    _vtiger_phone_depends = ("country_id", "company_id", "partner_id")
    _vtiger_url_fields = ("website", "vk_url", "twitter_url", "facebook_url")
    _vtiger_email_fields = ("email_from", "email_secondary")
    _rec_names_search = ["name", "lead_no", "deal_no"]

    lead_no = number_field("vtiger lead number, given when the record is created as a lead.")
    deal_no = number_field("vtiger potential number, given when the record becomes a deal.")

    _sql_constraints = number_constraints("lead_no", "deal_no")

    industry_id = fields.Many2one("res.partner.industry", tracking=True)
    lead_status_id = fields.Many2one(
        "crm.lead.status",
        default=lambda self: self._default_lead_status_id(),
        group_expand="_read_group_lead_status_ids",
        ondelete="restrict",
        tracking=True,
        index="btree_not_null",
    )
    last_sms_date = fields.Datetime("Last SMS Date", readonly=True, copy=False)
    vat = fields.Char(
        "INN",
        help="The organization's INN (ИНН) as the request gave it: it finds the account on conversion and "
        "is copied to a new one.",
    )

    def init(self):
        """Odoo's duplicate look-ups (``_get_lead_duplicates``: conversion,
        lead merge, the lead card) compare ``email_normalized`` for equality,
        which its trigram index answers in ~0.1 s on a million leads: a btree
        next to it answers in a millisecond and keeps ``ilike`` on trigrams.
        The lists sort by number as numbers: an index on that order."""
        result = super().init()
        create_index(
            self.env.cr, EMAIL_BTREE_INDEX, self._table, ["email_normalized"], where="email_normalized IS NOT NULL"
        )
        # the lists' default order, newest number first (see _order_field_to_sql)
        for fname in self._vtiger_number_codes:
            create_index(
                self.env.cr,
                f"crm_lead_{fname}_number_order_idx",
                self._table,
                [f"length({fname}) DESC NULLS LAST", f"{fname} DESC NULLS LAST"],
            )
        return result

    @api.constrains("vat", "country_id", "company_id")
    def _check_ru_inn(self):
        """Checked as on accounts when the lead is in Russia (its country,
        else its company's)."""
        for lead in self.filtered("vat"):
            if (lead.country_id or lead.company_id.country_id or self.env.company.country_id).code == "RU":
                self._vtiger_check_inn(lead.display_name, lead.vat)

    @api.model
    def _default_lead_status_id(self):
        # the cached xml id look-up, without env.ref's existence query per lead
        status_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "crm_vtiger_like.lead_status_not_contacted", raise_if_not_found=False
        )
        return self.env["crm.lead.status"].browse(status_id)

    @api.model
    def _vtiger_due_number_fields(self, values):
        return ("lead_no",) if values.get("type") == "lead" else ("deal_no",)

    @api.model
    def _read_group_lead_status_ids(self, statuses, domain):
        """Show every active status as a kanban column, even an empty one."""
        return statuses.search([("active", "=", True)])

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        """vtiger numbers sort as numbers (LEA9 before LEA10): shorter first,
        then alphabetically, which is numerically under one prefix. Records
        without a number (the deals in the Leads list) count as the smallest:
        last when newest first, so that the list's first page is read from
        the start of its index, not after every deal."""
        if field_name in self._vtiger_number_codes:
            column = self._field_to_sql(alias, field_name, query)
            if not nulls.code:
                nulls = SQL("NULLS LAST") if direction.code.upper() == "DESC" else SQL("NULLS FIRST")
            return SQL("length(%s) %s %s, %s %s %s", column, direction, nulls, column, direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
