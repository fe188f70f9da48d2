import re

from odoo import api, fields, models
from odoo.tools import SQL


class CrmVtigerPhoneMixin(models.AbstractModel):
    """Keeps the phone index (``crm.vtiger.phone``) exact for a model's
    phone-like fields and finds the records sharing a number."""

    _name = "crm.vtiger.phone.mixin"
    _description = "vtiger phone duplicates"

    _vtiger_phone_fields = ()
    # indexed and searchable, but another person's number: no duplicate evidence
    _vtiger_phone_fields_foreign = ()
    # changing these re-reads the numbers (the country decides how)
    _vtiger_phone_depends = ("country_id", "company_id")

    duplicate_count = fields.Integer("Duplicates", compute="_compute_duplicate_count")
    phone_unrecognized = fields.Boolean(
        "Unrecognized Phone",
        compute="_compute_phone_unrecognized",
        search="_search_phone_unrecognized",
        help="A phone value could not be read as a phone number; it is kept as typed.",
    )
    vtiger_phone_search = fields.Char(
        "Phone (any format)", compute="_compute_vtiger_phone_search", search="_search_vtiger_phone"
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["crm.vtiger.phone"].sudo()._vtiger_sync(records)
        return records

    def write(self, vals):
        resync = self._vtiger_phone_resync(vals)
        result = super().write(vals)
        Phone = self.env["crm.vtiger.phone"].sudo()
        if resync:
            Phone._vtiger_sync(resync)
        if "active" in vals:
            # every row, the numbers of records merged into these ones too
            Phone._vtiger_set_active(self, bool(vals["active"]))
        return result

    def _vtiger_phone_resync(self, vals):
        """The records whose numbers must be read again after writing ``vals``:
        all of them when a phone field is written; when only what decides how
        numbers are read (country, company...) is, those where it changes
        (Odoo's address sync of a contact writes its account's country again).
        ``_vtiger_phone_depends`` also lists what phone fields are computed
        from (a lead's phone comes from its new customer)."""
        if any(fname in vals for fname in self._vtiger_phone_fields):
            return self
        depends = [fname for fname in self._vtiger_phone_depends if fname in vals]
        if not depends:
            return self.browse()
        new = {fname: self._fields[fname].convert_to_cache(vals[fname], self) for fname in depends}
        return self.filtered(
            lambda record: any(record._fields[f].convert_to_cache(record[f], record) != new[f] for f in depends)
        )

    def unlink(self):
        ids = self.ids
        result = super().unlink()
        self.env["crm.vtiger.phone"].sudo()._vtiger_forget(self._name, ids)
        return result

    @api.model
    def _vtiger_phone_segment_sql(self):
        """SQL of the segment a row belongs to: records are only compared
        within a segment (see res.partner)."""
        return SQL("''")

    def _vtiger_duplicate_ids(self):
        """{record id: ids of the other active records of this model sharing one of its numbers}."""
        duplicates = {record_id: [] for record_id in self.ids}
        if self.ids:
            for record_id, others in self.env.execute_query(
                SQL(
                    "SELECT mine.res_id, array_agg(DISTINCT other.res_id)"
                    " FROM crm_vtiger_phone mine JOIN crm_vtiger_phone other"
                    " ON other.number = mine.number AND other.res_model = mine.res_model"
                    " AND other.segment IS NOT DISTINCT FROM mine.segment"
                    " AND other.res_id != mine.res_id AND other.active"
                    " AND other.field != ALL(%s)"
                    " WHERE mine.res_model = %s AND mine.res_id = ANY(%s) AND mine.number IS NOT NULL"
                    " AND mine.field != ALL(%s)"
                    " GROUP BY mine.res_id",
                    list(self._vtiger_phone_fields_foreign),
                    self._name,
                    self.ids,
                    list(self._vtiger_phone_fields_foreign),
                )
            ):
                duplicates[record_id] = others
        return duplicates

    @api.depends_context("uid")
    def _compute_duplicate_count(self):
        """Only the duplicates the user may open are counted: the phone index
        is private, and a count of others' records would leak them."""
        duplicates = self._vtiger_duplicate_ids()
        visible = set(self.search([("id", "in", list({i for ids in duplicates.values() for i in ids}))]).ids)
        for record in self:
            record.duplicate_count = len(visible.intersection(duplicates.get(record.id, ())))

    def action_view_duplicates(self):
        """The record with the records sharing its numbers, ready to merge."""
        self.ensure_one()
        ids = [self.id, *self._vtiger_duplicate_ids()[self.id]]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Duplicates of %(record)s", record=self.display_name),
            "res_model": self._name,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", ids)],
            "context": {"active_test": False, "create": False},
        }

    def _vtiger_unrecognized_ids(self, ids=None):
        """Ids of this model's records holding a phone value that is not a
        number (all of them, or among ``ids``)."""
        among = SQL(" AND res_id = ANY(%s)", ids) if ids is not None else SQL()
        return {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT DISTINCT res_id FROM crm_vtiger_phone"
                    " WHERE res_model = %s AND number IS NULL AND origin = 'own'%s",
                    self._name,
                    among,
                )
            )
        }

    @api.depends(lambda self: self._vtiger_phone_fields)
    def _compute_phone_unrecognized(self):
        unrecognized = self._vtiger_unrecognized_ids(self.ids) if self.ids else set()
        for record in self:
            record.phone_unrecognized = record.id in unrecognized

    def _search_phone_unrecognized(self, operator, value):
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", list(self._vtiger_unrecognized_ids()))]

    def _compute_vtiger_phone_search(self):
        self.vtiger_phone_search = False

    def _search_vtiger_phone(self, operator, value):
        """A number typed in any format finds every record holding it in any
        phone field; a partial number (4+ digits) matches inside numbers. The
        index is read in the search's own query (a sub-select on it)."""
        if operator not in ("ilike", "like", "=", "=ilike") or not isinstance(value, str):
            return [("id", "=", 0)]
        number = self.env["crm.vtiger.phone"]._vtiger_normalize(value)
        if number:
            condition = SQL("number = %s", number)
        else:
            digits = re.sub(r"\D", "", value)
            if len(digits) < 4:
                return [("id", "=", 0)]
            condition = SQL("number LIKE %s", f"%{digits}%")
        self.env["crm.vtiger.phone"].flush_model()
        holders = SQL(
            "(SELECT res_id FROM crm_vtiger_phone WHERE res_model = %s AND active AND %s)", self._name, condition
        )
        return [("id", "in", holders)]
