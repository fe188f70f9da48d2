from itertools import combinations

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import reopen_wizard

MAX_GROUPS = 500
# words dropped when comparing names "similarly": legal forms, quotes, punctuation, case, ё
LEGAL_FORMS = "ооо|оао|зао|пао|нао|ао|ип|чп|llc|ltd|inc|gmbh|corp"
# the criteria, in the order their values are shown in a group's shared value
CRITERIA = ("by_phone", "by_email", "by_inn", "by_name", "by_similar_name")
KEY_SEPARATOR = " · "


def plural_form(count, forms):
    """The form of ``forms`` that fits ``count`` (Odoo has no ngettext in
    Python): ``forms`` is a translated "one|other" string or, in Russian,
    "one|few|many" (1, 21 группа; 2, 22 группы; 5, 11, 12 групп), each form
    with ``%(count)s``."""
    variants = forms.split("|")
    if len(variants) == 3:
        if count % 10 == 1 and count % 100 != 11:
            index = 0
        elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            index = 1
        else:
            index = 2
    else:
        index = 0 if count == 1 else len(variants) - 1
    return variants[index] % {"count": count}


class CrmVtigerDuplicateFinder(models.TransientModel):
    """vtiger's "Find duplicates": groups the whole database's accounts /
    contacts or leads sharing the value of every chosen criterion."""

    _name = "crm.vtiger.duplicate.finder"
    _inherit = "crm.vtiger.duplicate.criteria.mixin"
    _description = "Find duplicates"

    res_model = fields.Selection(
        string="Find Among",
        default=lambda self: (
            self.env.context.get("active_model")
            if self.env.context.get("active_model") in ("res.partner", "crm.lead")
            else "res.partner"
        ),
    )
    sort_by_score = fields.Boolean(
        "Sort by Score",
        help="Score each group shown (its best pair of records, as the possible duplicates warning scores them) "
        "and show the highest scores first.",
    )
    searched = fields.Boolean(readonly=True)
    group_ids = fields.One2many("crm.vtiger.duplicate.group", "finder_id", "Duplicate Groups", readonly=True)
    group_count = fields.Integer(compute="_compute_group_count")
    summary = fields.Char(compute="_compute_group_count")

    @api.depends("group_ids")
    def _compute_group_count(self):
        for finder in self:
            finder.group_count = len(finder.group_ids)
            finder.summary = plural_form(
                finder.group_count,
                self.env._("%(count)s group of duplicates|%(count)s groups of duplicates"),
            )

    @api.onchange("res_model", "sort_by_score", *CRITERIA)
    def _onchange_criteria(self):
        """Results of other criteria are not shown as if they were these."""
        self.searched = False
        self.group_ids = False

    def action_find(self):
        self.ensure_one()
        if not any(self[criterion] for criterion in CRITERIA):
            raise UserError(self.env._("Choose at least one criterion."))
        self.group_ids.unlink()
        groups = self._drop_marked_groups(self._find_groups())
        scores = [False] * len(groups)
        if self.sort_by_score and groups:
            scores = self.env["crm.vtiger.merge"]._vtiger_group_scores(self.res_model, [ids for _key, ids in groups])
            order = sorted(range(len(groups)), key=lambda index: (-scores[index], index))
            groups, scores = [groups[index] for index in order], [scores[index] for index in order]
        self.env["crm.vtiger.duplicate.group"].create(
            [
                {
                    "finder_id": self.id,
                    "sequence": sequence,
                    "key": key,
                    "res_ids": ids,
                    "record_count": len(ids),
                    "score": score,
                }
                for sequence, ((key, ids), score) in enumerate(zip(groups, scores, strict=True))
            ]
        )
        self.searched = True
        return reopen_wizard(self, self.env._("Find Duplicates"), context=self.env.context)

    def _find_groups(self):
        """[(shared values, [record ids])] of active records sharing the
        value of every chosen criterion, largest groups first: one GROUP BY
        on the criteria's keys. Phone numbers come from the phone index (a
        row per number), joined to the records for the other criteria."""
        Model = self.env[self.res_model]
        Model.flush_model()
        self.env["crm.vtiger.phone"].flush_model()
        keys, where = self._criteria_keys()
        if self.by_phone and not keys:
            groups = self.env["crm.vtiger.phone"]._vtiger_duplicate_groups(
                self.res_model, Model._vtiger_phone_fields_foreign
            )
            return self._run(SQL("SELECT number, ids FROM (%s) AS phone_groups(model, number, ids)", groups))
        table = SQL("%s AS r", SQL.identifier(Model._table))
        # companies and persons are never duplicates of each other
        segments = [SQL("r.is_company") if self.res_model == "res.partner" else SQL("NULL")]
        if self.by_phone:
            table = SQL(
                "crm_vtiger_phone AS p JOIN %(table)s ON r.id = p.res_id AND p.res_model = %(model)s AND p.active"
                " AND p.field != ALL(%(excluded)s) AND p.number IN (SELECT number FROM crm_vtiger_phone"
                " WHERE active AND number IS NOT NULL AND res_model = %(model)s GROUP BY number HAVING count(*) > 1)",
                table=table,
                model=self.res_model,
                excluded=list(Model._vtiger_phone_fields_foreign),
            )
            keys.insert(0, SQL("p.number"))
            segments.append(SQL("p.segment"))
        names = [SQL.identifier(f"k{position}") for position in range(len(keys))]
        segment_names = [SQL.identifier(f"s{position}") for position in range(len(segments))]
        query = SQL(
            "SELECT concat_ws(%(separator)s, %(names)s), array_agg(DISTINCT id ORDER BY id)"
            " FROM (SELECT r.id, %(columns)s FROM %(table)s WHERE r.active AND %(where)s) AS keyed"
            " WHERE %(filled)s GROUP BY %(group)s HAVING count(DISTINCT id) > 1",
            separator=KEY_SEPARATOR,
            names=SQL(", ").join(names),
            columns=SQL(", ").join(
                SQL("%s AS %s", expression, name)
                for expression, name in zip(keys + segments, names + segment_names, strict=True)
            ),
            table=table,
            where=SQL(" AND ").join(where),
            filled=SQL(" AND ").join(SQL("%s <> ''", name) for name in names),
            group=SQL(", ").join(names + segment_names),
        )
        return self._run(query)

    def _drop_marked_groups(self, groups):
        """``groups`` without those whose every pair of records is marked
        "not a duplicate"."""
        ids = sorted({i for _key, group_ids in groups for i in group_ids})
        marked = self.env["crm.vtiger.not.duplicate"]._vtiger_marked_pairs(self.res_model, ids)
        if not marked:
            return groups
        return [
            (key, group_ids)
            for key, group_ids in groups
            if not all(pair in marked for pair in combinations(sorted(group_ids), 2))
        ]

    def _criteria_keys(self):
        """([SQL key of each chosen criterion but the phone], [SQL conditions
        on the record ``r``]), the keys in the order of ``CRITERIA``."""
        is_partner = self.res_model == "res.partner"
        keys = []
        # a company and its own contacts sharing a value are not duplicates (nor addresses)
        where = [SQL("r.type = 'contact'")] if is_partner else [SQL("TRUE")]
        if self.by_email:
            keys.append(SQL("r.email_normalized"))
        if self.by_inn:
            keys.append(SQL("regexp_replace(upper(r.vat), '[^0-9A-Z]', '', 'g')"))
            if is_partner:
                where.append(SQL("(r.is_company OR r.parent_id IS NULL)"))
        name = SQL("r.name") if is_partner else SQL("concat_ws(' ', r.contact_name, r.partner_name)")
        if self.by_name:
            keys.append(SQL("lower(btrim(%s))", name))
        if self.by_similar_name:
            keys.append(
                SQL(
                    "(SELECT string_agg(word, ' ' ORDER BY word) FROM regexp_split_to_table("
                    "regexp_replace(translate(lower(%s), %s, %s), %s, ' ', 'g'), '\\s+') AS words(word)"
                    " WHERE word <> '')",
                    name,
                    "ё«»\"'.,()-",
                    "е" + " " * 9,
                    rf"(^|\s)({LEGAL_FORMS})(?=\s|$)",
                )
            )
        return keys, where

    def _run(self, query):
        """The visible groups of ``query``, largest first: the first
        MAX_GROUPS the screen shows, or all of them with
        ``vtiger_all_duplicate_groups`` in the context (a bulk merge)."""
        limit = None if self.env.context.get("vtiger_all_duplicate_groups") else MAX_GROUPS
        rows = self.env.execute_query(
            SQL(
                "SELECT * FROM (%s) AS groups(k, ids) WHERE k IS NOT NULL ORDER BY cardinality(ids) DESC, k LIMIT %s",
                query,
                limit,
            )
        )
        visible = set(self.env[self.res_model].search([("id", "in", [i for _k, ids in rows for i in ids])]).ids)
        groups = []
        for key, ids in rows:
            ids = sorted(i for i in ids if i in visible)
            if len(ids) > 1:
                groups.append((key, ids))
        return groups


