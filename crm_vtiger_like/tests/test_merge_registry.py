import json
from collections import Counter
from contextlib import closing

import psycopg2

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import VtigerCase, undone

# columns a copied row does not share with its original, or any write changes
NOT_COMPARED = ("id", "write_date", "write_uid")
# how deep the rows a new row needs (a wizard of a link table...) are built
MAX_BUILD_DEPTH = 3
# a value of a required column, by PostgreSQL type category (string, numeric, boolean, date, jsonb/other, array)
FILLERS = {"S": "vt", "N": "0", "B": "false", "D": "now", "U": "{}", "A": "{}"}


class Unbuildable(Exception):
    """No row of a table can be built without knowing what the table means."""


@tagged("post_install", "-at_install")
class TestMergeRegistry(VtigerCase):
    """Merge against the whole registry: for every unique key (index or
    constraint) of the database that holds a reference to a partner or a
    lead, both duplicates get a row that collides on it and another row;
    the merge collapses the pair onto the kept record's row, moves the
    rest and loses nothing. The cases come from the catalog and the
    registry, not from a list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create([{"name": "Анна Орлова"}, {"name": "Орлова Анна"}])
        cls.leads = cls.env["crm.lead"].create(
            [
                {"name": "Заявка на кирпич", "type": "lead", "last_name": "Орлова"},
                {"name": "Кирпич, повторно", "type": "lead", "last_name": "Орлова"},
            ]
        )
        cls.Merge = cls.env["crm.vtiger.merge"].with_user(cls.sales_manager)

    def setUp(self):
        super().setUp()
        self.catalog = {}

    # -- the walk ---------------------------------------------------------------------
    def unique_keys(self, Model):
        """[(table, column, key)]: the unique indexes, unique and exclusion
        constraints whose key holds a column referencing ``Model``'s table,
        by a foreign key or as a many2many relation of the registry; the
        relations naming the model's records as their target (column2), and
        as their owner (column1, the model's own links: its tags...)."""
        targets, own = set(), set()
        # a relation that is a model's table (channel members) holds records, which move
        tables = {Owner._table for Owner in self.env.registry.values() if not Owner._abstract}
        for Owner in self.env.registry.values():
            for field in Owner._fields.values():
                if field.type == "many2many" and field.store and field.relation:
                    if field.comodel_name == Model._name:
                        targets.add(f"{field.relation}.{field.column2}")
                    if Owner._name == Model._name and field.relation not in tables:
                        own.add(f"{field.relation}.{field.column1}")
        rows = self.env.execute_query(
            SQL(
                """
                WITH keys AS (
                    SELECT i.indrelid AS rel, i.indexrelid AS idx,
                           ARRAY(SELECT i.indkey[k] FROM generate_series(0, i.indnkeyatts - 1) k) AS cols
                      FROM pg_index i WHERE i.indisunique
                     UNION
                    SELECT c.conrelid, c.conindid, c.conkey FROM pg_constraint c WHERE c.contype IN ('u', 'p', 'x')
                ), refs AS (
                    SELECT c.conrelid AS rel, c.conkey[1] AS attnum FROM pg_constraint c
                     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.confrelid = %(table)s::regclass
                     UNION
                    SELECT a.attrelid, a.attnum FROM pg_attribute a
                     WHERE a.attnum > 0 AND a.attrelid::regclass::text || '.' || a.attname = ANY(%(links)s)
                )
                SELECT DISTINCT r.rel::regclass::text, a.attname, k.idx::regclass::text
                  FROM refs r
                  JOIN keys k ON k.rel = r.rel AND r.attnum = ANY(k.cols)
                  JOIN pg_attribute a ON a.attrelid = r.rel AND a.attnum = r.attnum
                 ORDER BY 1, 2, 3
                """,
                table=Model._table,
                links=sorted(targets | own),
            )
        )
        return rows, targets, own

    def columns(self, table):
        """{column: (type, required, has a default, generated id, type category, (table, column) referenced)}"""
        if table in self.catalog:
            return self.catalog[table]
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (a.attname) a.attname, format_type(a.atttypid, a.atttypmod),
                       a.attnotnull, a.atthasdef OR a.attidentity != '',
                       a.attidentity != '' OR COALESCE(starts_with(pg_get_expr(d.adbin, d.adrelid), 'nextval('), false),
                       t.typcategory, f.confrelid::regclass::text, fa.attname
                  FROM pg_attribute a
                  JOIN pg_type t ON t.oid = a.atttypid
                  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  LEFT JOIN pg_constraint f
                         ON f.conrelid = a.attrelid AND f.contype = 'f' AND f.conkey = ARRAY[a.attnum]
                  LEFT JOIN pg_attribute fa ON fa.attrelid = f.confrelid AND fa.attnum = f.confkey[1]
                 WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attname, f.oid
                """,
                table,
            )
        )
        self.catalog[table] = {
            name: (sqltype, required, default, generated, category, (target, target_column) if target else None)
            for name, sqltype, required, default, generated, category, target, target_column in rows
        }
        return self.catalog[table]

    def key_columns(self, index):
        """The columns of the key of ``index`` (expressions left out), and its predicate."""
        [(columns, predicate)] = self.env.execute_query(
            SQL(
                "SELECT ARRAY(SELECT a.attname FROM generate_series(0, i.indnkeyatts - 1) k"
                " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k] ORDER BY k),"
                " pg_get_expr(i.indpred, i.indrelid) FROM pg_index i WHERE i.indexrelid = %s::regclass",
                index,
            )
        )
        return columns, predicate

    # -- building rows ----------------------------------------------------------------
    def insert(self, table, values, source=None):
        """Insert a row of ``table``: a copy of the row at ``source`` (a ctid)
        with ``values`` (column -> SQL) changed, or a row of ``values``.
        Returns (ctid, row)."""
        columns = self.columns(table)
        names = [name for name, spec in columns.items() if not spec[3] and (source or name in values)]
        exprs = [values.get(name, SQL.identifier(name)) for name in names]
        if source:
            rows = SQL("SELECT %s FROM %s WHERE ctid = %s::tid", SQL(", ").join(exprs), SQL.identifier(table), source)
        elif names:
            rows = SQL("VALUES (%s)", SQL(", ").join(exprs))
        else:
            rows = SQL("DEFAULT VALUES")
        with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
            [(ctid, row)] = self.env.execute_query(
                SQL(
                    "INSERT INTO %s AS t %s %s RETURNING t.ctid::text, to_jsonb(t)",
                    SQL.identifier(table),
                    SQL("(%s)", SQL(", ").join(SQL.identifier(name) for name in names)) if names else SQL(),
                    rows,
                )
            )
        return ctid, row

    def value(self, table, column, depth):
        """SQL of a value for ``column``: a row of the table it references
        (built when there is none), else a value of its type."""
        sqltype, _required, _default, _generated, category, target = self.columns(table)[column]
        if target:
            return SQL("%s", self.referenced(target, depth))
        if category in FILLERS:
            return SQL("CAST(%s AS %s)", FILLERS[category], SQL(sqltype))
        raise Unbuildable(f"{table}.{column}: no value of type {sqltype} can be made up")

    def referenced(self, target, depth, but=None):
        """A value of ``target`` (table, column) other than ``but``: an existing row's, or a new row's."""
        table, column = target
        found = self.env.execute_query(
            SQL(
                "SELECT %s FROM %s WHERE %s IS DISTINCT FROM %s ORDER BY 1 LIMIT 1",
                SQL.identifier(column),
                SQL.identifier(table),
                SQL.identifier(column),
                but,
            )
        )
        return found[0][0] if found else self.build(table, {}, depth + 1)[1][column]

    def differing(self, table, column, current):
        """SQL, in a copy of a row whose ``column`` is ``current``, of a different value."""
        sqltype, _required, _default, _generated, category, target = self.columns(table)[column]
        if target:
            return SQL("%s", self.referenced(target, 0, but=current))
        if category == "N":
            return SQL("%s + 1", SQL.identifier(column))
        if category == "S":
            return SQL("%s || ' 2'", SQL.identifier(column))
        raise Unbuildable(f"{table}.{column}: no other value of type {sqltype} can be made up")

    def build(self, table, values, depth=0, filled=()):
        """A new row of ``table`` with ``values``, its required columns and
        ``filled`` columns made up."""
        if depth > MAX_BUILD_DEPTH:
            raise Unbuildable(f"{table}: the rows it needs are too deep")
        values = dict(values)
        for name, (_type, required, default, _generated, _category, _target) in self.columns(table).items():
            if name not in values and ((required and not default) or name in filled):
                values[name] = self.value(table, name, depth)
        try:
            return self.insert(table, values)
        except psycopg2.Error as error:
            raise Unbuildable(f"{table}: {error.diag.message_primary}") from error

    def colliding_rows(self, table, column, index, kept, merged):
        """Rows of ``table``: one of the kept record, one of the merged record
        equal to it on the other columns of ``index`` (they collide) and, when
        a column of the key can be told apart, another one of the merged
        record. Returns (kept's row, merged's colliding row, other row or None)."""
        key, predicate = self.key_columns(index)
        others = [name for name in key if name != column]
        point = {column: SQL("%s", kept.id)}
        usable = SQL(" AND ").join([SQL("%s IS NOT NULL", SQL.identifier(name)) for name in others] or [SQL("TRUE")])
        # a row the partial index's predicate holds for first
        order = SQL("(%s) IS TRUE DESC, ctid", SQL(predicate)) if predicate else SQL("ctid")
        template = self.env.execute_query(
            SQL("SELECT ctid::text FROM %s WHERE %s ORDER BY %s LIMIT 1", SQL.identifier(table), usable, order)
        )
        kept_row = None
        if template:
            try:
                kept_row = self.insert(table, point, source=template[0][0])
            except psycopg2.Error:
                kept_row = None  # the copy breaks another rule: made up instead
        if kept_row is None:
            kept_row = self.build(table, point, filled=others)
        try:
            merged_row = self.insert(table, {column: SQL("%s", merged.id)}, source=kept_row[0])
        except psycopg2.Error as error:
            raise Unbuildable(f"{table}: {error.diag.message_primary}") from error
        apart = None
        columns = self.columns(table)
        # a reference told apart first (another document, tag...), then a number, then a text
        for name in sorted(others, key=lambda name: (not columns[name][5], columns[name][4] != "N")):
            try:
                differ = self.differing(table, name, kept_row[1][name])
                apart = self.insert(table, {column: SQL("%s", merged.id), name: differ}, source=kept_row[0])
                break
            except (Unbuildable, psycopg2.Error):
                continue
        return kept_row, merged_row, apart

    # -- checking ---------------------------------------------------------------------
    def rows(self, table, column, record_id, pointed_at=None):
        """The rows of ``table`` whose ``column`` is ``record_id``, as
        compared (``column`` shown as ``pointed_at`` when given)."""
        found = Counter()
        for (row,) in self.env.execute_query(
            SQL("SELECT to_jsonb(t) FROM %s t WHERE %s = %s", SQL.identifier(table), SQL.identifier(column), record_id)
        ):
            if pointed_at is not None:
                row[column] = pointed_at
            found[self.as_compared(row)] += 1
        return found

    def as_compared(self, row):
        """A row as compared: a text of its values but those a copy or any write changes."""
        row = {name: value for name, value in row.items() if name not in NOT_COMPARED}
        return json.dumps(row, sort_keys=True, default=str)

    def collides(self, table, column, row, kept):
        """Whether pointing the row at ``kept`` breaks a unique key (the database says; undone)."""
        try:
            with mute_logger("odoo.sql_db"), closing(self.env.cr.savepoint(flush=False)):
                self.env.execute_query(
                    SQL(
                        "UPDATE %s SET %s = %s WHERE ctid = %s::tid",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        kept.id,
                        row[0],
                    )
                )
        except psycopg2.IntegrityError:
            return True
        return False

    def merge_everywhere(self, records):
        """Run a merge of ``records`` (the first kept) per unique key;
        returns (cases, skipped {table.column: reason})."""
        kept, merged = records
        keys, targets, own = self.unique_keys(kept)
        skipped = {}
        for table, column, index in keys:
            # the merged record's own links (its tags...) stay its, the kept record gets them too
            kept_links = f"{table}.{column}" in own - targets
            with self.subTest(table=table, column=column, key=index), undone(self.env):
                try:
                    kept_row, merged_row, apart = self.colliding_rows(table, column, index, kept, merged)
                except Unbuildable as reason:
                    skipped[f"{table}.{column}"] = str(reason)
                    continue
                self.assertTrue(self.collides(table, column, merged_row, kept), "the built rows collide")
                before_kept = self.rows(table, column, kept.id)
                before_merged = self.rows(table, column, merged.id)
                moved = self.rows(table, column, merged.id, pointed_at=kept.id)
                self.assertEqual(sum(before_merged.values()), 2 if apart else 1)

                self.Merge.merge(records, kept)

                self.assertFalse(merged.active, "the merged record is archived")
                self.assertTrue(merged.exists() and kept.active)
                if "vtiger_merged_into_id" in merged._fields:
                    self.assertEqual(merged.vtiger_merged_into_id, kept)
                if kept_links:
                    self.assertEqual(self.rows(table, column, merged.id), before_merged)
                else:
                    self.assertFalse(self.rows(table, column, merged.id), "nothing points at the merged record")
                # the kept record's rows stay, the merged record's are its too, the colliding pair once
                expected = before_kept + moved
                expected[self.as_compared(kept_row[1])] -= 1
                after_kept = self.rows(table, column, kept.id)
                self.assertEqual(after_kept, +expected)
                self.assertEqual(sum(after_kept.values()), sum(before_kept.values()) + sum(before_merged.values()) - 1)
                # and the merge can be undone: every row as it was
                journal = self.env["crm.vtiger.merge.journal"].search(
                    [("res_model", "=", kept._name), ("master_id", "=", kept.id)], limit=1
                )
                journal.with_user(self.sales_manager).action_unmerge()
                self.assertTrue(merged.active)
                self.assertEqual(self.rows(table, column, kept.id), before_kept)
                self.assertEqual(self.rows(table, column, merged.id), before_merged)
        return keys, skipped

    def test_partners(self):
        cases, skipped = self.merge_everywhere(self.partners)
        self.assertGreaterEqual(len(cases), 23)
        self.assertEqual(skipped, {})

    def test_leads(self):
        cases, skipped = self.merge_everywhere(self.leads)
        self.assertGreaterEqual(len(cases), 8)
        self.assertEqual(skipped, {})
