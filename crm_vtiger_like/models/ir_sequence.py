from odoo import api, models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        if sequences._crm_vtiger_any():
            self.env.registry.clear_cache()
        return sequences

    def write(self, vals):
        moves = {"code", "company_id", "active"} & set(vals) and self._crm_vtiger_any()
        result = super().write(vals)
        if moves or ({"code", "company_id", "active"} & set(vals) and self._crm_vtiger_any()):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        if self._crm_vtiger_any():
            self.env.registry.clear_cache()
        return super().unlink()

    def _crm_vtiger_any(self):
        """Whether a vtiger numbering sequence is among these: res.company
        caches their ids, forgotten when one is added, moved or removed."""
        return any((sequence.code or "").startswith("crm_vtiger_like.") for sequence in self)

    def _crm_vtiger_next_batch(self, count):
        """Draw ``count`` consecutive numbers with one query.

        Works for both implementations: a PostgreSQL sequence (``standard``)
        or the locked ``number_next`` column (``no_gap``). Sequences split by
        date range keep Odoo's per-number path.
        """
        self.ensure_one()
        if count <= 0:
            return []
        if self.use_date_range:
            return [self._next() for _i in range(count)]
        if self.implementation == "standard":
            rows = self.env.execute_query(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                    f"ir_sequence_{self.id:03d}",
                    count,
                )
            )
            values = [row[0] for row in rows]
        else:
            self.flush_recordset(["number_next"])
            step = self.number_increment
            [(first,)] = self.env.execute_query(
                SQL(
                    "UPDATE ir_sequence SET number_next = number_next + %s WHERE id = %s RETURNING number_next - %s",
                    step * count,
                    self.id,
                    step * count,
                )
            )
            self.invalidate_recordset(["number_next"])
            values = [first + step * i for i in range(count)]
        prefix, suffix = self._get_prefix_suffix()
        return [f"{prefix}{value:0{self.padding}d}{suffix}" for value in values]

    def _crm_vtiger_skip_past(self, value):
        """Make the next number drawn greater than ``value`` (never lower it)."""
        self.ensure_one()
        if self.use_date_range:
            return
        if self.implementation == "standard":
            self.env.execute_query(
                SQL(
                    "SELECT setval(%(seq)s, GREATEST(%(value)s, (SELECT last_value FROM %(table)s)))",
                    seq=f"ir_sequence_{self.id:03d}",
                    value=value,
                    table=SQL.identifier(f"ir_sequence_{self.id:03d}"),
                )
            )
        else:
            self.flush_recordset(["number_next"])
            self.env.execute_query(
                SQL(
                    "UPDATE ir_sequence SET number_next = GREATEST(number_next, %s) WHERE id = %s",
                    value + self.number_increment,
                    self.id,
                )
            )
            self.invalidate_recordset(["number_next"])
