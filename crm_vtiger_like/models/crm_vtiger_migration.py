import logging
import re
from collections import defaultdict, namedtuple

from markupsafe import Markup
from psycopg2.errors import InsufficientPrivilege, LockNotAvailable

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, email_normalize, html2plaintext, mute_logger, plaintext2html, split_every

from ..tools import CONCURRENCY_ERRORS
from .crm_vtiger_import_columns import KINDS, ImportKind
from .crm_vtiger_import_engine import BATCH_SIZE, COUNTRY_ALIASES, FALSE_WORDS, TRUE_WORDS
from .crm_vtiger_migration_reader import DATE_FORMATS
from .crm_vtiger_phone import DEFAULT_REGION
from .res_partner_requisites import KPP_RE

_logger = logging.getLogger(__name__)

VTIGER_KINDS = {
    **KINDS,
    "deals": ImportKind("crm.lead", {"type": "opportunity"}, [("type", "=", "opportunity")], "deal_no", "name"),
}
# accounts first: contacts and deals refer to them, deals also to contacts
KIND_ORDER = ("accounts", "contacts", "leads", "deals")
NOTES_FIELD = {"leads": "description", "deals": "description", "accounts": "comment", "contacts": "comment"}
# references to a record of the same kind, set once every record of the batch exists
LATE_FIELDS = {"member_of_id", "reports_to_id"}
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
# the vtiger stages Odoo has as a state rather than a stage
WON_STAGE, LOST_STAGE = "closed won", "closed lost"
# a column as it is read: its header, our field (or an address type and field) and how to read it
Column = namedtuple("Column", "header field value_type address")
# the type a column mapped by the user to one of our fields is read as
FIELD_TYPES = {
    "char": "char",
    "text": "char",
    "html": "text",
    "integer": "integer",
    "float": "float",
    "monetary": "float",
    "boolean": "boolean",
    "date": "date",
    "datetime": "date",
    "selection": "selection",
    "many2one": "lookup",
    "many2many": "tags_lookup",
}


class CrmVtigerMigration(models.AbstractModel):
    """Import of vtiger's own CSV exports (Leads, Organizations, Contacts,
    Potentials) as they are: columns recognised by their labels in English
    or Russian, picklists, owners, references and numbers resolved, every
    doubtful value reported and kept in the description rather than lost.

    ``import_files`` is the code API (also used by the wizard); a dry run
    computes the same plan and writes nothing. The import runs in one
    savepoint: it completes or changes nothing.
    """

    _name = "crm.vtiger.migration"
    _inherit = ["crm.vtiger.import.engine", "crm.vtiger.migration.reader"]
    _description = "vtiger migration"

    # ------------------------------------------------------------------
    # API
    # ------------------------------------------------------------------
    @api.model
    def analyse_files(self, files):
        """What each file of ``files`` ((filename, bytes)) is: see the keys below."""
        self._vtiger_migration_check_access()
        return [self._vtiger_migration_file_info(parsed) for parsed in self._vtiger_migration_parse(files)]

    @api.model
    def import_files(self, files, dry_run=False, on_duplicate="skip", date_format=None, mapping=None):
        """Import vtiger CSV exports.

        :param files: list of (filename, bytes), in any order
        :param on_duplicate: ``skip``, ``update`` or ``create`` a row matching
            an existing record by INN, e-mail or phone; a row matching one by
            its vtiger number always updates it
        :param date_format: ``dd-mm-yyyy``, ``mm-dd-yyyy`` or ``yyyy-mm-dd``;
            None: guessed per file
        :param mapping: {filename: {unknown header: field name, "description"
            (the default: a line of the description) or "" (ignored)}}
        :return: {model name: {created, updated, skipped}}, plus ``kinds``
            (the same per kind), ``problems`` [(filename, line, message)],
            ``new_values`` [(picklist, value)], ``unmapped`` [(filename,
            header)], ``files`` (see ``analyse_files``) and ``dry_run``
        """
        if on_duplicate not in ("skip", "update", "create"):
            raise UserError(self.env._("Unknown duplicate mode: %(mode)s", mode=on_duplicate))
        if date_format and date_format not in DATE_FORMATS:
            raise UserError(self.env._("Unknown date format: %(format)s", format=date_format))
        self._vtiger_migration_check_access()
        parsed = self._vtiger_migration_parse(files)
        parsed.sort(key=lambda item: KIND_ORDER.index(item["kind"]))
        for kind in {item["kind"] for item in parsed}:
            self.env[VTIGER_KINDS[kind].model].check_access("create")
        run = MigrationRun(self, parsed, dry_run, on_duplicate, date_format, mapping or {})
        try:
            if dry_run:
                run.execute()
            else:
                with self.env.cr.savepoint():
                    run.execute()
                    self.env.flush_all()
        except CONCURRENCY_ERRORS:
            self.env.invalidate_all()
            raise
        except Exception as error:
            self.env.invalidate_all()
            _logger.info("vtiger import (dry run: %s) failed at %s", dry_run, run.position, exc_info=True)
            message = error.args[0] if isinstance(error, UserError | ValidationError) and error.args else error
            if dry_run:
                raise UserError(
                    self.env._("The check failed at %(position)s: %(error)s", position=run.position, error=message)
                ) from error
            raise UserError(
                self.env._(
                    "The import failed at %(position)s and nothing was imported: %(error)s",
                    position=run.position,
                    error=message,
                )
            ) from error
        finally:
            # whatever happened, the progress notification closes
            run.progress(run.total, run.position.split(",")[0])
        if not dry_run:
            # last: PostgreSQL sequences do not roll back
            run.move_sequences()
        return run.result()

    # ------------------------------------------------------------------
    # Helpers of the run
    # ------------------------------------------------------------------
    @api.model
    def _vtiger_kind_spec(self, kind):
        return VTIGER_KINDS[kind]

    @api.model
    def _vtiger_migration_check_access(self):
        # Odoo's administrators are sales managers too (the addon's wizard and menus are theirs)
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers may import from vtiger."))

    @api.model
    def _vtiger_migration_file_info(self, parsed):
        return {
            key: parsed[key] for key in ("filename", "kind", "lang", "date_format", "date_ambiguous", "unknown")
        } | {"rows": len(parsed["rows"])}

    @api.model
    def _vtiger_migration_progress(self, done, total, filename):
        """Tell the importing user how far the import is, through a cursor of
        its own so that the message arrives while the import goes on."""
        partner_id = self.env.user.partner_id.id
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.partner"].browse(partner_id)._bus_send(
                "crm_vtiger_like/import_progress", {"done": done, "total": total, "filename": filename}
            )

    @api.model
    def _vtiger_migration_move_sequences(self, kinds):
        """Move the sequences of ``kinds`` past the highest number in use,
        imported ones included, so that new records follow them."""
        company = self.env.company
        for kind in kinds:
            spec = VTIGER_KINDS[kind]
            Model = self.env[spec.model]
            sequence = company._crm_vtiger_sequence(Model._vtiger_number_codes[spec.number_field])
            highest = max(
                Model._vtiger_highest_number(spec.number_field, scope, sequence)
                for scope in (company, self.env["res.company"])
            )
            if highest:
                sequence._crm_vtiger_skip_past(highest)


