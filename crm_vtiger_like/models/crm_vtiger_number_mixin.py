from collections import defaultdict

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, escape_psql

from ..tools import keyset_batches


class CrmVtigerNumberMixin(models.AbstractModel):
    """vtiger-style record numbers (LEA1, POT1, ACC1...) from per-company sequences.

    A model using it declares ``_vtiger_number_codes`` (number field ->
    ``ir.sequence`` code), ``_vtiger_number_depends`` (stored fields deciding
    which number a record is due) and implements ``_vtiger_due_number_fields``.
    Numbers are drawn in one batch per (field, company), never reused, kept
    when given (imports), and unique per company.
    """

    _name = "crm.vtiger.number.mixin"
    _description = "vtiger record numbering"

    _vtiger_number_codes = {}
    _vtiger_number_depends = ()

    @api.model
    def _vtiger_due_number_fields(self, values):
        """Number fields a record with ``values`` (its ``_vtiger_number_depends``
        columns) must carry."""
        return ()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._fields["company_id"].compute:
            # the company of some records was only known after the INSERT
            records._vtiger_assign_numbers()
        return records

    @api.model
    def _create(self, data_list):
        self._vtiger_number_before_insert(data_list)
        return super()._create(data_list)

    @api.model
    def _vtiger_number_before_insert(self, data_list):
        """Put the numbers in the INSERT itself (no second write of the rows)
        for the records whose company is known at this point."""
        company_computed = bool(self._fields["company_id"].compute)
        todo = defaultdict(list)
        for data in data_list:
            stored = data["stored"]
            if company_computed and "company_id" not in stored:
                continue
            for fname in self._vtiger_due_number_fields({**stored, **data.get("inversed", {})}):
                if not stored.get(fname):
                    todo[fname, stored.get("company_id") or False].append(stored)
        for (fname, company_id), stored_items in todo.items():
            company = self.env["res.company"].browse(company_id)
            for stored, number in zip(
                stored_items, self._vtiger_draw_numbers(fname, company, len(stored_items)), strict=True
            ):
                stored[fname] = number

    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in self._vtiger_number_depends):
            self._vtiger_assign_numbers()
        return res

    def _vtiger_assign_numbers(self):
        """Give the records of ``self`` the numbers they are due but lack:
        one query to read them, one to draw and one to write per (field, company)."""
        if not self:
            return
        columns = ["id", "company_id", *self._vtiger_number_depends, *self._vtiger_number_codes]
        self.flush_recordset(columns[1:])
        todo = defaultdict(list)
        for row in self.env.execute_query(
            SQL(
                "SELECT %s FROM %s WHERE id = ANY(%s) ORDER BY id",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL.identifier(self._table),
                self.ids,
            )
        ):
            values = dict(zip(columns, row, strict=True))
            for fname in self._vtiger_due_number_fields(values):
                if not values[fname]:
                    todo[fname, values["company_id"]].append(values["id"])
        for (fname, company_id), ids in todo.items():
            company = self.env["res.company"].browse(company_id)
            numbers = self._vtiger_draw_numbers(fname, company, len(ids))
            self.env.execute_query(
                SQL(
                    "UPDATE %(table)s SET %(col)s = v.number"
                    " FROM unnest(%(ids)s::int[], %(numbers)s::varchar[]) AS v(id, number)"
                    " WHERE %(table)s.id = v.id",
                    table=SQL.identifier(self._table),
                    col=SQL.identifier(fname),
                    ids=ids,
                    numbers=numbers,
                )
            )
            self.browse(ids).invalidate_recordset([fname])

    @api.model
    def _vtiger_draw_numbers(self, fname, company, count):
        """Draw ``count`` numbers for ``fname`` from ``company``'s sequence,
        skipping those already taken in that company (e.g. imported ones)."""
        sequence = (company or self.env.company)._crm_vtiger_sequence(self._vtiger_number_codes[fname])
        numbers = []
        while len(numbers) < count:
            batch = sequence._crm_vtiger_next_batch(count - len(numbers))
            taken = {
                number
                for (number,) in self.env.execute_query(
                    SQL(
                        "SELECT %(col)s FROM %(table)s WHERE %(col)s = ANY(%(batch)s)"
                        " AND COALESCE(company_id, 0) = %(company)s",
                        col=SQL.identifier(fname),
                        table=SQL.identifier(self._table),
                        batch=batch,
                        company=company.id or 0,
                    )
                )
            }
            if taken:
                # jump past the highest number of this series in use, rather
                # than walking through a range someone else filled
                sequence._crm_vtiger_skip_past(self._vtiger_highest_number(fname, company, sequence))
            numbers += [number for number in batch if number not in taken]
        return numbers

    @api.model
    def _vtiger_highest_number(self, fname, company, sequence):
        """Highest numeric part among ``sequence``-formatted values of ``fname`` in ``company``."""
        prefix, suffix = sequence._get_prefix_suffix()
        number = SQL(
            "substr(%(col)s, %(start)s, length(%(col)s) - %(cut)s)",
            col=SQL.identifier(fname),
            start=len(prefix) + 1,
            cut=len(prefix) + len(suffix),
        )
        [(highest,)] = self.env.execute_query(
            SQL(
                "SELECT max(%(number)s::numeric) FROM %(table)s"
                " WHERE %(col)s LIKE %(like)s AND COALESCE(company_id, 0) = %(company)s"
                " AND %(number)s ~ '^[0-9]+$'",
                number=number,
                table=SQL.identifier(self._table),
                col=SQL.identifier(fname),
                like=f"{escape_psql(prefix)}%{escape_psql(suffix)}",
                company=company.id or 0,
            )
        )
        return int(highest or 0)

    @api.model
    def _vtiger_backfill_numbers(self, batch_size=50000):
        """Number the records that existed before install, ``batch_size`` at
        a time. Returns how many records were looked at."""
        self.flush_model()
        missing = SQL(" OR ").join(SQL("%s IS NULL", SQL.identifier(f)) for f in self._vtiger_number_codes)
        seen = 0
        for rows in keyset_batches(self.env, self._table, missing, batch_size=batch_size):
            self.browse([row[0] for row in rows])._vtiger_assign_numbers()
            seen += len(rows)
        return seen

    @api.constrains(lambda self: [*self._vtiger_number_codes, "company_id"])
    def _check_vtiger_numbers_unique(self):
        self.flush_recordset([*self._vtiger_number_codes, "company_id"])
        for fname in self._vtiger_number_codes:
            duplicates = self.env.execute_query(
                SQL(
                    "SELECT rec.%(col)s FROM %(table)s rec JOIN %(table)s other"
                    " ON other.%(col)s = rec.%(col)s AND other.id != rec.id"
                    " AND COALESCE(other.company_id, 0) = COALESCE(rec.company_id, 0)"
                    " WHERE rec.id = ANY(%(ids)s) LIMIT 1",
                    col=SQL.identifier(fname),
                    table=SQL.identifier(self._table),
                    ids=self.ids,
                )
            )
            if duplicates:
                raise ValidationError(
                    self.env._(
                        "%(field)s %(number)s is already used by another record of this company.",
                        number=duplicates[0][0],
                        field=self._fields[fname].string,
                    )
                )
