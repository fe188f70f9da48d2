from odoo import api, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# a B-tree index entry holds at most 2,704 bytes: 500 characters of up to
# 4 bytes each, twice in a contact's complete name ("Company, Person"), fit
MAX_INDEXED_CHARS = 500


class CrmVtigerTextLimitMixin(models.AbstractModel):
    """Refuse, with a clear error, a text too long for the B-tree indexes of
    its column (PostgreSQL's "index row size exceeds maximum" otherwise
    reaches the user). The indexed columns are read from the catalog, so
    Odoo's own indexes, unique constraints and the addon's are all covered."""

    _name = "crm.vtiger.text.limit.mixin"
    _description = "Length limit of indexed texts"

    # fields not indexed themselves that a stored, indexed field is computed from
    _vtiger_text_limit_sources = ()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vtiger_check_text_lengths(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._vtiger_check_text_lengths(vals)
        return super().write(vals)

    @api.model
    def _vtiger_check_text_lengths(self, vals):
        for fname in (*self._vtiger_btree_text_columns(), *self._vtiger_text_limit_sources):
            value = vals.get(fname)
            if isinstance(value, str) and len(value) > MAX_INDEXED_CHARS:
                raise ValidationError(
                    self.env._(
                        "%(field)s is too long: %(length)s characters, at most %(max)s.",
                        field=self._fields[fname]._description_string(self.env),
                        length=len(value),
                        max=MAX_INDEXED_CHARS,
                    )
                )

    @api.model
    @tools.ormcache("self._name")
    def _vtiger_btree_text_columns(self):
        """Text columns of this model's table a B-tree index holds (unique
        constraints too) or is computed from (expression indexes: their
        columns are their dependencies in the catalog), of stored fields."""
        rows = self.env.execute_query(
            SQL(
                "SELECT DISTINCT a.attname FROM pg_index i"
                " JOIN pg_class ix ON ix.oid = i.indexrelid"
                " JOIN pg_am am ON am.oid = ix.relam AND am.amname = 'btree'"
                " JOIN pg_attribute a ON a.attrelid = i.indrelid AND (a.attnum = ANY(i.indkey) OR a.attnum IN ("
                " SELECT d.refobjsubid FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                " AND d.objid = i.indexrelid AND d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indrelid))"
                " WHERE i.indrelid = %s::regclass AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)",
                self._table,
            )
        )
        return tuple(sorted(name for (name,) in rows if name in self._fields and self._fields[name].store))
