from itertools import combinations

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_vtiger_merge import MERGEABLE_MODELS


class CrmVtigerNotDuplicate(models.Model):
    """A pair of records a user marked as distinct: the pair is never
    proposed as duplicates again, to anyone. Who marked it and when are the
    record's creator and creation date; managers review the list and undo
    a mark by deleting it. The ids are plain integers: a merge does not
    move the pair onto the master."""

    _name = "crm.vtiger.not.duplicate"
    _description = "Not a duplicate"
    _order = "id desc"
    _rec_name = "record_a_name"

    res_model = fields.Selection(
        [("res.partner", "Accounts and Contacts"), ("crm.lead", "Leads and Deals")],
        "Model",
        required=True,
        readonly=True,
    )
    res_id_a = fields.Integer("Record A Id", required=True, readonly=True)
    res_id_b = fields.Integer("Record B Id", required=True, readonly=True)
    record_a_name = fields.Char("Record", compute="_compute_record_names")
    record_b_name = fields.Char("Not a Duplicate Of", compute="_compute_record_names")

    _sql_constraints = [
        ("pair_unique", "unique(res_model, res_id_a, res_id_b)", "This pair is already marked as not a duplicate."),
        ("pair_ordered", "check(res_id_a < res_id_b)", "A pair is two different records, the smaller id first."),
    ]

    @api.depends("res_model", "res_id_a", "res_id_b")
    def _compute_record_names(self):
        """Names of the records the user may read; "#id" for the others."""
        by_model = {}
        for pair in self:
            by_model.setdefault(pair.res_model, set()).update((pair.res_id_a, pair.res_id_b))
        names = {}
        for model_name, ids in by_model.items():
            if model_name:
                records = self.env[model_name].with_context(active_test=False).search([("id", "in", list(ids))])
                names.update({(model_name, record.id): record.display_name for record in records})
        for pair in self:
            pair.record_a_name = names.get((pair.res_model, pair.res_id_a), f"#{pair.res_id_a}")
            pair.record_b_name = names.get((pair.res_model, pair.res_id_b), f"#{pair.res_id_b}")

    @api.model
    def _vtiger_mark(self, records, others=None):
        """Mark every pair of ``records`` (a recordset of a lead or partner
        model the user may read) as not duplicates, or, given ``others``,
        each pair of the one record ``records`` and one of ``others``; pairs
        already marked are kept. Returns the new pairs."""
        if records._name not in MERGEABLE_MODELS:
            raise UserError(self.env._("Only accounts, contacts and leads can be marked as not duplicates."))
        if len(records | (others or records.browse())) < 2:
            raise UserError(self.env._("Select at least two records to mark as not duplicates."))
        records.check_access("read")
        if others is None:
            pairs = list(combinations(sorted(set(records.ids)), 2))
        else:
            records.ensure_one()
            others.check_access("read")
            pairs = [tuple(sorted((records.id, other_id))) for other_id in set(others.ids) - {records.id}]
        existing = self._vtiger_marked_pairs(records._name, list({i for pair in pairs for i in pair}))
        return self.create(
            [
                {"res_model": records._name, "res_id_a": id_a, "res_id_b": id_b}
                for id_a, id_b in sorted(set(pairs))
                if (id_a, id_b) not in existing
            ]
        )

    @api.model
    def _vtiger_marked_pairs(self, model_name, ids):
        """{(id_a, id_b)} of the marked pairs among ``ids``, id_a < id_b."""
        if len(ids) < 2:
            return set()
        self.flush_model()
        return set(
            self.env.execute_query(
                SQL(
                    "SELECT res_id_a, res_id_b FROM crm_vtiger_not_duplicate"
                    " WHERE res_model = %s AND res_id_a = ANY(%s) AND res_id_b = ANY(%s)",
                    model_name,
                    list(ids),
                    list(ids),
                )
            )
        )

    @api.model
    def _vtiger_distinct_ids(self, model_name, res_id):
        """Ids of the records marked as not duplicates of ``res_id``."""
        self.flush_model()
        return {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT res_id_b FROM crm_vtiger_not_duplicate WHERE res_model = %(model)s AND res_id_a = %(id)s"
                    " UNION SELECT res_id_a FROM crm_vtiger_not_duplicate"
                    " WHERE res_model = %(model)s AND res_id_b = %(id)s",
                    model=model_name,
                    id=res_id,
                )
            )
        }

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_vtiger_not_duplicate_b_idx"
            " ON crm_vtiger_not_duplicate (res_model, res_id_b)"
        )

    def action_open_records(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Not Duplicates"),
            "res_model": self.res_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", [self.res_id_a, self.res_id_b])],
            "context": {"active_test": False},
        }