class CrmVtigerDuplicateGroup(models.TransientModel):
    _name = "crm.vtiger.duplicate.group"
    _description = "Duplicate group"
    _order = "sequence, id"

    sequence = fields.Integer(readonly=True)
    finder_id = fields.Many2one("crm.vtiger.duplicate.finder", required=True, ondelete="cascade")
    res_model = fields.Selection(related="finder_id.res_model")
    key = fields.Char("Shared Value", readonly=True)
    res_ids = fields.Json(readonly=True)
    record_count = fields.Integer("Records", readonly=True)
    score = fields.Integer(readonly=True, help="The best score of a pair of records of the group (0-100).")
    record_names = fields.Char("Records Found", compute="_compute_record_names")

    @api.depends("res_ids")
    def _compute_record_names(self):
        for group in self:
            records = self.env[group.finder_id.res_model].browse(group.res_ids or [])
            labels = [record._vtiger_number_label() for record in records[:5]]
            group.record_names = ", ".join(labels) + (" …" if len(records) > 5 else "")

    def action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Duplicates: %(key)s", key=self.key),
            "res_model": self.finder_id.res_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.res_ids)],
        }

    def action_not_duplicate(self):
        """The records of the group are all distinct: the group is not shown again."""
        self.ensure_one()
        records = self.env[self.finder_id.res_model].browse(self.res_ids)
        self.env["crm.vtiger.not.duplicate"]._vtiger_mark(records)
        self.unlink()
        return True

    def action_merge(self):
        self.ensure_one()
        if self.record_count > 3:
            return self.action_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Records"),
            "res_model": "crm.vtiger.merge.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_model": self.finder_id.res_model, "active_ids": self.res_ids},
        }
