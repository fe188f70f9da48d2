import re
from collections import defaultdict
from contextlib import contextmanager

from psycopg2.errors import ExclusionViolation

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, escape_psql

from ..tools import keyset_batches


def number_field(help_text):
    """A vtiger number field: given by the sequence, read-only, never copied;
    indexed by its constraint (``number_constraints``)."""
    return fields.Char(readonly=True, copy=False, help=help_text)


def number_constraints(*fnames):
    """SQL constraints keeping each number of ``fnames`` unique in its company,
    archived records included, also between two transactions that cannot see
    each other's records (the Python check only sees its snapshot). An
    exclusion constraint, as a unique one cannot take a company that may be
    empty; written as PostgreSQL prints it, so upgrades keep it."""
    return [
        (
            f"{fname}_company_uniq",
            f"EXCLUDE USING btree ({fname} WITH =, COALESCE(company_id, 0) WITH =) WHERE (({fname} IS NOT NULL))",
            "This number is already used by another record of this company.",
        )
        for fname in fnames
    ]


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
        with self._vtiger_number_violation_as_error():
            return super()._create(data_list)

    def _flush(self, fnames=None):
        # a number given in a write, or brought by a change of company,
        # reaches its SQL constraint here (watched only then: a hot path)
        dirty = self.env.cache.get_dirty_fields()
        if not any(self._fields[fname] in dirty for fname in (*self._vtiger_number_codes, "company_id")):
            return super()._flush(fnames)
        with self._vtiger_number_violation_as_error():
            return super()._flush(fnames)

    @contextmanager
    def _vtiger_number_violation_as_error(self):
        """A number refused by its SQL constraint (``number_constraints``:
        taken in the company, by a committed record or one of another
        transaction at the same moment) raises a ValidationError naming it."""
        # the message's field labels are read now (cached): not in the
        # transaction the violation aborts
        self.env["ir.model.fields"].get_field_string(self._name)
        try:
            yield
        except ExclusionViolation as error:
            fname = (error.diag.constraint_name or "").removeprefix(f"{self._table}_").removesuffix("_company_uniq")
            if fname not in self._vtiger_number_codes:
                raise
            # "Key (lead_no, COALESCE(company_id, 0))=(LEA12, 1) conflicts with existing key (...)"
            match = re.search(r"\)=\((.*), -?\d+\) conflicts", error.diag.message_detail or "")
            raise self._vtiger_number_taken(fname, match.group(1) if match else "") from error

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
        companies = self._vtiger_companies_before_write(vals)
        kinds = {}
        if any(fname in vals for fname in self._vtiger_number_depends):
            kinds = {record.id: record._vtiger_number_kind() for record in self}
        res = super().write(vals)
        if companies:
            # a record moved to another company must not bring a number it already uses
            self.filtered(lambda record: record.company_id.id != companies[record.id])._vtiger_check_numbers_unique()
        if kinds:
            # a record of the same kind as before already has its numbers
            self.filtered(lambda record: record._vtiger_number_kind() != kinds[record.id])._vtiger_assign_numbers()
        return res

    def _vtiger_number_kind(self):
        """The values of ``_vtiger_number_depends`` of this record."""
        return tuple(self[fname] for fname in self._vtiger_number_depends)

    def _vtiger_companies_before_write(self, vals):
        """{record id: company id} before a write of ``vals`` that may change
        the company (written, or computed from a written field); empty when
        the company cannot change."""
        field = self._fields["company_id"]
        triggers = {"company_id"}
        if field.compute:
            triggers.update(path.split(".")[0] for path in self.pool.field_depends[field])
        if triggers.isdisjoint(vals):
            return {}
        return {record.id: record.company_id.id for record in self}

    def _vtiger_assign_numbers(self):
        """Give the records of ``self`` (read through the cache, only the
        number fields they are due) the numbers they are due but lack."""
        rows = []
        for record in self.sorted("id"):
            values = {
                fname: record._fields[fname].convert_to_write(record[fname], record)
                for fname in ("company_id", *self._vtiger_number_depends)
            }
            due = self._vtiger_due_number_fields(values)
            rows.append({"id": record.id, **values, **{fname: record[fname] for fname in due}})
        self._vtiger_write_numbers(rows)

    def _vtiger_write_numbers(self, rows):
        """Give the records described by ``rows`` (dicts of their id, company,
        ``_vtiger_number_depends`` columns and the number columns they are
        due, in id order) the numbers they lack: one query to draw and one
        to write per (field, company)."""
        todo = defaultdict(list)
        for values in rows:
            for fname in self._vtiger_due_number_fields(values):
                if not values[fname]:
                    todo[fname, values["company_id"] or False].append(values["id"])
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
        columns = ["company_id", *self._vtiger_number_depends, *self._vtiger_number_codes]
        seen = 0
        for rows in keyset_batches(self.env, self._table, missing, columns=columns, batch_size=batch_size):
            self._vtiger_write_numbers([dict(zip(["id", *columns], row, strict=True)) for row in rows])
            seen += len(rows)
        return seen

    def _vtiger_check_numbers_unique(self):
        """Write the numbers and company of ``self`` now, so that a number
        their (new) company already uses is refused here (``_flush``)."""
        if self:
            self.flush_recordset([*self._vtiger_number_codes, "company_id"])

    def _vtiger_number_taken(self, fname, number):
        return ValidationError(
            self.env._(
                "%(field)s %(number)s is already used by another record of this company.",
                number=number,
                field=self._fields[fname]._description_string(self.env),
            )
        )

    def _vtiger_number(self):
        """The vtiger number this record shows (a deal its POT number, an
        account its ACC number...), or False."""
        self.ensure_one()
        due = self._vtiger_due_number_fields({fname: self[fname] for fname in self._vtiger_number_depends})
        return next((self[fname] for fname in due if self[fname]), False)

    def _vtiger_number_label(self):
        """The record's name followed by its vtiger number: ``ООО «Ромашка» (ACC12)``."""
        self.ensure_one()
        number = self._vtiger_number()
        return f"{self.display_name} ({number})" if number else self.display_name
