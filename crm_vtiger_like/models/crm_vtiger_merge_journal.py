from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

from ..tools import CONCURRENCY_ERRORS

UNMERGE_DAYS_PARAM = "crm_vtiger_like.unmerge_days"
DEFAULT_UNMERGE_DAYS = 30


class CrmVtigerMergeJournal(models.Model):
    """One merge, as it was done: who merged which records into which, the
    master's previous values and every row the merge moved, deleted
    (collapsed onto the master's) or added (links copied to the master), so
    that ``action_unmerge`` can undo exactly that."""

    _name = "crm.vtiger.merge.journal"
    _description = "Merge Journal"
    _order = "id desc"
    _rec_name = "master_name"

    res_model = fields.Char("Model", required=True, readonly=True)
    master_id = fields.Many2oneReference("Kept Record ID", model_field="res_model", readonly=True)
    master_name = fields.Char("Kept Record", readonly=True)
    merged_ids = fields.Json("Merged Record IDs", readonly=True)
    merged_names = fields.Text("Merged Records", readonly=True)
    master_values = fields.Json(
        "Previous Values", readonly=True, help="The kept record's values the merge overwrote, restored by an unmerge."
    )
    user_id = fields.Many2one("res.users", "Merged By", readonly=True, default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", readonly=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("done", "Merged"), ("unmerged", "Unmerged"), ("expired", "Expired")],
        default="done",
        required=True,
        readonly=True,
        help="Expired: older than the unmerge window, its moved rows are no longer kept.",
    )
    unmerge_user_id = fields.Many2one("res.users", "Unmerged By", readonly=True)
    unmerge_date = fields.Datetime("Unmerged On", readonly=True)
    line_ids = fields.One2many("crm.vtiger.merge.journal.line", "journal_id", "Moved Rows", readonly=True)
    summary = fields.Html(compute="_compute_summary", sanitize=False)
    can_unmerge = fields.Boolean(compute="_compute_can_unmerge")

    @api.model
    def _unmerge_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(UNMERGE_DAYS_PARAM, DEFAULT_UNMERGE_DAYS)
        return max(int(value or DEFAULT_UNMERGE_DAYS), 1)

    @api.depends("state", "create_date")
    def _compute_can_unmerge(self):
        limit = fields.Datetime.now() - timedelta(days=self._unmerge_days())
        for journal in self:
            journal.can_unmerge = journal.state == "done" and (journal.create_date or fields.Datetime.now()) >= limit

    def _compute_summary(self):
        for journal in self:
            counts = journal._counts()
            names = dict(zip(journal.merged_ids or [], (journal.merged_names or "").split("\n"), strict=False))
            items = []
            for source, per_kind in counts.items():
                title = names.get(source) or self.env._("Other links")
                kinds = ", ".join(f"{what}: {count}" for what, count in sorted(per_kind.items()))
                items.append(Markup("<li><b>%s</b>: %s</li>") % (title, kinds))
            journal.summary = Markup("<ul>%s</ul>") % Markup("").join(items) if items else False

    def _counts(self):
        """{merged record id (or 0): {what: rows}} moved or collapsed by this merge."""
        self.ensure_one()
        # a row counts once however many of its columns moved (a contact's parent and
        # commercial entity); the merged records' own rows are not "moved rows"
        rows = self.env.execute_query(
            SQL(
                "SELECT COALESCE(source_id, 0), what, count(DISTINCT COALESCE(before ->> 'id', 'line' || id))"
                " FROM crm_vtiger_merge_journal_line WHERE journal_id = %(journal)s AND op != 'insert'"
                " AND NOT (table_name = %(table)s AND (before ->> 'id')::int = ANY(%(records)s)) GROUP BY 1, 2",
                journal=self.id,
                table=self.env[self.res_model]._table,
                records=[self.master_id, *(self.merged_ids or [])],
            )
        )
        counts = {}
        for source, what, count in rows:
            counts.setdefault(source, {})[what] = count
        return counts

    # -- unmerge ------------------------------------------------------------------
    def action_unmerge(self):
        """Undo the merge: the merged records come back active with their
        values, exactly the rows the merge moved point at them again (rows
        pointed at the kept record since then stay there), the rows that
        collapsed onto the kept record's come back, the links copied to it
        go, and the kept record gets its previous values. All or nothing."""
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers can undo a merge."))
        if self.state != "done":
            raise UserError(self.env._("This merge was already undone or is too old to be undone."))
        if not self.can_unmerge:
            raise UserError(self.env._("Merges can be undone within %(days)s days only.", days=self._unmerge_days()))
        Model = self.env[self.res_model].with_context(active_test=False)
        master, others = Model.browse(self.master_id).exists(), Model.browse(self.merged_ids).exists()
        if not master or len(others) != len(self.merged_ids):
            raise UserError(self.env._("The kept record or a merged record was deleted since: it cannot be unmerged."))
        (master | others).check_access("write")
        self.env.flush_all()
        try:
            with self.env.cr.savepoint():
                self._undo_rows()
                self.env.invalidate_all()
                self._restore_records(master, others)
                self.env.flush_all()
        except CONCURRENCY_ERRORS:
            self.env.invalidate_all()
            raise
        except psycopg2.Error as error:
            self.env.invalidate_all()
            raise UserError(
                self.env._(
                    "%(records)s cannot be unmerged from %(master)s: the data changed since the merge in a way "
                    "that does not allow it (%(error)s). Nothing was changed.",
                    records=", ".join(others.mapped("display_name")),
                    master=master.display_name,
                    error=error.diag.message_primary or error.pgcode,
                )
            ) from error
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(records)s restored.", records=", ".join(others.mapped("display_name"))),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _undo_rows(self):
        """Undo the journal's rows in SQL: remove the links added, bring back
        the rows deleted (newest first, so that a row comes back before the
        rows that referenced it), then move back the rows still pointing
        where the merge put them."""
        tables = self.env.execute_query(
            SQL(
                "SELECT DISTINCT table_name, column_name, extra_columns, op FROM crm_vtiger_merge_journal_line"
                " WHERE journal_id = %s",
                self.id,
            )
        )
        lines = SQL("crm_vtiger_merge_journal_line l")
        with mute_logger("odoo.sql_db"):
            for table, _column, _extra, op in tables:
                if op == "insert":
                    self.env.execute_query(
                        SQL(
                            "DELETE FROM %(table)s t USING %(lines)s WHERE l.journal_id = %(journal)s"
                            " AND l.op = 'insert' AND l.table_name = %(name)s AND to_jsonb(t) = l.after",
                            table=SQL.identifier(table),
                            lines=lines,
                            journal=self.id,
                            name=table,
                        )
                    )
            for (table,) in self.env.execute_query(
                SQL(
                    "SELECT table_name FROM crm_vtiger_merge_journal_line WHERE journal_id = %s AND op = 'delete'"
                    " GROUP BY table_name ORDER BY max(id) DESC",
                    self.id,
                )
            ):
                self.env.execute_query(
                    SQL(
                        "INSERT INTO %(table)s SELECT (jsonb_populate_record(NULL::%(table)s, l.before)).*"
                        " FROM %(lines)s WHERE l.journal_id = %(journal)s AND l.op = 'delete'"
                        " AND l.table_name = %(name)s ORDER BY l.id DESC",
                        table=SQL.identifier(table),
                        lines=lines,
                        journal=self.id,
                        name=table,
                    )
                )
            for table, column, extra, op in tables:
                if op == "update":
                    self._undo_updates(table, column, (extra or "").split(",") if extra else [])

    def _undo_updates(self, table, column, extra_columns):
        columns = [column, *extra_columns]
        has_id = bool(
            self.env.execute_query(
                SQL(
                    "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'id'",
                    table,
                )
            )
        )
        if has_id:
            same_row = SQL("t.id = r.id")
        else:
            # a link table: the row is the one whose other columns are as they were
            same_row = SQL("to_jsonb(t) = l.before || jsonb_build_object(%s, l.after)", column)
        self.env.execute_query(
            SQL(
                "UPDATE %(table)s t SET %(set)s FROM crm_vtiger_merge_journal_line l,"
                " jsonb_populate_record(NULL::%(table)s, l.before) r"
                " WHERE l.journal_id = %(journal)s AND l.op = 'update' AND l.table_name = %(name)s"
                " AND l.column_name = %(column)s AND %(same_row)s AND to_jsonb(t.%(col)s) = l.after",
                table=SQL.identifier(table),
                set=SQL(", ").join(SQL("%s = r.%s", SQL.identifier(c), SQL.identifier(c)) for c in columns),
                journal=self.id,
                name=table,
                column=column,
                same_row=same_row,
                col=SQL.identifier(column),
            )
        )

    def _restore_records(self, master, others):
        """The ORM side: the kept record's previous values, the merged
        records active again, notes on each, and the fields stored from
        moved rows recomputed."""
        if self.master_values:
            master.write(self.master_values)
        values = {"active": True}
        if "vtiger_merged_into_id" in others._fields:
            values["vtiger_merged_into_id"] = False
        others.write(values)
        if master._name == "res.partner":
            children = (master | others).with_context(active_test=False).child_ids
            for fname in ("commercial_partner_id", "complete_name"):
                self.env.add_to_compute(master._fields[fname], children)
        body = Markup("<p>%s</p>") % self.env._(
            "Merge undone by %(user)s: %(records)s restored.",
            user=self.env.user.name,
            records=", ".join(others.mapped("display_name")),
        )
        for record in master | others:
            record.with_context(mail_create_nosubscribe=True).message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.sudo().write({"state": "unmerged", "unmerge_user_id": self.env.uid, "unmerge_date": fields.Datetime.now()})

    @api.model
    def _cron_expire(self):
        """Forget the moved rows of merges older than the unmerge window
        (the journal entry itself stays, as a record of the merge)."""
        limit = fields.Datetime.now() - timedelta(days=self._unmerge_days())
        expired = self.search([("state", "=", "done"), ("create_date", "<", limit)])
        if expired:
            self.env.execute_query(
                SQL("DELETE FROM crm_vtiger_merge_journal_line WHERE journal_id = ANY(%s)", expired.ids)
            )
            expired.sudo().write({"state": "expired"})


class CrmVtigerMergeJournalLine(models.Model):
    """A row a merge changed: written by the merge in SQL, with the same
    statement that changes the row."""

    _name = "crm.vtiger.merge.journal.line"
    _description = "Merge Journal: a moved row"
    _order = "id"
    _log_access = False

    journal_id = fields.Many2one("crm.vtiger.merge.journal", required=True, ondelete="cascade", index=True)
    op = fields.Selection(
        [("update", "Moved"), ("delete", "Collapsed"), ("insert", "Added")], "Operation", required=True
    )
    table_name = fields.Char("Table", required=True)
    column_name = fields.Char("Column")
    extra_columns = fields.Char(help="Other columns the same statement changed, comma-separated.")
    what = fields.Char("Kind of Row")
    source_id = fields.Integer("Merged Record", help="The merged record the row pointed at.")
    before = fields.Json(help="The row (or its changed columns) before the merge.")
    after = fields.Json(help="The changed column after the merge; the added row.")