class MigrationRun:
    """One call of ``import_files``: the files, the records of the batch by
    the names vtiger refers to them with, and the counts and problems."""

    def __init__(self, migration, parsed, dry_run, on_duplicate, date_format, mapping):
        self.migration = migration
        self.env = migration.env
        self.parsed = parsed
        self.dry_run = dry_run
        self.on_duplicate = on_duplicate
        self.date_format = date_format
        self.mapping = mapping
        self.counts = {kind: {"created": 0, "updated": 0, "skipped": 0} for kind in KIND_ORDER}
        self.problems = []
        self.new_values = {}  # (model, name casefolded) -> (picklist label, value)
        self.created_values = {}  # (model, name casefolded) -> id
        self.unmapped = []
        # {"account" / "contact": {number or name casefolded: id}} of the batch's records
        self.batch_refs = {"account": {}, "contact": {}}
        self.contact_parents = {}  # contact id: its account's id
        self.contacts_by_account = {}  # ("first last" casefolded, account id): contact id
        self.unknown_owners = {}  # (filename, header, owner): lines
        self.fake_id = 0
        self.late = []  # (model, field, ref type, name, record id, filename, line)
        self.linked = defaultdict(dict)  # (model, field) -> {record id: (target id, name)} set at creation
        self.position = ""
        self.lookups = {}
        self.total = sum(len(item["rows"]) for item in parsed)
        self.today = fields.Date.context_today(migration)
        self.progress_done = 0
        self.name_order = self.env["res.partner"]._vtiger_name_order()
        self.done = 0
        self.table_rows = {}  # table: [rows its statistics counted, rows created since]

    # ------------------------------------------------------------------
    def execute(self):
        for item in self.parsed:
            self.position = item["filename"]
            self.import_file(item)
        self.resolve_late()

    def move_sequences(self):
        kinds = [kind for kind in KIND_ORDER if self.counts[kind]["created"] or self.counts[kind]["updated"]]
        self.migration._vtiger_migration_move_sequences(kinds)

    def result(self):
        result = {"crm.lead": {}, "res.partner": {}}
        present = {item["kind"] for item in self.parsed}
        for kind in KIND_ORDER:
            model_counts = result[VTIGER_KINDS[kind].model]
            for key, value in self.counts[kind].items():
                model_counts[key] = model_counts.get(key, 0) + value
        for model_counts in result.values():
            for key in ("created", "updated", "skipped"):
                model_counts.setdefault(key, 0)
        return {
            **result,
            "kinds": {kind: dict(self.counts[kind]) for kind in KIND_ORDER if kind in present},
            "problems": sorted(self.problems, key=lambda problem: (problem[0], problem[1], problem[2])),
            "new_values": sorted(self.new_values.values()),
            "unmapped": self.unmapped,
            "files": [self.migration._vtiger_migration_file_info(item) for item in self.parsed],
            "dry_run": self.dry_run,
        }

    def progress(self, done, filename):
        if not self.dry_run and done != self.progress_done:
            self.progress_done = done
            self.migration._vtiger_migration_progress(done, self.total, filename)

    def problem(self, filename, line, message):
        self.problems.append((filename, line, message))

    # ------------------------------------------------------------------
    # Columns
    # ------------------------------------------------------------------
    def columns(self, item):
        """[Column or None] of the file's positions: the label table's, or
        the user's mapping (by default the description) for unknown headers."""
        Model = self.env[VTIGER_KINDS[item["kind"]].model]
        mapping = self.mapping.get(item["filename"], {})
        columns = []
        for header, label in zip(item["header"], item["columns"], strict=True):
            if label is not None:
                address, _sep, fname = (label.field_name or "").rpartition(":")
                columns.append(Column(header, fname, label.value_type, address) if fname else None)
                continue
            target = mapping.get(header, "description")
            if not header or not target:
                columns.append(None)
            elif target == "description":
                self.unmapped.append((item["filename"], header))
                columns.append(Column(header, NOTES_FIELD[item["kind"]], "note", ""))
            else:
                field = Model._fields.get(target)
                if not field or not field.store or field.type not in FIELD_TYPES:
                    raise UserError(
                        self.env._(
                            "%(file)s: column “%(header)s” cannot be imported into “%(field)s”.",
                            file=item["filename"],
                            header=header,
                            field=target,
                        )
                    )
                columns.append(Column(header, target, FIELD_TYPES[field.type], ""))
        return columns

    # ------------------------------------------------------------------
    # One file
    # ------------------------------------------------------------------
    def import_file(self, item):
        kind, filename = item["kind"], item["filename"]
        spec = VTIGER_KINDS[kind]
        Model = self.env[spec.model]
        columns = self.columns(item)
        date_format = self.date_format or item["date_format"] or "dd-mm-yyyy"
        self.prepare_lookups(kind, item, columns)
        entries = []
        for line, cells in item["rows"]:
            entry = self.convert_row(kind, filename, line, cells, columns, date_format)
            if entry:
                entries.append(entry)
        self.resolve_namesakes([entry for entry in entries if entry.get("namesake")])
        self.report_unknown_owners()
        plan = self.plan(kind, filename, entries)
        self.create_values()
        done_before = self.done
        for batch in split_every(BATCH_SIZE, plan["create"]):
            self.position = f"{filename}, {batch[0]['line']}-{batch[-1]['line']}"
            self.link_early(batch)
            if self.dry_run:
                ids = []
                for _entry in batch:
                    self.fake_id -= 1
                    ids.append(self.fake_id)
            else:
                vals_list = [self.migration._vtiger_create_vals(Model, self.final_vals(kind, entry)) for entry in batch]
                if Model._name == "res.partner":
                    # Odoo's import rules, the accounts' values given to the INSERT: no write per contact
                    ids = self.writer(Model)._vtiger_load_records_create(vals_list, keep_own_address=True).ids
                else:
                    ids = self.writer(Model)._load_records_create(vals_list).ids
                # all the fields computed after the INSERT written in one UPDATE of the batch, not one per
                # field as the look-ups below come to need them: each UPDATE writes every index of the row
                self.env.flush_all()
                self.created(Model, len(ids))
            for entry, record_id in zip(batch, ids, strict=True):
                entry["id"] = record_id
            self.after_write(kind, batch)
            self.done += len(batch)
            self.progress(self.done, filename)
        for batch in split_every(BATCH_SIZE, plan["update"]):
            if not self.dry_run:
                records = self.writer(Model).browse([entry["id"] for entry in batch])
                for entry, record in zip(batch, records, strict=True):
                    self.position = f"{filename}, {entry['line']}"
                    if changes := self.changes(kind, entry, record):
                        record.write(changes)
                if kind == "contacts":
                    self.keep_own_addresses(batch, records)
            self.after_write(kind, batch)
            self.done += len(batch)
            self.progress(self.done, filename)
        self.after_write(kind, plan["skip"], names_only=True)
        self.done = done_before + len(item["rows"])
        self.counts[kind]["created"] += len(plan["create"])
        self.counts[kind]["updated"] += len(plan["update"])
        self.counts[kind]["skipped"] += len(item["rows"]) - len(plan["create"]) - len(plan["update"])

    def default_team(self, kind, user_id):
        """The sales team crm gives a new lead (deal) of ``user_id``, looked up
        once per owner rather than computed for each record."""
        key = ("team", kind, user_id)
        if key not in self.lookups:
            domain = [("use_leads", "=", True)] if kind == "leads" else [("use_opportunities", "=", True)]
            self.lookups[key] = self.env["crm.team"]._get_default_team_id(user_id=user_id, domain=domain).id
        return self.lookups[key]

    def default_stage(self, team_id):
        """The stage crm gives a new lead (deal) of the team ``team_id``,
        looked up once per team rather than computed for each record."""
        key = ("stage", team_id)
        if key not in self.lookups:
            self.lookups[key] = self.env["crm.lead"]._stage_find(team_id=team_id, domain=[("fold", "=", False)]).id
        return self.lookups[key]

    def keep_own_addresses(self, entries, contacts):
        """A contact moved under another account takes the account's address
        (Odoo's rule); a vtiger contact with a mailing address of its own keeps it."""
        todo = defaultdict(list)
        for entry, contact in zip(entries, contacts, strict=True):
            own = {fname: entry["vals"][fname] for fname in ADDRESS_FIELDS if entry["vals"].get(fname)}
            if own and contact._convert_to_write({fname: contact[fname] for fname in own}) != own:
                todo[tuple(own.items())].append(contact.id)
        for address, ids in todo.items():
            contacts.browse(ids).write(dict(address))

    def writer(self, Model):
        # Odoo's import does not track either; the import has its own duplicate rules; crm's
        # scoring frequencies counted once per batch of leads
        return Model.with_context(
            crm_vtiger_pls_batch=True,
            tracking_disable=True,
            mail_create_nolog=True,
            vtiger_allow_duplicates=True,
            crm_vtiger_default_country=True,
        )

    def changes(self, kind, entry, record):
        """The values of ``entry`` that differ from ``record``'s: a re-run of
        the same files writes nothing."""
        changes = {}
        for fname, value in self.final_vals(kind, entry, record=record).items():
            field, current = record._fields[fname], record[fname]
            if field.type == "many2one":
                differs = current.id != value
            elif field.type in ("one2many", "many2many"):
                differs = not {command[1] for command in value} <= set(current.ids)
            else:
                differs = (current or False) != (value or False)
            if differs:
                changes[fname] = value
        return changes

    def final_vals(self, kind, entry, record=None):
        """The values written for ``entry`` (new, or updating ``record``):
        the notes appended to the description, once."""
        vals = dict(entry["vals"])
        update = record is not None
        if update:
            for fname in (*VTIGER_KINDS[kind].defaults, VTIGER_KINDS[kind].number_field):
                vals.pop(fname, None)
        elif kind in ("leads", "deals") and vals.get("user_id") and "team_id" not in vals:
            vals["team_id"] = self.default_team(kind, vals["user_id"])
        if not update and "team_id" in vals and "stage_id" not in vals:
            vals["stage_id"] = self.default_stage(vals["team_id"])
        for fname, value in vals.items():
            if isinstance(value, tuple):
                vals[fname] = self.created_values[value]
            elif isinstance(value, list):
                ids = [self.created_values[item] if isinstance(item, tuple) else item for item in value]
                vals[fname] = [Command.link(i) for i in ids] if update else [Command.set(ids)]
        notes_field = NOTES_FIELD[kind]
        text, notes = vals.pop(notes_field, ""), entry["notes"]
        # updating: the file's description replaces the record's, else the record's stays
        html = plaintext2html(text) if text else (update and record[notes_field]) or Markup()
        if update:
            plain = html2plaintext(html)
            notes = [note for note in notes if note not in plain]
        if text or notes:
            vals[notes_field] = html + Markup("").join(Markup("<p>%s</p>") % note for note in notes)
        return vals

    def after_write(self, kind, entries, names_only=False):
        """Remember the records by the names vtiger refers to them with, and
        write their addresses and late references."""
        spec = VTIGER_KINDS[kind]
        ref_type = {"accounts": "account", "contacts": "contact"}.get(kind)
        for entry in entries:
            if ref_type:
                refs = self.batch_refs[ref_type]
                for key in entry["names"]:
                    refs.setdefault(key.casefold(), entry["id"])
            if kind == "contacts" and not names_only:
                parent_id = entry["vals"].get("parent_id")
                self.contact_parents[entry["id"]] = parent_id
                for key in entry["names"]:
                    self.contacts_by_account.setdefault((key.casefold(), parent_id), entry["id"])
            if not names_only:
                for fname, (ref, name) in entry["late"].items():
                    self.late.append((spec.model, fname, ref, name, entry["id"], entry["filename"], entry["line"]))
                for fname, link in entry["linked"].items():
                    self.linked[spec.model, fname][entry["id"]] = link
        if not self.dry_run and not names_only:
            self.write_addresses(entries)

    def write_addresses(self, entries):
        """The delivery / other addresses of accounts and contacts (vtiger's
        shipping and other address columns) when they differ from the
        record's own: an address of that type of the record is updated, or
        one is created."""
        wanted = [
            (entry["id"], address, vals)
            for entry in entries
            for address, vals in entry["addresses"].items()
            # vtiger copies the billing address into the shipping one: the same address is no second address
            if any(value != entry["vals"].get(fname) for fname, value in vals.items())
        ]
        if not wanted:
            return
        Partner = self.writer(self.env["res.partner"])
        existing = {}
        for child in Partner.search(
            [("parent_id", "in", list({parent for parent, _a, _v in wanted})), ("type", "in", ["delivery", "other"])],
            order="id desc",
        ):
            existing[child.parent_id.id, child.type] = child
        to_create = []
        for parent_id, address, vals in wanted:
            if (parent_id, address) in existing:
                existing[parent_id, address].write(vals)
            else:
                to_create.append({"parent_id": parent_id, "type": address, **vals})
        Partner._vtiger_load_records_create(to_create)
        self.env.flush_all()
        self.created(Partner, len(to_create))

    def created(self, Model, count):
        """Count ``count`` rows created in ``Model``'s table, and have
        PostgreSQL analyse it each time they outnumber the rows its
        statistics counted. A file's rows are created in one transaction
        that autovacuum does not see: a table growing from a few rows to
        100,000 kept the plans made for a few rows (res_partner's foreign
        key check of ``commercial_partner_id`` read the whole table once per
        row, the import grew quadratic). ANALYZE in the transaction counts
        its own rows and invalidates those plans."""
        table = Model._table
        if table not in self.table_rows:
            counted = self.env.execute_query(SQL("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", table))
            self.table_rows[table] = [max(counted[0][0], 0), 0]
        rows = self.table_rows[table]
        rows[1] += count
        if rows[1] > max(rows[0], BATCH_SIZE):
            rows[0], rows[1] = rows[0] + rows[1], 0
            self.analyze(table)

    def analyze(self, table):
        """ANALYZE ``table``, unless another transaction holds it (another
        import analysing it keeps its lock until it commits): the import
        then goes on with the plans it has."""
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                cr.execute("SHOW lock_timeout")
                previous = cr.fetchone()[0]
                cr.execute("SELECT set_config('lock_timeout', '100ms', true)")
                cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
                cr.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
        except (LockNotAvailable, InsufficientPrivilege):
            _logger.info("vtiger import: %s not analysed (locked or not ours)", table)

    # ------------------------------------------------------------------
    # Look-ups, once per file for all its rows
    # ------------------------------------------------------------------
    def prepare_lookups(self, kind, item, columns):
        Model = self.env[VTIGER_KINDS[kind].model]
        for position, column in enumerate(columns):
            if column is None:
                continue
            key = (Model._name, column.field)
            if column.value_type in ("lookup", "tags_lookup"):
                # a field the user mapped a column to: any model, looked up by the names of the column
                comodel = self.env[Model._fields[column.field].comodel_name]
                values = {
                    value
                    for _line, cells in item["rows"]
                    for value in self.migration._vtiger_migration_values(
                        self.migration._vtiger_migration_cell(cells, position)
                    )
                }
                names = self.lookups.setdefault(key, {})
                for chunk in split_every(BATCH_SIZE, values, list):
                    for record in comodel.search([(comodel._rec_name, "in", chunk)], order="id"):
                        names.setdefault((record[comodel._rec_name] or "").casefold(), record.id)
            elif column.value_type in ("picklist", "tags", "stage") and key not in self.lookups:
                # our picklists, vtiger's: short lists read whole
                comodel = self.env[Model._fields[column.field].comodel_name]
                records = comodel.search([])  # pylint: disable=no-search-all
                names = self.migration._vtiger_names(records)
                if comodel._name == "res.partner.title":
                    names.update({(title.shortcut or "").casefold(): title.id for title in records if title.shortcut})
                if comodel._name == "res.partner.industry":
                    names.update({(ind.full_name or "").casefold(): ind.id for ind in records if ind.full_name})
                self.lookups[key] = names
            elif column.value_type in ("country", "state", "owner") and column.value_type not in self.lookups:
                self.lookups[column.value_type] = self.owner_or_place_lookup(column.value_type)
            elif column.value_type in ("account", "contact", "related"):
                values = set()
                for _line, cells in item["rows"]:
                    text = self.migration._vtiger_migration_cell(cells, position)
                    if text:
                        values.add(self.migration._vtiger_migration_reference(text)[1])
                for ref_type in ("account", "contact") if column.value_type == "related" else (column.value_type,):
                    known = self.lookups.setdefault(("existing", ref_type), {})
                    batch = self.batch_refs[ref_type]
                    missing = [key for key in values if key.casefold() not in known and key.casefold() not in batch]
                    known.update(self.existing_refs(ref_type, missing))

    def owner_or_place_lookup(self, value_type):
        if value_type == "country":
            countries = self.env["res.country"].search([])  # pylint: disable=no-search-all
            codes = {country.code.casefold(): country.id for country in countries}
            return {
                **{alias: codes[code] for alias, code in COUNTRY_ALIASES.items() if code in codes},
                **self.migration._vtiger_names(countries),
                **codes,
            }
        if value_type == "state":
            states = {}
            for state in self.env["res.country.state"].search([], order="id"):  # pylint: disable=no-search-all
                states.setdefault(state.name.casefold(), state.id)
                states.setdefault((state.country_id.id, state.name.casefold()), state.id)
            return states
        users, owners = self.env["res.users"].search([("share", "=", False)], order="id"), {}
        for user in users:
            for key in (user.login, user.name, " ".join(reversed((user.name or "").split()))):
                owners.setdefault((key or "").casefold(), ("user", user.id))
        for team in self.env["crm.team"].search([], order="id"):  # pylint: disable=no-search-all
            owners.setdefault(team.name.casefold(), ("team", team.id))
        return owners

    def existing_refs(self, ref_type, values):
        """{number, name or "First Last" casefolded: id} of the visible
        existing accounts (contacts) vtiger's display names ``values`` may mean."""
        refs = self.migration._vtiger_partner_refs(ref_type, values)
        if ref_type == "contact":
            # vtiger shows "First Last": the contacts not found so are looked for by their name parts
            unresolved = [value for value in values if value.casefold() not in refs]
            last_names = {value.split()[-1] for value in unresolved if value.split()}
            for chunk in split_every(BATCH_SIZE, last_names, list):
                for partner in self.env["res.partner"].search(
                    [("is_company", "=", False), ("last_name", "in", chunk)], order="id"
                ):
                    key = " ".join(filter(None, (partner.first_name, partner.last_name)))
                    refs.setdefault(key.casefold(), partner.id)
            for partner in self.env["res.partner"].browse(set(refs.values())):
                self.contact_parents[partner.id] = partner.parent_id.id
        return refs

    def resolve_ref(self, ref_type, name):
        """The id of the account (contact) called ``name``: one of the batch
        (a fake negative id in a dry run) or an existing one; None if unknown."""
        key = name.casefold()
        return self.batch_refs[ref_type].get(key) or self.lookups.get(("existing", ref_type), {}).get(key)

    # ------------------------------------------------------------------
    # One row
    # ------------------------------------------------------------------
    def convert_row(self, kind, filename, line, cells, columns, date_format):
        """{line, vals, keys, notes, addresses, late, linked, names} of a row, or
        None (and a problem) when the row cannot be imported."""
        spec = VTIGER_KINDS[kind]
        Model = self.env[spec.model]
        entry = {
            "filename": filename,
            "line": line,
            "vals": dict(spec.defaults),
            "keys": [],
            "notes": [],
            "addresses": defaultdict(dict),
            "late": {},
            "linked": {},
            "names": [],
            "phones": [],
            "headers": {},
            "deal_partners": {},
        }
        for position, column in enumerate(columns):
            if column is None:
                continue
            text = self.migration._vtiger_migration_cell(cells, position)
            if text:
                self.convert_cell(kind, Model, entry, column, text, date_format)
        vals = entry["vals"]
        if not vals.get(spec.required):
            self.problem(
                filename,
                line,
                self.env._("skipped: the name is missing")
                if spec.required == "name"
                else self.env._("skipped: the last name is missing"),
            )
            return None
        self.deal_partner(entry)
        self.row_keys(kind, Model, entry)
        if kind == "accounts":
            entry["names"] = [vals["name"], vals.get("account_no") or ""]
        elif kind == "contacts":
            person = " ".join(filter(None, (vals.get("first_name"), vals.get("last_name"))))
            composed = Model._vtiger_compose_name(
                vals.get("first_name"), vals.get("middle_name"), vals["last_name"], order=self.name_order
            )
            entry["names"] = [person, composed or "", vals.get("contact_no") or ""]
        entry["names"] = [name for name in entry["names"] if name]
        entry["addresses"] = dict(entry["addresses"])
        return entry

    def keep(self, entry, column, text, reason):
        """Keep a value the record cannot take in its description, with a warning."""
        entry["notes"].append(f"{column.header}: {text}")
        self.problem(
            entry["filename"],
            entry["line"],
            self.env._("%(column)s: %(reason)s; kept in the description", column=column.header, reason=reason),
        )

    def convert_cell(self, kind, Model, entry, column, text, date_format):
        """Put the value of one cell into the row's values (or its address's),
        or keep it in the description with a warning."""
        vals = entry["addresses"][column.address] if column.address else entry["vals"]
        entry["headers"].setdefault(column.field, column)
        value_type = column.value_type
        if value_type == "note":
            entry["notes"].append(f"{column.header}: {text}")
        elif value_type in ("picklist", "lookup", "stage", "tags", "tags_lookup"):
            self.convert_picklist(Model, entry, vals, column, text)
        elif value_type in ("country", "state"):
            self.convert_place(entry, vals, column, text)
        elif value_type == "owner":
            self.convert_owner(kind, entry, vals, column, text)
        elif value_type in ("account", "contact", "related"):
            self.convert_reference(entry, vals, column, text)
        elif value_type != "datetime":  # vtiger's Created / Modified Time: not ours to set
            value, reason = self.read_value(Model, column, text, date_format)
            if reason:
                self.keep(entry, column, text, reason)
            else:
                vals[column.field] = value
                if value_type == "phone":
                    entry["phones"].append((column, column.field, text))

    def read_value(self, Model, column, text, date_format):
        """(value, None) of a plain cell, or (None, why it cannot be taken)."""
        value_type = column.value_type
        if value_type == "email":
            if Model._vtiger_invalid_emails(text):
                return None, self.env._("“%(value)s” is not an e-mail address", value=text)
        elif value_type == "url":
            url = text if "://" in text else f"https://{text}"
            if not Model._vtiger_is_valid_url(url):
                return None, self.env._("“%(value)s” is not a web address", value=text)
            return url, None
        elif value_type == "date":
            value = self.migration._vtiger_migration_date(text, date_format)
            if value is None:
                return None, self.env._(
                    "“%(value)s” is not a date in the format %(format)s", value=text, format=date_format
                )
            return value, None
        elif value_type == "boolean":
            word = text.casefold()
            if word not in TRUE_WORDS | FALSE_WORDS:
                return None, self.env._("“%(value)s” is neither yes (1) nor no (0)", value=text)
            return word in TRUE_WORDS, None
        elif value_type in ("integer", "float"):
            value = self.migration._vtiger_parse_number(text, text)
            if value is None or value < 0 or (value_type == "integer" and not float(value).is_integer()):
                return None, self.env._("“%(value)s” is not a positive number", value=text)
            return (int(value) if value_type == "integer" else value), None
        elif value_type == "selection":
            selection = dict(Model._fields[column.field]._description_selection(self.env))
            keys = {str(key).casefold(): key for key in selection}
            keys.update({str(label).casefold(): key for key, label in selection.items()})
            if text.casefold() not in keys:
                return None, self.env._("“%(value)s” is not one of the choices", value=text)
            return keys[text.casefold()], None
        return text, None

    def convert_picklist(self, Model, entry, vals, column, text):
        fname = column.field
        names = self.lookups[Model._name, fname]
        comodel = self.env[Model._fields[fname].comodel_name]
        if column.value_type == "stage" and text.casefold() in (WON_STAGE, LOST_STAGE):
            if text.casefold() == LOST_STAGE:
                vals.update(active=False, probability=0)
                return
            if "won stage" not in self.lookups:
                self.lookups["won stage"] = self.env["crm.stage"].search([("is_won", "=", True)], limit=1).id
            if self.lookups["won stage"]:
                vals[fname] = self.lookups["won stage"]
                return
        text = self.migration._vtiger_migration_reference(text)[1]
        values = (
            self.migration._vtiger_migration_values(text) if column.value_type in ("tags", "tags_lookup") else [text]
        )
        ids = []
        for value in values:
            record_id = names.get(value.casefold())
            if not record_id and column.value_type in ("lookup", "tags_lookup"):
                self.keep(entry, column, value, self.env._("“%(value)s” is not known", value=value))
                continue
            if not record_id and not self.may_create(comodel):
                self.keep(
                    entry,
                    column,
                    value,
                    self.env._("“%(value)s” is not in the list, and you may not add to it", value=value),
                )
                continue
            if not record_id:
                key = (comodel._name, value.casefold())
                self.new_values.setdefault(key, (column.header, value))
                record_id = self.created_values.setdefault(key, None) or key  # the key until created
            ids.append(record_id)
        if ids:
            vals[fname] = ids if column.value_type in ("tags", "tags_lookup") else ids[0]

    def may_create(self, comodel):
        if ("may create", comodel._name) not in self.lookups:
            self.lookups["may create", comodel._name] = comodel.has_access("create")
        return self.lookups["may create", comodel._name]

    def create_values(self):
        """Create the picklist values the rows named and the picklists lack
        (a dry run only lists them); the rows hold their keys until then."""
        missing = [key for key, record_id in self.created_values.items() if record_id is None]
        if not missing or self.dry_run:
            return
        by_model = defaultdict(list)
        for key in missing:
            by_model[key[0]].append(key)
        for model, keys in by_model.items():
            Comodel = self.env[model]
            records = Comodel.create([{Comodel._rec_name: self.new_values[key][1]} for key in keys])
            for key, record in zip(keys, records, strict=True):
                self.created_values[key] = record.id

    def convert_place(self, entry, vals, column, text):
        lookup = self.lookups[column.value_type]
        if column.value_type == "state":
            record_id = lookup.get((vals.get("country_id"), text.casefold())) or lookup.get(text.casefold())
        else:
            record_id = lookup.get(text.casefold())
        if record_id:
            vals[column.field] = record_id
        else:
            self.keep(entry, column, text, self.env._("“%(value)s” is not known", value=text))

    def convert_owner(self, kind, entry, vals, column, text):
        owner = self.lookups["owner"].get(text.casefold())
        if owner and owner[0] == "team" and kind in ("leads", "deals"):
            vals.update(team_id=owner[1], user_id=False)
            return
        if owner and owner[0] == "user":
            vals[column.field] = owner[1]
            return
        vals[column.field] = self.env.uid
        entry["notes"].append(f"{column.header}: {text}")
        self.unknown_owners.setdefault((entry["filename"], column.header, text), []).append(entry["line"])

    def report_unknown_owners(self):
        """One problem per unknown owner and file, on its first line, with the count of rows."""
        for (filename, header, owner), lines in self.unknown_owners.items():
            self.problem(
                filename,
                lines[0],
                self.env._(
                    "%(column)s: “%(value)s” is not a user: the %(count)s records (lines %(lines)s) are assigned "
                    "to you, the owner noted in their description",
                    column=header,
                    value=owner,
                    count=len(lines),
                    lines=", ".join(map(str, lines[:10])) + (", …" if len(lines) > 10 else ""),
                ),
            )
        self.unknown_owners = {}

    def convert_reference(self, entry, vals, column, text):
        module, name = self.migration._vtiger_migration_reference(text)
        if column.value_type == "related":
            ref_types = ("contact", "account") if module == "Contacts" else ("account", "contact")
        else:
            ref_types = (column.value_type,)
        if column.field in LATE_FIELDS:
            entry["late"][column.field] = (ref_types[0], name)
            return
        found = next(
            ((ref_type, record_id) for ref_type in ref_types if (record_id := self.resolve_ref(ref_type, name))),
            None,
        )
        if not found:
            self.keep(entry, column, name, self.env._("“%(value)s” is neither in the files nor in Odoo", value=name))
        elif column.value_type in ("related", "contact") and column.field == "partner_id":
            entry["deal_partners"][column.value_type] = (*found, column, name)
        else:
            vals[column.field] = found[1]

    def deal_partner(self, entry):
        """A deal's partner: its contact (Contact Name) if any, else its
        organization (Related To); an organization that is not the
        contact's account is kept in the description."""
        partners = entry.pop("deal_partners")
        contact, related = partners.get("contact"), partners.get("related")
        if contact:
            entry["vals"]["partner_id"] = contact[1]
            if related and related[1] not in (contact[1], self.contact_parents.get(contact[1])):
                # maybe a namesake of the contact found by its name (see resolve_namesakes)
                entry["namesake"] = (related, contact)
        elif related:
            entry["vals"]["partner_id"] = related[1]

    def resolve_namesakes(self, entries):
        """Deals whose contact, found by name, is not of their account
        (Related To): the contact of that name of their account when there
        is one (vtiger's names are not unique), looked up for all the deals
        of the file at once; else the account is kept in the description."""
        wanted = defaultdict(set)  # account id: last names
        for entry in entries:
            related, contact = entry["namesake"]
            if related[0] == "account" and related[1] > 0 and contact[3].split():
                wanted[related[1]].add(contact[3].split()[-1])
        for chunk in split_every(BATCH_SIZE, wanted, list):
            last_names = list({name for account_id in chunk for name in wanted[account_id]})
            for partner in self.env["res.partner"].search(
                [("is_company", "=", False), ("parent_id", "in", chunk), ("last_name", "in", last_names)], order="id"
            ):
                for name in (" ".join(filter(None, (partner.first_name, partner.last_name))), partner.name or ""):
                    self.contacts_by_account.setdefault((name.casefold(), partner.parent_id.id), partner.id)
        for entry in entries:
            related, contact = entry.pop("namesake")
            if namesake := self.contacts_by_account.get((contact[3].casefold(), related[1])):
                entry["vals"]["partner_id"] = namesake
            else:
                self.keep(
                    entry,
                    related[2],
                    related[3],
                    self.env._("not the account of the contact %(contact)s", contact=contact[3]),
                )

    def row_keys(self, kind, Model, entry):
        """The row's phones checked and its duplicate keys (number, INN,
        e-mail, phone through the phone index); a Russian record's invalid
        INN or KPP is kept in the description."""
        spec = VTIGER_KINDS[kind]
        vals = entry["vals"]
        Phone = self.env["crm.vtiger.phone"]
        if "country codes" not in self.lookups:
            self.lookups["country codes"] = Phone._vtiger_country_codes()
        countries = self.lookups["country codes"]
        home = self.env.company.country_id.code or DEFAULT_REGION
        country = countries.get(vals.get("country_id")) or home
        regions = tuple(dict.fromkeys((country, home, DEFAULT_REGION)))
        foreign = Model._vtiger_phone_fields_foreign
        for column, fname, text in entry["phones"]:
            number = Phone._vtiger_normalize(text, regions)
            if not number:
                vals.pop(fname, None)
                self.keep(entry, column, text, self.env._("“%(value)s” is not a phone number", value=text))
            elif fname not in foreign:
                entry["keys"].append(("phone", number))
        del entry["phones"]
        self.check_requisites(kind, Model, entry, country)
        email_field = Model._vtiger_email_fields[:1]
        if email_field and vals.get(email_field[0]) and (normalized := email_normalize(vals[email_field[0]])):
            entry["keys"].append(("email", normalized))
        if vals.get(spec.number_field):
            entry["keys"].append(("number", vals[spec.number_field]))

    def check_requisites(self, kind, Model, entry, country):
        """INN, KPP, birthday and support dates checked as the records check
        them: a value they would refuse is kept in the description instead."""
        vals, headers = entry["vals"], entry["headers"]
        name = vals.get("name") or vals.get("partner_name") or vals.get("last_name")
        if vals.get("vat"):
            inn = Model._vtiger_compact_inn(vals["vat"])
            try:
                if country == "RU":
                    Model._vtiger_check_inn(name, inn, person=kind == "contacts")
            except ValidationError as error:
                self.keep(entry, headers["vat"], vals.pop("vat"), error.args[0])
            else:
                vals["vat"] = inn
                entry["keys"].append(("inn", inn))
        if vals.get("kpp"):
            kpp = re.sub(r"\s", "", vals["kpp"]).upper()
            if not KPP_RE.match(kpp) or (country == "RU" and len(vals.get("vat") or "") == 12):
                self.keep(entry, headers["kpp"], vals.pop("kpp"), self.env._("not a valid KPP"))
            else:
                vals["kpp"] = kpp
        if vals.get("birthday") and vals["birthday"] > self.today:
            self.keep(entry, headers["birthday"], str(vals.pop("birthday")), self.env._("a date in the future"))
        start, end = vals.get("support_start_date"), vals.get("support_end_date")
        if start and end and end < start:
            self.keep(
                entry,
                headers["support_end_date"],
                str(vals.pop("support_end_date")),
                self.env._("before the support start date"),
            )

    # ------------------------------------------------------------------
    # Duplicates and numbers
    # ------------------------------------------------------------------
    def plan(self, kind, filename, entries):
        """{"create": entries, "update": entries with their record "id"}: a
        row with the number of an existing record updates it (a re-run);
        one matching an existing record by INN, e-mail or phone is skipped,
        updates it or is created as the duplicate mode says; numbers already
        used are replaced by new ones."""
        spec = VTIGER_KINDS[kind]
        existing = self.migration._vtiger_existing_keys(kind, entries)
        taken = self.migration._vtiger_taken_numbers(kind, entries)
        create, update, skip, updated_ids, numbers = [], [], [], set(), set()
        for entry in entries:
            number = entry["vals"].get(spec.number_field)
            record_id, reason = (existing.get(("number", number)) if number else None), None
            if not record_id:
                key = next((key for key in self.migration._vtiger_sorted_keys(entry["keys"]) if key in existing), None)
                if key and self.on_duplicate != "create":
                    record_id, reason = existing[key], key
            if record_id and (record_id in updated_ids or (reason and self.on_duplicate == "skip")):
                self.problem(
                    filename,
                    entry["line"],
                    self.duplicate_message(kind, record_id, reason or ("number", number), skipped=True),
                )
                # the rows of other files naming this one mean the record it duplicates
                entry["id"] = record_id
                skip.append(entry)
                continue
            if record_id:
                if reason:
                    self.problem(filename, entry["line"], self.duplicate_message(kind, record_id, reason))
                    if number:
                        # the record keeps its own number
                        entry["notes"].append(f"{entry['headers'][spec.number_field].header}: {number}")
                entry["id"] = record_id
                updated_ids.add(record_id)
                update.append(entry)
                continue
            if number and (number in taken or number in numbers):
                entry["vals"].pop(spec.number_field)
                self.problem(
                    filename,
                    entry["line"],
                    self.env._("number %(number)s is already used: the record gets a new one", number=number),
                )
            elif number:
                numbers.add(number)
            create.append(entry)
        return {"create": create, "update": update, "skip": skip}

    def duplicate_message(self, kind, record_id, key, skipped=False):
        record = self.env[VTIGER_KINDS[kind].model].browse(record_id)
        what = {
            "number": self.env._("number"),
            "inn": self.env._("INN"),
            "email": self.env._("e-mail"),
            "phone": self.env._("phone"),
        }[key[0]]
        if skipped:
            return self.env._(
                "skipped: a duplicate of %(record)s (same %(key)s %(value)s)",
                record=record.display_name,
                key=what,
                value=key[1],
            )
        return self.env._(
            "updates %(record)s (same %(key)s %(value)s)", record=record.display_name, key=what, value=key[1]
        )

    # ------------------------------------------------------------------
    # Second pass
    # ------------------------------------------------------------------
    def link_early(self, batch):
        """Member Of and Reports To of new records that refer to a record
        of an earlier batch, given to their INSERT: a new record has no member
        yet, so its link cannot close a cycle. The name already means that
        record for good (the first record of a name keeps it); the other links
        wait for ``resolve_late``."""
        for entry in batch:
            for fname, (ref_type, name) in list(entry["late"].items()):
                target = self.batch_refs[ref_type].get(name.casefold())
                if target:
                    del entry["late"][fname]
                    entry["linked"][fname] = (target, name)
                    if not self.dry_run:
                        entry["vals"][fname] = target

    def resolve_late(self):
        """Member Of and Reports To, once every record of the batch exists
        (one write per referred record); a link that would close a cycle is
        left out and reported. The links given at creation count as made."""
        links = defaultdict(dict)  # (model, field) -> {record id: (target id, filename, line, name)}
        for model, fname, ref_type, name, record_id, filename, line in self.late:
            target = self.resolve_ref(ref_type, name)
            if not target:
                message = self.env._("“%(value)s” is neither in the files nor in Odoo: not linked", value=name)
                self.problem(filename, line, message)
                continue
            links[model, fname][record_id] = (target, filename, line, name)
        for (model, fname), targets in links.items():
            accepted, todo = dict(self.linked[model, fname]), defaultdict(list)
            # the links the records already have: the chains may go on through them
            known = {target for target, *_rest in targets.values() if target > 0}
            stored = {record.id: record[fname].id for record in self.env[model].browse(known)}
            for record_id, (target, filename, line, name) in targets.items():
                accepted[record_id] = (target, name)
                if self.closes_cycle(model, fname, accepted, stored, record_id):
                    del accepted[record_id]
                    self.problem(
                        filename,
                        line,
                        self.env._("“%(value)s”: the link would make a cycle, not linked", value=name),
                    )
                    continue
                todo[target].append(record_id)
            if not self.dry_run:
                for target, ids in todo.items():
                    self.position = self.env._("the links to %(name)s", name=accepted[ids[0]][1])
                    self.writer(self.env[model]).browse(ids).write({fname: target})

    def closes_cycle(self, model, fname, accepted, stored, record_id):
        """Whether following the links from ``record_id`` (the files' links
        first, then the stored ones) comes back to it."""
        seen, current = set(), record_id
        while current and current not in seen:
            seen.add(current)
            if current in accepted:
                current = accepted[current][0]
            elif current > 0:
                if current not in stored:
                    stored[current] = self.env[model].browse(current)[fname].id
                current = stored[current]
            else:
                current = None  # a record of a dry run
            if current == record_id:
                return True
        return False
