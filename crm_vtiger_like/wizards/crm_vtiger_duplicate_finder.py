from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

MAX_GROUPS = 500
# words dropped when comparing names "similarly": legal forms, quotes, punctuation, case, ё
LEGAL_FORMS = "ооо|оао|зао|пао|нао|ао|ип|чп|llc|ltd|inc|gmbh|corp"


class CrmVtigerDuplicateFinder(models.TransientModel):
    """vtiger's "Find duplicates": groups the whole database's accounts /
    contacts or leads by a chosen criterion."""

    _name = "crm.vtiger.duplicate.finder"
    _description = "Find duplicates"

    res_model = fields.Selection(
        [("res.partner", "Accounts and Contacts"), ("crm.lead", "Leads and Deals")],
        "Find Among",
        required=True,
        default=lambda self: (
            self.env.context.get("active_model")
            if self.env.context.get("active_model") in ("res.partner", "crm.lead")
            else "res.partner"
        ),
    )
    criterion = fields.Selection(
        [
            ("phone", "Phone (any phone field, any format)"),
            ("email", "E-mail"),
            ("inn", "INN"),
            ("name", "Same name"),
            ("similar_name", "Similar name"),
        ],
        required=True,
        default="phone",
    )
    group_ids = fields.One2many("crm.vtiger.duplicate.group", "finder_id", "Duplicate Groups", readonly=True)
    group_count = fields.Integer(compute="_compute_group_count")

    @api.depends("group_ids")
    def _compute_group_count(self):
        for finder in self:
            finder.group_count = len(finder.group_ids)

    def action_find(self):
        self.ensure_one()
        self.group_ids.unlink()
        groups = self._find_groups()
        self.env["crm.vtiger.duplicate.group"].create(
            [{"finder_id": self.id, "key": key, "res_ids": ids, "record_count": len(ids)} for key, ids in groups]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }

    def _find_groups(self):
        """[(shared value, [record ids])] of active records sharing the
        criterion's value, largest groups first."""
        Model = self.env[self.res_model]
        Model.flush_model()
        table = SQL.identifier(Model._table)
        is_partner = self.res_model == "res.partner"
        if self.criterion == "phone":
            groups = self.env["crm.vtiger.phone"]._vtiger_duplicate_groups(
                self.res_model, Model._vtiger_phone_fields_foreign
            )
            return self._run(SQL("SELECT number, ids FROM (%s) AS phone_groups(model, number, ids)", groups))
        if self.criterion == "inn":
            if not is_partner:
                raise UserError(self.env._("Leads have no INN: search accounts and contacts by INN."))
            key = SQL("regexp_replace(upper(vat), '[^0-9A-Z]', '', 'g')")
            where = SQL("vat IS NOT NULL AND (is_company OR parent_id IS NULL)")
        elif self.criterion == "email":
            key, where = SQL("email_normalized"), SQL("email_normalized IS NOT NULL")
        else:
            name = SQL("name") if is_partner else SQL("concat_ws(' ', contact_name, partner_name)")
            if self.criterion == "name":
                key = SQL("lower(btrim(%s))", name)
            else:
                key = SQL(
                    "(SELECT string_agg(word, ' ' ORDER BY word) FROM regexp_split_to_table("
                    "regexp_replace(translate(lower(%s), %s, %s), %s, ' ', 'g'), '\\s+') AS words(word)"
                    " WHERE word <> '')",
                    name,
                    "ё«»\"'.,()-",
                    "е" + " " * 9,
                    rf"(^|\s)({LEGAL_FORMS})(?=\s|$)",
                )
            where = SQL("btrim(%s) <> ''", name)
        if is_partner:
            # a company and its own contacts sharing a value are not duplicates
            key = SQL("%s || '|' || is_company::text", key)
            where = SQL("%s AND type = 'contact'", where)
        query = SQL(
            "SELECT %(key)s AS k, array_agg(id ORDER BY id) FROM %(table)s WHERE active AND %(where)s"
            " GROUP BY k HAVING count(*) > 1",
            key=key,
            table=table,
            where=where,
        )
        return [(key.split("|")[0] if is_partner else key, ids) for key, ids in self._run(query)]

    def _run(self, query):
        rows = self.env.execute_query(
            SQL(
                "SELECT * FROM (%s) AS groups(k, ids) WHERE k IS NOT NULL ORDER BY cardinality(ids) DESC, k LIMIT %s",
                query,
                MAX_GROUPS,
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
    _order = "record_count desc, id"

    finder_id = fields.Many2one("crm.vtiger.duplicate.finder", required=True, ondelete="cascade")
    res_model = fields.Selection(related="finder_id.res_model")
    key = fields.Char("Shared Value", readonly=True)
    res_ids = fields.Json(readonly=True)
    record_count = fields.Integer("Records", readonly=True)
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
