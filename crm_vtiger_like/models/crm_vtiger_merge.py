from collections import Counter
from contextlib import closing

import psycopg2
from lxml import etree
from markupsafe import Markup
from psycopg2 import errors

from odoo import api, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

from ..tools import CONCURRENCY_ERRORS, record_link

MERGEABLE_MODELS = ("res.partner", "crm.lead")
# reference holders left alone: external ids stay with the records they name
NOT_REPOINTED = {"ir.model.data"}
# how deep rows collapsed onto a survivor have their own references moved
MAX_COLLAPSE_DEPTH = 3


class CrmVtigerMerge(models.AbstractModel):
    """Merge duplicate accounts, contacts or leads into one master, vtiger
    style: the chosen values are written on the master, every reference to
    the other records is re-pointed to it, and the others are archived with
    a note pointing to the master (nothing is deleted)."""

    _name = "crm.vtiger.merge"
    _description = "Merge records"

    @api.model
    def merge(self, records, master, values=None):
        """Merge ``records`` into ``master`` (one of them), writing ``values``
        (field name -> value) on it. All or nothing. Returns ``master``."""
        self._check_merge(records, master)
        values = self._merge_values_allowed(records, master, dict(values or {}))
        others = records - master
        try:
            with self.env.cr.savepoint():
                journal = self._new_journal(others, master, values)
                Merge = self.with_context(vtiger_merge_journal_id=journal.id)
                if values:
                    master.write(values)
                collapsed = Merge._repoint_references(others, master)
                self._archive_merged(others, master, collapsed)
                self.env.flush_all()
        except (UserError, *CONCURRENCY_ERRORS):
            self.env.invalidate_all()
            raise
        except psycopg2.Error as error:
            # a constraint of a module we could not foresee (a check, a trigger...)
            self.env.invalidate_all()
            raise UserError(self._merge_error_message(others, master, error, None)) from error
        return master

    @api.model
    def _new_journal(self, others, master, values):
        """The journal entry of a merge, with the master's values it overwrites."""
        previous = {}
        for fname in values:
            field = master._fields[fname]
            value = field.convert_to_write(master[fname], master)
            if field.type in ("date", "datetime"):
                value = field.to_string(value)
            previous[fname] = str(value) if field.type == "html" and value else value
        return (
            self.env["crm.vtiger.merge.journal"]
            .sudo()
            .create(
                {
                    "res_model": master._name,
                    "master_id": master.id,
                    "master_name": master.display_name,
                    "merged_ids": others.ids,
                    "merged_names": "\n".join(others.mapped("display_name")),
                    "master_values": previous,
                    "user_id": self.env.uid,
                }
            )
        )

    @api.model
    def preview(self, records, master):
        """{merged record: {what: rows}} the merge of ``records`` into
        ``master`` would move or collapse: the re-pointing is done and
        rolled back, so the counts are what the merge does."""
        self._check_merge(records, master)
        others = records - master
        self.env.flush_all()
        with closing(self.env.cr.savepoint()):
            journal = self._new_journal(others, master, {})
            self.with_context(vtiger_merge_journal_id=journal.id)._repoint_references(others, master)
            counts = journal._counts()
        self.env.invalidate_all()
        return {record: counts.get(record.id, {}) for record in others}

    @api.model
    def _check_merge(self, records, master):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers can merge records."))
        if records._name not in MERGEABLE_MODELS:
            raise UserError(self.env._("Only accounts, contacts and leads can be merged."))
        if len(records) < 2:
            raise UserError(self.env._("Select at least two records to merge."))
        if master not in records or len(master) != 1:
            raise UserError(self.env._("The record to keep must be one of the records merged."))
        records.check_access("write")
        for record, master_name in self._already_merged(records):
            raise UserError(
                self.env._("%(record)s was merged into %(master)s already.", record=record, master=master_name)
            )
        if len(records.company_id) > 1:
            raise UserError(
                self.env._(
                    "%(records)s belong to different companies (%(companies)s): they cannot be merged.",
                    records=", ".join(records.mapped("display_name")),
                    companies=", ".join(records.company_id.mapped("name")),
                )
            )
        if records._name == "res.partner":
            for partner in records:
                ancestors = partner.search([("id", "parent_of", partner.id), ("id", "!=", partner.id)])
                if ancestors & records:
                    raise UserError(
                        self.env._(
                            "%(partner)s belongs to %(parent)s: an account cannot be merged with its own contacts.",
                            partner=partner.display_name,
                            parent=(ancestors & records)[:1].display_name,
                        )
                    )
            # archived users too: their partner is still theirs
            if len(records.sudo().with_context(active_test=False).user_ids) > 1:
                raise UserError(self.env._("These records are linked to several users: merge their users first."))

    @api.model
    def _already_merged(self, records):
        """(name, kept record's name) of the archived ``records`` a merge not
        undone archived (e.g. by another user at the same moment)."""
        archived = records.filtered(lambda record: not record.active)
        if not archived:
            return []
        rows = self.env.execute_query(
            SQL(
                "SELECT m::int, j.master_name FROM crm_vtiger_merge_journal j, jsonb_array_elements(j.merged_ids) m"
                " WHERE j.res_model = %s AND j.state != 'unmerged' AND m::int = ANY(%s)",
                records._name,
                archived.ids,
            )
        )
        return [(records.browse(record_id).display_name, master_name) for record_id, master_name in rows]

    @api.model
    def _merge_values_allowed(self, records, master, values):
        """A user's partner keeps its user's e-mail (the login's address)
        unless the merging user may change users."""
        if records._name != "res.partner" or "email" not in values:
            return values
        user_partners = records.filtered(lambda p: p.sudo().with_context(active_test=False).user_ids)
        if user_partners and not self.env["res.users"].has_access("write"):
            values["email"] = user_partners.email
        return values

    # -- re-pointing ------------------------------------------------------------
    @api.model
    def _repoint_references(self, others, master, depth=0):
        """Point every stored reference to ``others`` at ``master``: many2one
        columns, many2many relations, (model, id) pairs, reference and
        company-dependent fields of every model, in SQL (as Odoo's own partner
        merge does). A reference that would duplicate a row the master
        already has (any unique index of the referencing table) collapses
        onto that row. Returns {what: rows collapsed}."""
        self.env.flush_all()
        model_name, other_ids = master._name, others.ids
        model_tables = {Model._table for Model in self.env.registry.values() if not Model._abstract}
        collapsed = Counter()
        for Model in self.env.registry.values():
            if Model._abstract or not Model._auto or Model._table_query or Model._name in NOT_REPOINTED:
                continue
            for field in Model._fields.values():
                if not field.store:
                    continue
                if field.type == "many2one" and field.comodel_name == model_name:
                    if field.company_dependent:
                        self._repoint_company_dependent(Model, field, other_ids, master.id)
                    elif field.column_type:
                        self._repoint_column(Model._table, field.name, other_ids, master, collapsed, depth=depth)
                elif field.type == "many2many" and field.relation and field.relation not in model_tables:
                    # a relation table that is a model's (discuss_channel_member) moves through that
                    # model's many2one fields; only plain link tables are handled here
                    if field.comodel_name == model_name:
                        self._repoint_column(
                            field.relation, field.column2, other_ids, master, collapsed, depth=depth, field=field
                        )
                    elif Model._name == model_name:
                        # the others' own links (tags...) are added to the master's
                        self._copy_links(field, other_ids, master)
                elif (
                    field.type == "many2one_reference" and field.column_type and self._model_field_stored(Model, field)
                ):
                    self._repoint_column(
                        Model._table,
                        field.name,
                        other_ids,
                        master,
                        collapsed,
                        depth=depth,
                        where=self._pairs_where(Model, field, model_name),
                        extra_set=(SQL(", origin = 'merged'"), ("origin",))
                        if Model._name == "crm.vtiger.phone"
                        else None,
                    )
                elif field.type == "reference":
                    column = SQL.identifier(field.name)
                    self._execute_repoint(
                        self._journaled_update(
                            Model._table,
                            SQL("%s = %s", column, f"{model_name},{master.id}"),
                            SQL("%s = ANY(%s)", column, [f"{model_name},{rid}" for rid in other_ids]),
                            field.name,
                            self._what(Model),
                            source=SQL("split_part(before ->> %s, ',', 2)::int", field.name),
                        ),
                        others,
                        master,
                        Model._name,
                    )
        self._repoint_defaults(model_name, other_ids, master.id)
        self.env.invalidate_all()
        if model_name == "res.partner" and not depth:
            # re-parented contacts follow their new account
            children = master.with_context(active_test=False).child_ids
            for fname in ("commercial_partner_id", "complete_name"):
                self.env.add_to_compute(master._fields[fname], children)
            children.flush_recordset()
        return collapsed

    @api.model
    def _model_field_stored(self, Model, field):
        """Whether the model of a (model, id) pair is a column: a pair whose
        model is computed from elsewhere cannot be told apart in SQL."""
        model_field = Model._fields.get(field.model_field)
        return bool(model_field and model_field.store and model_field.column_type)

    @api.model
    def _pairs_where(self, Model, field, model_name):
        """Rows of a (model, id) pair that name ``model_name``."""
        where = SQL("%s = %s", SQL.identifier(field.model_field), model_name)
        if Model._name == "ir.attachment":
            where = SQL("%s AND res_field IS NULL", where)  # binary field values stay with their record
        return where

    @api.model
    @tools.ormcache("table", "column")
    def _unique_keys(self, table, column):
        """The unique indexes and constraints of ``table`` that include
        ``column``, read from the catalog: [(key expressions, partial index
        predicate, whether NULLs collide)]. Expression indexes whose
        expressions only mention the column are not found (they stop the
        merge with a clear message instead)."""
        return tuple(
            tuple(row)
            for row in self.env.execute_query(
                SQL(
                    "SELECT array(SELECT pg_get_indexdef(i.indexrelid, k, true)"
                    "             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k),"
                    " pg_get_expr(i.indpred, i.indrelid),"
                    " COALESCE((to_jsonb(i) ->> 'indnullsnotdistinct')::bool, false)"
                    " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname = %s"
                    " WHERE i.indrelid = %s::regclass AND i.indisunique AND a.attnum = ANY(i.indkey::int2[])",
                    column,
                    table,
                )
            )
        )

    @api.model
    def _repoint_column(
        self, table, column, other_ids, master, collapsed, depth=0, where=None, field=None, extra_set=None
    ):
        """UPDATE ``table`` so that ``column`` points at ``master`` instead
        of ``other_ids``. Rows that would then be equal, on some unique key,
        to a row already pointing at the master (or to each other) collapse
        onto one: the master's when it has one. Rows of a model's table that
        collapse have their own references moved to the surviving row first."""
        where = where or SQL("TRUE")
        Model = next((M for M in self.env.registry.values() if M._table == table and not M._abstract), None)
        what = self._what(Model, field)
        col = SQL.identifier(column)
        for key_columns, predicate, nulls_collide in self._unique_keys(table, column):
            others_key = [key for key in key_columns if key != self._quoted(column)]
            partition = SQL(", ").join(SQL(key) for key in others_key) if others_key else SQL("1")
            conditions = [SQL("%s = ANY(%s)", col, [master.id, *other_ids]), where]
            if predicate:
                conditions.append(SQL("(%s)", SQL(predicate)))
            if not nulls_collide:
                conditions += [SQL("(%s) IS NOT NULL", SQL(key)) for key in others_key]
            ranked = SQL(
                "SELECT ctid AS row_ctid, %(ids)s, row_number() OVER w AS rank FROM %(table)s WHERE %(where)s"
                " WINDOW w AS (PARTITION BY %(partition)s ORDER BY (%(col)s = %(master)s) DESC%(order)s)",
                ids=SQL("id, first_value(id) OVER w AS survivor") if Model else SQL("NULL, NULL"),
                table=SQL.identifier(table),
                where=SQL(" AND ").join(conditions),
                partition=partition,
                col=col,
                master=master.id,
                order=SQL(", id") if Model else SQL(),
            )
            if Model and depth < MAX_COLLAPSE_DEPTH:
                survivors = {}
                for row_id, survivor, _rank in self.env.execute_query(
                    SQL(
                        "SELECT id, survivor, rank FROM (%s) AS ranked(row_ctid, id, survivor, rank) WHERE rank > 1",
                        ranked,
                    )
                ):
                    survivors.setdefault(survivor, []).append(row_id)
                Rows = self.env[Model._name]
                for survivor, row_ids in survivors.items():
                    collapsed.update(
                        self._repoint_references(Rows.browse(row_ids), Rows.browse(survivor), depth=depth + 1)
                    )
            delete = SQL(
                "DELETE FROM %s WHERE ctid IN (SELECT row_ctid"
                " FROM (%s) AS ranked(row_ctid, id, survivor, rank) WHERE rank > 1)",
                SQL.identifier(table),
                ranked,
            )
            count = len(
                self._execute_repoint(
                    self._journaled_delete(delete, table, column, what),
                    self.env[master._name].browse(other_ids),
                    master,
                    what,
                )
            )
            if count:
                collapsed[what] += count
        self._execute_repoint(
            self._journaled_update(
                table,
                SQL("%s = %s%s", col, master.id, extra_set[0] if extra_set else SQL()),
                SQL("%s = ANY(%s) AND %s", col, other_ids, where),
                column,
                what,
                has_id=Model is not None,
                extra_columns=extra_set[1] if extra_set else (),
            ),
            self.env[master._name].browse(other_ids),
            master,
            what,
        )

    @api.model
    def _quoted(self, column):
        """The column as ``pg_get_indexdef`` writes it."""
        return column if column.isidentifier() and column.islower() else f'"{column}"'

    @api.model
    def _what(self, Model, field=None):
        """What a table holds, in the user's words (for notes and errors)."""
        if field is not None:
            return field._description_string(self.env)
        if Model is not None:
            return self.env["ir.model"]._get(Model._name).name or Model._description
        return self.env._("links")

    @api.model
    def _copy_links(self, field, other_ids, master):
        relation = SQL.identifier(field.relation)
        own, target = SQL.identifier(field.column1), SQL.identifier(field.column2)
        insert = SQL(
            "INSERT INTO %(rel)s (%(own)s, %(target)s) SELECT DISTINCT %(master)s, %(target)s FROM %(rel)s"
            " WHERE %(own)s = ANY(%(others)s) ON CONFLICT DO NOTHING",
            rel=relation,
            own=own,
            target=target,
            master=master.id,
            others=other_ids,
        )
        if journal := self.env.context.get("vtiger_merge_journal_id"):
            insert = SQL(
                "WITH added AS (%(insert)s RETURNING to_jsonb(%(rel)s.*) AS after)"
                " INSERT INTO crm_vtiger_merge_journal_line (journal_id, op, table_name, what, after)"
                " SELECT %(journal)s, 'insert', %(name)s, %(what)s, after FROM added",
                insert=insert,
                rel=relation,
                journal=journal,
                name=field.relation,
                what=field._description_string(self.env),
            )
        self._execute_repoint(
            insert,
            self.env[master._name].browse(other_ids),
            master,
            field._description_string(self.env),
        )

    @api.model
    def _repoint_company_dependent(self, Model, field, other_ids, master_id):
        """Company-dependent many2one values ({company: id} jsonb) naming the others."""
        column = SQL.identifier(field.name)
        self.env.execute_query(
            self._journaled_update(
                Model._table,
                SQL(
                    "%(col)s = (SELECT jsonb_object_agg(key, CASE WHEN value::int = ANY(%(others)s)"
                    " THEN %(master)s ELSE value::int END) FROM jsonb_each_text(%(col)s))",
                    col=column,
                    others=other_ids,
                    master=master_id,
                ),
                SQL(
                    "%(col)s IS NOT NULL AND EXISTS (SELECT 1 FROM jsonb_each_text(%(col)s)"
                    " WHERE value ~ '^[0-9]+$' AND value::int = ANY(%(others)s))",
                    col=column,
                    others=other_ids,
                ),
                field.name,
                field._description_string(self.env),
                source=SQL("NULL"),
            )
        )

    @api.model
    def _repoint_defaults(self, model_name, other_ids, master_id):
        """Default values of company-dependent fields (``ir.default``) naming the others."""
        self.env.execute_query(
            self._journaled_update(
                "ir_default",
                SQL("json_value = %s", str(master_id)),
                SQL(
                    "field_id IN (SELECT id FROM ir_model_fields f WHERE f.company_dependent AND f.ttype = 'many2one'"
                    " AND f.relation = %(model)s) AND json_value ~ '^[0-9]+$' AND json_value::int = ANY(%(others)s)",
                    model=model_name,
                    others=other_ids,
                ),
                "json_value",
                self.env._("Default values"),
                source=SQL("(before ->> 'json_value')::int"),
            )
        )

    @api.model
    def _journaled_update(self, table, assignments, where, column, what, has_id=True, extra_columns=(), source=None):
        """``UPDATE table SET assignments WHERE where``, keeping in the merge
        journal (when there is one) each row's previous values of the columns
        it changes and the new value of ``column``, in the same statement.
        ``source`` is the SQL of the merged record a row pointed at, from its
        previous values (``before``); by default ``column`` holds its id."""
        update = SQL("UPDATE %s SET %s WHERE %s", SQL.identifier(table), assignments, where)
        journal = self.env.context.get("vtiger_merge_journal_id")
        if not journal:
            return update
        columns = [column, *extra_columns]
        if has_id:
            key, before = (
                SQL("id"),
                SQL(
                    "jsonb_build_object('id', t.id, %s)",
                    SQL(", ").join(SQL("%s, t.%s", name, SQL.identifier(name)) for name in columns),
                ),
            )
        else:
            key, before = SQL("ctid"), SQL("to_jsonb(t)")
        return SQL(
            "WITH prev AS (SELECT t.%(key)s AS row_key, %(before)s AS before FROM %(table)s t WHERE %(where)s),"
            " moved AS (UPDATE %(table)s SET %(assignments)s FROM prev WHERE %(table)s.%(key)s = prev.row_key"
            " RETURNING prev.before, to_jsonb(%(table)s.%(col)s) AS after)"
            " INSERT INTO crm_vtiger_merge_journal_line"
            " (journal_id, op, table_name, column_name, extra_columns, what, source_id, before, after)"
            " SELECT %(journal)s, 'update', %(name)s, %(column)s, %(extra)s, %(what)s, %(source)s, before, after"
            " FROM moved",
            key=key,
            before=before,
            table=SQL.identifier(table),
            where=where,
            assignments=assignments,
            col=SQL.identifier(column),
            journal=journal,
            name=table,
            column=column,
            extra=",".join(extra_columns) or None,
            what=what,
            source=source or SQL("(before ->> %s)::int", column),
        )

    @api.model
    def _journaled_delete(self, delete, table, column, what):
        """A DELETE of collapsed rows returning a row per row deleted, the
        rows kept whole in the merge journal (when there is one)."""
        journal = self.env.context.get("vtiger_merge_journal_id")
        if not journal:
            return SQL("%s RETURNING 1", delete)
        return SQL(
            "WITH gone AS (%(delete)s RETURNING to_jsonb(%(table)s.*) AS before)"
            " INSERT INTO crm_vtiger_merge_journal_line"
            " (journal_id, op, table_name, column_name, what, source_id, before)"
            " SELECT %(journal)s, 'delete', %(name)s, %(column)s, %(what)s, (before ->> %(column)s)::int, before"
            " FROM gone RETURNING 1",
            delete=delete,
            table=SQL.identifier(table),
            journal=journal,
            name=table,
            column=column,
            what=what,
        )

    @api.model
    def _execute_repoint(self, query, others, master, what):
        """Run one re-pointing statement; a constraint it still breaks stops
        the merge with a translated message naming the records (the caller's
        savepoint undoes everything)."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                return self.env.execute_query(query)
        except CONCURRENCY_ERRORS:
            raise
        except psycopg2.Error as error:
            raise UserError(self._merge_error_message(others, master, error, what)) from error

    @api.model
    def _merge_error_message(self, others, master, error, what):
        reasons = {
            errors.UniqueViolation: self.env._("it would hold the same entry twice"),
            errors.ForeignKeyViolation: self.env._("other data depends on it"),
            errors.NotNullViolation: self.env._("a required value would be missing"),
            errors.CheckViolation: self.env._("a rule of the data would be broken"),
        }
        reason = next(
            (text for kind, text in reasons.items() if isinstance(error, kind)),
            self.env._("the database refused the change"),
        )
        return self.env._(
            "%(records)s cannot be merged into %(master)s: %(what)s cannot move, %(reason)s. Nothing was changed.",
            records=", ".join(others.mapped("display_name")),
            master=master.display_name,
            what=what or self.env._("their data"),
            reason=reason,
        )

    # -- result -------------------------------------------------------------------
    @api.model
    def _archive_merged(self, others, master, collapsed=None):
        """Archive the merged records with a note to the master, and note on
        the master what was merged into it and which entries collapsed."""
        link = record_link(master)
        for other in others.with_context(mail_create_nosubscribe=True):
            other.message_post(
                body=Markup("<p>%s %s</p>") % (self.env._("Merged into"), link),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        values = {"active": False}
        if "vtiger_merged_into_id" in others._fields:
            values["vtiger_merged_into_id"] = master.id  # archived as merged, not lost
        others.write(values)
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Merged with:"),
            Markup("").join(Markup("<li>%s</li>") % name for name in others.mapped("display_name")),
        )
        if collapsed:
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Entries both had, kept once:"),
                Markup("").join(Markup("<li>%s: %s</li>") % (what, count) for what, count in sorted(collapsed.items())),
            )
        master.with_context(mail_create_nosubscribe=True).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _mergeable_fields(self, records):
        """Fields whose value the user picks when merging ``records``: the
        fields a user edits on the record's card. That is a field of the
        model's form view as this user gets it (nodes of groups they lack are
        removed), outside sub-views, neither always invisible nor always
        read-only there; the field itself stored, editable (no related field,
        no computed field without ``readonly=False``), not restricted by its
        own ``groups``, not company-dependent, holding a simple value (x2many
        links are united by the merge). Technical fields (normalized or
        sanitized copies, states, enrichment flags, message and activity
        fields) are not on the card, so no module's are ever offered. The
        merge itself decides the record's activity, kind and company."""
        decided_by_merge = {"active", "type", "is_company", "company_type", "company_id"}
        if records._name == "res.partner":
            # a company is named as a whole, a person by name parts
            decided_by_merge |= (
                {"first_name", "middle_name", "last_name"} if any(records.mapped("is_company")) else {"name"}
            )
        simple = {
            "char",
            "text",
            "html",
            "integer",
            "float",
            "monetary",
            "boolean",
            "selection",
            "date",
            "datetime",
            "many2one",
        }
        on_card = self._form_editable_fields(records)
        return [
            fname
            for fname, field in records._fields.items()
            if fname in on_card
            and field.type in simple
            and field.store
            and not field.readonly
            and not field.related
            and not field.company_dependent
            and field.is_accessible(self.env)
            and fname not in decided_by_merge
            and fname not in models.MAGIC_COLUMNS
        ]

    @api.model
    def _form_labels(self, records):
        """{field name: label} of the fields the form view of ``records``
        labels itself (vtiger's words, in the user's language), first
        visible occurrence first."""
        arch = etree.fromstring(records.get_view(view_type="form")["arch"])
        labels = {}
        for node in arch.iter("field"):
            shown = (node.get("invisible") or "").strip() not in ("1", "True", "true")
            if node.get("string") and shown and not any(parent.tag == "field" for parent in node.iterancestors()):
                labels.setdefault(node.get("name"), node.get("string"))
        return labels

    @api.model
    def _form_editable_fields(self, records):
        """Names of the fields of the form view of ``records`` that are not
        always invisible (themselves or a container) or always read-only."""
        arch = etree.fromstring(records.get_view(view_type="form")["arch"])

        def always(expression):
            return (expression or "").strip() in ("1", "True", "true")

        names = set()
        for node in arch.iter("field"):
            containers = list(node.iterancestors())
            if any(parent.tag == "field" for parent in containers):
                continue  # a field of an x2many's sub-view
            if always(node.get("readonly")) or any(always(n.get("invisible")) for n in [node, *containers]):
                continue
            names.add(node.get("name"))
        return names
