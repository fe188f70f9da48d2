from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

NAME_PARTS = ("first_name", "middle_name", "last_name")


class ResPartner(models.Model):
    """First / middle / last names on persons, with ``name`` kept as the full
    name in the configured order both ways. Companies keep a plain name."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.vtiger.name.mixin"]

    def _vtiger_person_filter(self):
        return SQL("NOT is_company")

    @api.onchange(*NAME_PARTS)
    def _onchange_name_parts(self):
        if not self.is_company:
            self.name = self._vtiger_compose_name(self.first_name, self.middle_name, self.last_name)

    @api.model
    def _vtiger_vals_is_company(self, vals):
        if "is_company" in vals:
            return bool(vals["is_company"])
        if "company_type" in vals:
            return vals["company_type"] == "company"
        return bool(self.env.context.get("default_is_company"))

    @api.model_create_multi
    def create(self, vals_list):
        order = self._vtiger_name_order()
        for vals in vals_list:
            if not self._vtiger_vals_is_company(vals):
                self._vtiger_name_vals(vals, order)
        return super().create(vals_list)

    def write(self, vals):
        parts_given = any(fname in vals for fname in NAME_PARTS)
        if parts_given == ("name" in vals):
            return super().write(vals)
        # persons get the other half (their own parts compose each one's name),
        # companies keep a plain name: one write per resulting set of values
        order = self._vtiger_name_order()
        split = self._vtiger_split_name(vals["name"], order=order) if not parts_given and vals["name"] else {}
        groups = defaultdict(list)
        for partner in self:
            extra = {}
            if not vals.get("is_company", partner.is_company):
                if parts_given:
                    parts = [vals.get(fname, partner[fname]) for fname in NAME_PARTS]
                    extra = {"name": self._vtiger_compose_name(*parts, order=order)}
                else:
                    extra = split
            groups[tuple(extra.items())].append(partner.id)
        for extra, ids in groups.items():
            super(ResPartner, self.browse(ids)).write({**vals, **dict(extra)})
        return True

    @api.model
    def _vtiger_recompute_names(self, batch_size=50000):
        changed = super()._vtiger_recompute_names(batch_size=batch_size)
        # the stored "Company, Person" name follows
        for start in range(0, len(changed), batch_size):
            persons = self.browse(changed[start : start + batch_size])
            self.env.add_to_compute(self._fields["complete_name"], persons)
            persons.flush_recordset(["complete_name"])
            persons.invalidate_recordset()
        return changed
