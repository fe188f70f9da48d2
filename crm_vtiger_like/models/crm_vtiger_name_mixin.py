from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import keyset_batches

NAME_ORDER_PARAM = "crm_vtiger_like.name_order"
NAME_ORDERS = [
    ("first_last", "First Middle Last"),
    ("last_first", "Last First Middle"),
]


class CrmVtigerNameMixin(models.AbstractModel):
    """A person's first, middle (patronymic) and last names, composed into and
    split from one display name in the order chosen in CRM settings."""

    _name = "crm.vtiger.name.mixin"
    _description = "vtiger person names"

    # the stored field holding the composed full name
    _vtiger_name_field = "name"

    first_name = fields.Char()
    middle_name = fields.Char(help="Patronymic (отчество).")
    last_name = fields.Char(index="btree_not_null")

    @api.model
    def _vtiger_name_order(self):
        return self.env["ir.config_parameter"].sudo().get_param(NAME_ORDER_PARAM) or "first_last"

    @api.model
    def _vtiger_compose_name(self, first, middle, last, order=None):
        """One display name from the parts, in the configured order."""
        order = order or self._vtiger_name_order()
        parts = (first, middle, last) if order == "first_last" else (last, first, middle)
        return " ".join(" ".join(part.split()) for part in parts if part and part.strip()) or False

    @api.model
    def _vtiger_split_name(self, name, order=None):
        """The parts of a display name; one word is a last name, the words
        between first and last (or after the first name) are the middle name."""
        order = order or self._vtiger_name_order()
        words = (name or "").split()
        if len(words) < 2:
            return {"first_name": False, "middle_name": False, "last_name": words[0] if words else False}
        if order == "first_last":
            first, middle, last = words[0], words[1:-1], words[-1]
        else:
            last, first, middle = words[0], words[1], words[2:]
        return {"first_name": first, "middle_name": " ".join(middle) or False, "last_name": last}

    @api.model
    def _vtiger_name_vals(self, vals, order):
        """Make creation ``vals`` consistent: the parts make the full name; a
        full name given with parts that do not make it (a renamed copy, Odoo
        code) wins and is split. Returns whether ``vals`` name someone."""
        parts = [vals.get(fname) for fname in ("first_name", "middle_name", "last_name")]
        name = vals.get(self._vtiger_name_field)
        composed = self._vtiger_compose_name(*parts, order=order) if any(parts) else False
        if name and composed != " ".join(name.split()):
            vals.update(self._vtiger_split_name(name, order=order))
        elif composed:
            vals[self._vtiger_name_field] = composed
        return bool(name or composed)

    def _vtiger_person_filter(self):
        """SQL condition selecting the rows whose full name is composed."""
        return SQL("TRUE")

    @api.model
    def _vtiger_recompute_names(self, batch_size=50000):
        """Rebuild every stored full name from its parts in the configured
        order (after the setting changed), in batches of SQL updates.
        Returns the ids whose name changed."""
        self.flush_model(["first_name", "middle_name", "last_name", self._vtiger_name_field])
        columns = ("first_name", "middle_name", "last_name")
        if self._vtiger_name_order() != "first_last":
            columns = ("last_name", "first_name", "middle_name")
        composed = SQL(
            "NULLIF(concat_ws(' ', %s), '')",
            SQL(", ").join(SQL("NULLIF(btrim(%s), '')", SQL.identifier(col)) for col in columns),
        )
        table, target = SQL.identifier(self._table), SQL.identifier(self._vtiger_name_field)
        changed, last_id = [], 0
        while True:
            rows = self.env.execute_query(
                SQL(
                    "WITH batch AS (SELECT id FROM %(table)s WHERE id > %(last)s AND %(persons)s"
                    " AND (first_name IS NOT NULL OR middle_name IS NOT NULL OR last_name IS NOT NULL)"
                    " ORDER BY id LIMIT %(size)s),"
                    " updated AS (UPDATE %(table)s SET %(target)s = %(composed)s FROM batch"
                    " WHERE %(table)s.id = batch.id AND %(target)s IS DISTINCT FROM %(composed)s"
                    " RETURNING %(table)s.id)"
                    " SELECT (SELECT max(id) FROM batch), array(SELECT id FROM updated)",
                    table=table,
                    last=last_id,
                    persons=self._vtiger_person_filter(),
                    size=batch_size,
                    target=target,
                    composed=composed,
                )
            )
            batch_last, updated = rows[0]
            if batch_last is None:
                break
            changed += updated
            last_id = batch_last
        self.invalidate_model([self._vtiger_name_field])
        return changed

    @api.model
    def _vtiger_backfill_names(self, batch_size=50000):
        """Split the full names of the records that have no name parts yet
        (records created before the install), in batches. Returns how many
        rows were written."""
        self.flush_model()
        order = self._vtiger_name_order()
        table, source = SQL.identifier(self._table), SQL.identifier(self._vtiger_name_field)
        unsplit = SQL(
            "%s AND %s IS NOT NULL AND first_name IS NULL AND middle_name IS NULL AND last_name IS NULL",
            self._vtiger_person_filter(),
            source,
        )
        written = 0
        for rows in keyset_batches(
            self.env, self._table, unsplit, columns=(self._vtiger_name_field,), batch_size=batch_size
        ):
            parts = [self._vtiger_split_name(name, order=order) for _id, name in rows]
            self.env.execute_query(
                SQL(
                    "UPDATE %(table)s SET first_name = v.first, middle_name = v.middle, last_name = v.last"
                    " FROM unnest(%(ids)s::int[], %(first)s::varchar[], %(middle)s::varchar[], %(last)s::varchar[])"
                    " AS v(id, first, middle, last) WHERE %(table)s.id = v.id",
                    table=table,
                    ids=[row[0] for row in rows],
                    first=[p["first_name"] or None for p in parts],
                    middle=[p["middle_name"] or None for p in parts],
                    last=[p["last_name"] or None for p in parts],
                )
            )
            written += len(rows)
        self.invalidate_model(["first_name", "middle_name", "last_name"])
        return written
