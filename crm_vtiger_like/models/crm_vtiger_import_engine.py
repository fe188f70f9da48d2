import csv
import io
import logging
import re
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, email_normalize, split_every

from ..tools import CONCURRENCY_ERRORS
from .crm_vtiger_import_columns import COLUMNS, KINDS
from .crm_vtiger_phone import DEFAULT_REGION

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%y")
TRUE_WORDS = {"1", "да", "д", "yes", "y", "true", "x", "истина", "+"}
FALSE_WORDS = {"0", "нет", "н", "no", "n", "false", "ложь", "-"}
# what people type instead of the official names ("Российская Федерация")
COUNTRY_ALIASES = {"россия": "ru", "рф": "ru", "russia": "ru", "казахстан": "kz", "беларусь": "by"}
# the xml ids of the picklist values the addon seeds: prefix + vtiger key
PICKLIST_XMLID_PREFIXES = {
    "utm.source": "utm_source_",
    "crm.lead.status": "lead_status_",
    "crm.vtiger.rating": "rating_",
    "crm.account.type": "account_type_",
}
# the keys duplicates are recognised by, the most specific first
DUPLICATE_KEYS = ("number", "inn", "email", "phone")


def header_key(text):
    """A header as it is compared: without case, spaces and a required mark."""
    return re.sub(r"\s+", "", str(text or "")).rstrip("*").casefold().replace("ё", "е")


def cell_text(value):
    """A cell as text: whole numbers of spreadsheets without ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


class CrmVtigerImportEngine(models.AbstractModel):
    """Imports leads, accounts and contacts from rows (dicts keyed by our
    field names, each with the line of the file it comes from), whatever
    read them: the template import wizard, a vtiger export, a script.

    ``_vtiger_import_rows`` checks every row (a dry run reports every bad
    row with its line and reason), recognises duplicates (vtiger number,
    INN, e-mail, phone through the phone index, also within the rows) and
    writes everything in one savepoint, as the user, in batches.
    """

    _name = "crm.vtiger.import.engine"
    _description = "vtiger import engine"

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    @api.model
    def _vtiger_import_check_access(self, kind):
        """Sales users import leads; sales managers and administrators also
        accounts and contacts. The records are created as the user."""
        user = self.env.user
        if kind == "leads":
            allowed = user.has_group("sales_team.group_sale_salesman")
        else:
            allowed = user.has_group("sales_team.group_sale_manager") or user.has_group("base.group_system")
        if not allowed:
            raise AccessError(
                self.env._("Only sales managers and administrators may import accounts and contacts.")
                if kind != "leads"
                else self.env._("Only salespeople may import leads.")
            )
        self.env[KINDS[kind].model].check_access("create")

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    @api.model
    def _vtiger_read_file(self, content, filename=""):
        """(header cells, [(line number, cells)]) of an xlsx or a csv file
        (UTF-8, separated by ``;`` or ``,``); empty rows are left out."""
        if content[:4] == b"PK\x03\x04" or (filename or "").lower().endswith(".xlsx"):
            table = self._vtiger_read_xlsx(content)
        else:
            table = self._vtiger_read_csv(content)
        lines = [(number, cells) for number, cells in table if any(cell_text(cell) for cell in cells)]
        if not lines:
            raise UserError(self.env._("The file is empty."))
        (_number, headers), *rows = lines
        return headers, rows

    @api.model
    def _vtiger_read_xlsx(self, content):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise UserError(self.env._("The file is not a valid xlsx spreadsheet: %(error)s", error=error)) from error
        sheet = book.worksheets[0]
        return [(number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]

    @api.model
    def _vtiger_read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(self.env._("The file is not a UTF-8 text (CSV) file or an xlsx spreadsheet.")) from error
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [(reader.line_num, cells) for cells in reader]

    @api.model
    def _vtiger_map_headers(self, kind, headers):
        """({position in the row: column}, [headers not recognised])."""
        by_key = {}
        for column in self._vtiger_columns(kind):
            for label in (column.label, column.label_ru, column.field, *column.aliases):
                by_key.setdefault(header_key(label), column)
        mapping, unknown, seen = {}, [], set()
        for position, header in enumerate(headers):
            column = by_key.get(header_key(header))
            if column and column.field not in seen:
                mapping[position] = column
                seen.add(column.field)
            elif cell_text(header):
                unknown.append(cell_text(header))
        return mapping, unknown

    @api.model
    def _vtiger_rows_from_file(self, kind, content, filename=""):
        """The rows of a template file as ``_vtiger_import_rows`` takes them,
        with the headers that matched no column."""
        headers, lines = self._vtiger_read_file(content, filename)
        mapping, unknown = self._vtiger_map_headers(kind, headers)
        required = KINDS[kind].required
        if required not in {column.field for column in mapping.values()}:
            column = next(column for column in self._vtiger_columns(kind) if column.field == required)
            raise UserError(
                self.env._(
                    "The file has no column “%(ru)s” (%(en)s): is it a %(kind)s file made from the template?",
                    ru=column.label_ru,
                    en=column.label,
                    kind=self._vtiger_kind_label(kind),
                )
            )
        rows = [
            (number, {column.field: cells[position] for position, column in mapping.items() if position < len(cells)})
            for number, cells in lines
        ]
        return rows, unknown

    @api.model
    def _vtiger_columns(self, kind):
        """The columns (see ``crm_vtiger_import_columns``) rows of ``kind``
        are read with: the template's, by default."""
        return COLUMNS[kind]

    @api.model
    def _vtiger_kind_spec(self, kind):
        """The ``ImportKind`` of ``kind``: the templates' kinds, by default."""
        return KINDS[kind]

    @api.model
    def _vtiger_kind_label(self, kind):
        return dict(self._vtiger_kind_selection())[kind]

    @api.model
    def _vtiger_kind_selection(self):
        return [
            ("leads", self.env._("Leads")),
            ("accounts", self.env._("Accounts")),
            ("contacts", self.env._("Contacts")),
        ]

    # ------------------------------------------------------------------
    # Templates
    # ------------------------------------------------------------------
    @api.model
    def _vtiger_template_xlsx(self, kind):
        """The import template of ``kind``: the Russian labels of the vtiger
        card as headers and an example row, every cell as text."""
        import xlsxwriter

        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self._vtiger_kind_label(kind)[:31])
        text = book.add_format({"num_format": "@"})
        header = book.add_format({"bold": True, "num_format": "@", "bg_color": "#E8EEF7", "border": 1})
        for position, column in enumerate(self._vtiger_columns(kind)):
            sheet.set_column(position, position, max(14, len(column.label_ru) + 4), text)
            sheet.write_string(0, position, column.label_ru, header)
            sheet.write_string(1, position, column.example, text)
        sheet.freeze_panes(1, 0)
        book.close()
        return output.getvalue()

    @api.model
    def _vtiger_template_filename(self, kind):
        return {"leads": "obrashcheniya.xlsx", "accounts": "kontragenty.xlsx", "contacts": "kontakty.xlsx"}[kind]

    @api.model
    def _vtiger_import_templates(self, kinds):
        """Entries for ``get_import_templates`` (Odoo's import side panel)."""
        labels = {
            "leads": self.env._("Import Template for vtiger Leads"),
            "accounts": self.env._("Import Template for vtiger Accounts"),
            "contacts": self.env._("Import Template for vtiger Contacts"),
        }
        return [{"label": labels[kind], "template": f"/crm_vtiger_like/import_template/{kind}"} for kind in kinds]

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    @api.model
    def _vtiger_import_rows(self, kind, rows, on_duplicate="skip", skip_bad_rows=False, dry_run=False):
        """Check and import ``rows`` of ``kind`` (leads, accounts, contacts).

        :param rows: list of (line number, {field name: cell value})
        :param on_duplicate: ``skip``, ``update`` (the existing record, with
            the non-empty values of the row) or ``create`` anyway
        :param skip_bad_rows: import the good rows of a file with bad rows
            (otherwise nothing is imported from it)
        :param dry_run: only check, write nothing
        :return: dict with the counts ``created``, ``updated`` (existing
            records, or rows merged into an earlier row), ``skipped``
            (duplicates) and ``errors`` (bad rows); ``problems`` and
            ``warnings``, lists of (line, message) of the bad rows and of
            what was imported otherwise than given; ``imported`` (whether
            anything was written) and ``ids`` (records created or updated)
        """
        if on_duplicate not in ("skip", "update", "create"):
            raise UserError(self.env._("Unknown duplicate mode: %(mode)s", mode=on_duplicate))
        self._vtiger_import_check_access(kind)
        spec = KINDS[kind]
        Model = self.env[spec.model]
        problems = []
        entries = self._vtiger_convert_rows(kind, rows, problems)
        bad_lines = {line for line, _message in problems}
        good = [entry for entry in entries if entry["line"] not in bad_lines]
        warnings = []
        plan = self._vtiger_plan(kind, good, on_duplicate, warnings)
        result = {
            "created": len(plan["create"]),
            "updated": plan["updated"],
            "skipped": plan["skipped"],
            "errors": len(bad_lines),
            "problems": sorted(problems, key=lambda problem: problem[0]),
            "warnings": warnings,
            "imported": False,
            "ids": [],
        }
        if dry_run or (bad_lines and not skip_bad_rows):
            if bad_lines and not dry_run:
                result.update(created=0, updated=0, skipped=0)
            return result
        result["ids"] = self._vtiger_write(Model, plan)
        result["imported"] = True
        return result

    @api.model
    def _vtiger_write(self, Model, plan):
        """Create and update as planned, in one savepoint: an unexpected
        failure leaves nothing behind and is reported as a UserError."""
        # the import has its own duplicate rules: the blocking option of the cards does not apply
        Model = Model.with_context(
            crm_vtiger_default_country=True, mail_create_nolog=True, vtiger_allow_duplicates=True
        )
        ids = []
        lines = "", ""
        try:
            with self.env.cr.savepoint():
                for batch in split_every(BATCH_SIZE, plan["create"]):
                    lines = batch[0]["line"], batch[-1]["line"]
                    ids += Model.create([self._vtiger_create_vals(Model, entry["vals"]) for entry in batch]).ids
                for record_id, entry in plan["update"].items():
                    lines = entry["line"], entry["line"]
                    Model.browse(record_id).write(entry["vals"])
                    ids.append(record_id)
                self.env.flush_all()
        except CONCURRENCY_ERRORS:
            self.env.invalidate_all()
            raise
        except Exception as error:
            self.env.invalidate_all()
            _logger.info("vtiger import rolled back (lines %s-%s)", *lines, exc_info=True)
            message = error.args[0] if isinstance(error, UserError | ValidationError) and error.args else str(error)
            raise UserError(
                self.env._(
                    "The import failed on lines %(first)s-%(last)s and nothing was imported: %(error)s",
                    first=lines[0],
                    last=lines[1],
                    error=message,
                )
            ) from error
        return ids

    @api.model
    def _vtiger_create_vals(self, Model, vals):
        """``vals`` of a new record: a lead (vtiger's have no subject) is
        titled after the person, else the organization, as on the card."""
        if Model._name == "crm.lead" and not vals.get("name"):
            parts = [vals.get(fname) for fname in ("first_name", "middle_name", "last_name")]
            return {**vals, "name": Model._vtiger_compose_name(*parts) or vals.get("partner_name")}
        return vals

    # ------------------------------------------------------------------
    # Reading the cells
    # ------------------------------------------------------------------
    @api.model
    def _vtiger_convert_rows(self, kind, rows, problems):
        """[{"line", "vals", "keys"}] of ``rows``: cells read as field values
        (look-ups batched over all rows), every bad cell added to ``problems``."""
        spec = KINDS[kind]
        columns = {column.field: column for column in self._vtiger_columns(kind)}
        used = {field for _line, values in rows for field, value in values.items() if cell_text(value)}
        lookups = self._vtiger_lookups(kind, [columns[field] for field in used if field in columns], rows)
        Phone = self.env["crm.vtiger.phone"]
        countries = Phone._vtiger_country_codes()
        home = self.env.company.country_id.code or DEFAULT_REGION
        entries = []
        for line, values in rows:
            vals, keys = dict(spec.defaults), []

            def bad(message, line=line):
                problems.append((line, message))

            for field, raw in values.items():
                column = columns.get(field)
                text = cell_text(raw)
                if column is None or not text:
                    continue
                value = self._vtiger_convert_cell(column, raw, text, lookups, bad)
                if value is not None:
                    vals[field] = value
            required = vals.get(spec.required)
            if not required:
                bad(
                    self.env._("the name is missing")
                    if spec.required == "name"
                    else self.env._("the last name is missing")
                )
            country = countries.get(vals.get("country_id")) or home
            regions = tuple(dict.fromkeys((country, home, DEFAULT_REGION)))
            foreign = self.env[spec.model]._vtiger_phone_fields_foreign
            for field, column in columns.items():
                if column.type == "phone" and vals.get(field):
                    number = Phone._vtiger_normalize(vals[field], regions)
                    if not number:
                        bad(
                            self.env._(
                                "%(column)s: “%(value)s” is not a phone number",
                                column=column.label_ru,
                                value=vals[field],
                            )
                        )
                    elif field not in foreign:
                        keys.append(("phone", number))
            if vals.get("vat"):
                vals["vat"] = self._vtiger_import_check_inn(kind, vals, country, bad)
                if vals["vat"]:
                    keys.append(("inn", vals["vat"]))
            for field in self.env[spec.model]._vtiger_email_fields[:1]:
                if vals.get(field) and (normalized := email_normalize(vals[field])):
                    keys.append(("email", normalized))
            if vals.get(spec.number_field):
                keys.append(("number", vals[spec.number_field]))
            entries.append({"line": line, "vals": vals, "keys": keys})
        return entries

    @api.model
    def _vtiger_import_check_inn(self, kind, vals, country, bad):
        """The INN of ``vals`` in its stored form, checked as the records
        check it when the record is Russian; None (and a problem) when invalid."""
        Model = self.env[KINDS[kind].model]
        inn = Model._vtiger_compact_inn(vals["vat"])
        if country != "RU":
            return vals["vat"]
        try:
            Model._vtiger_check_inn(
                vals.get("name") or vals.get("partner_name") or vals.get("last_name"), inn, person=kind == "contacts"
            )
        except ValidationError as error:
            bad(error.args[0])
            return None
        return inn

    @api.model
    def _vtiger_convert_cell(self, column, raw, text, lookups, bad):
        """The value of one cell for ``column``, or None after reporting it with ``bad``."""
        kind = column.type
        if kind in ("char", "text", "number", "phone", "inn"):
            return text  # phones and INNs are checked with the whole row
        if kind == "email":
            if self.env["crm.lead"]._vtiger_invalid_emails(text):
                bad(self.env._("%(column)s: “%(value)s” is not an e-mail address", column=column.label_ru, value=text))
                return None
            return text
        if kind == "url":
            url = text if "://" in text else f"https://{text}"
            if not self.env["crm.lead"]._vtiger_is_valid_url(url):
                bad(self.env._("%(column)s: “%(value)s” is not a web address", column=column.label_ru, value=text))
                return None
            return url
        if kind == "date":
            value = self._vtiger_parse_date(raw, text)
            if not value:
                bad(
                    self.env._(
                        "%(column)s: “%(value)s” is not a date (expected e.g. 31.12.1980)",
                        column=column.label_ru,
                        value=text,
                    )
                )
            elif column.field == "birthday" and value > fields.Date.context_today(self):
                bad(self.env._("%(column)s: %(value)s is in the future", column=column.label_ru, value=text))
                return None
            return value
        if kind == "boolean":
            word = text.casefold()
            if word in TRUE_WORDS or word in FALSE_WORDS:
                return word in TRUE_WORDS
            bad(self.env._("%(column)s: “%(value)s” is neither yes nor no", column=column.label_ru, value=text))
            return None
        if kind in ("integer", "float"):
            value = self._vtiger_parse_number(raw, text)
            if value is None or value < 0 or (kind == "integer" and not float(value).is_integer()):
                bad(self.env._("%(column)s: “%(value)s” is not a positive number", column=column.label_ru, value=text))
                return None
            return int(value) if kind == "integer" else value
        # look-ups: many2one, user, country, account, contact
        record_id = lookups[column.field].get(text.casefold())
        if not record_id:
            bad(self.env._("%(column)s: unknown value “%(value)s”", column=column.label_ru, value=text))
        return record_id

    @api.model
    def _vtiger_parse_date(self, raw, text):
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        return None

    @api.model
    def _vtiger_parse_number(self, raw, text):
        """A number of a spreadsheet cell, or typed as people and vtiger write
        amounts: ``1 234 567,00``, ``1,234,567.00``, ``1.234.567,00``,
        ``1'234'567.00``; a single comma is the decimal one (``12,5``)."""
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        number = re.sub(r"[\s\u00a0\u202f'’]", "", text)
        if "," in number and "." in number:
            thousands = "." if number.rfind(",") > number.rfind(".") else ","
            number = number.replace(thousands, "")
        elif number.count(",") > 1 or number.count(".") > 1:
            number = number.replace(",", "").replace(".", "")
        number = number.replace(",", ".")
        try:
            return float(number)
        except ValueError:
            return None

    @api.model
    def _vtiger_lookups(self, kind, columns, rows):
        """{field: {casefolded name, code or number: id}} for the look-up
        columns in use: one read per picklist, one search per reference column."""
        lookups = {}
        for column in columns:
            if column.type == "many2one":
                # picklists: short lists, read whole once
                lookups[column.field] = self._vtiger_names(self.env[column.model].search([]))  # pylint: disable=no-search-all
            elif column.type == "country":
                countries = self.env["res.country"].search([])  # pylint: disable=no-search-all
                codes = {country.code.casefold(): country.id for country in countries}
                lookups[column.field] = {
                    **{alias: codes[code] for alias, code in COUNTRY_ALIASES.items() if code in codes},
                    **self._vtiger_names(countries),
                    **codes,
                }
            elif column.type == "user":
                users = self.env["res.users"].search([("share", "=", False)])
                lookups[column.field] = {
                    **{user.login.casefold(): user.id for user in users},
                    **{user.name.casefold(): user.id for user in users if user.name},
                }
            elif column.type in ("account", "contact"):
                values = list({cell_text(values.get(column.field)) for _line, values in rows} - {""})
                lookups[column.field] = self._vtiger_partner_refs(column.type, values)
        return lookups

    @api.model
    def _vtiger_names(self, records):
        """{name casefolded, in every installed language: id}, the first
        record winning; the values the addon seeds also answer to their
        vtiger key (``Cold Call`` for a source renamed ``Холодный звонок``)."""
        names = {}
        for lang, _name in self.env["res.lang"].get_installed():
            for record in records.with_context(lang=lang):
                names.setdefault((record.name or "").casefold(), record.id)
        ids = set(records.ids)
        for xmlid in (
            self.env["ir.model.data"].sudo().search([("module", "=", "crm_vtiger_like"), ("model", "=", records._name)])
        ):
            if xmlid.res_id in ids:
                key = xmlid.name.removeprefix(PICKLIST_XMLID_PREFIXES.get(records._name, ""))
                names.setdefault(key.replace("_", " ").casefold(), xmlid.res_id)
        return names

    @api.model
    def _vtiger_partner_refs(self, ref_type, values):
        """{number or exact name casefolded: id} of the accounts (or contacts)
        the user may see, named by ``values``."""
        is_company = ref_type == "account"
        number_field = "account_no" if is_company else "contact_no"
        refs = {}
        for chunk in split_every(BATCH_SIZE, values, list):
            partners = self.env["res.partner"].search(
                [("is_company", "=", is_company), "|", (number_field, "in", chunk), ("name", "in", chunk)],
                order="id",
            )
            for partner in partners:
                for key in (partner[number_field], partner.name):
                    if key:
                        refs.setdefault(key.casefold(), partner.id)
        return refs

    # ------------------------------------------------------------------
    # Duplicates
    # ------------------------------------------------------------------
    @api.model
    def _vtiger_plan(self, kind, entries, on_duplicate, warnings):
        """What to do with each good row: {"create": [entries], "update":
        {record id: entry}, "updated": count, "skipped": count}. A row
        matching an existing record or an earlier row (by number, INN,
        e-mail or phone) is a duplicate, handled as ``on_duplicate`` says."""
        spec = KINDS[kind]
        existing = self._vtiger_existing_keys(kind, entries)
        taken_numbers = self._vtiger_taken_numbers(kind, entries)
        create, update, updated, skipped = [], {}, 0, 0
        in_file = {}
        for entry in entries:
            vals, keys = entry["vals"], entry["keys"]
            record_id = next((existing[key] for key in self._vtiger_sorted_keys(keys) if key in existing), None)
            earlier = next((in_file[key] for key in self._vtiger_sorted_keys(keys) if key in in_file), None)
            number = vals.get(spec.number_field)
            if (record_id or earlier) and on_duplicate != "create":
                if on_duplicate == "skip":
                    skipped += 1
                    continue
                changes = {
                    field: value
                    for field, value in vals.items()
                    if field != spec.number_field and field not in spec.defaults
                }
                if record_id:
                    if record_id not in update:
                        updated += 1
                        update[record_id] = {"line": entry["line"], "vals": {}}
                    update[record_id]["vals"].update(changes)
                else:
                    # merged into the record the earlier row creates
                    earlier["vals"].update(changes)
                    updated += 1
                    for key in keys:
                        in_file.setdefault(key, earlier)
                continue
            if number and (number in taken_numbers or ("number", number) in in_file):
                # kept only when unique: the record gets a new one
                vals.pop(spec.number_field)
                warnings.append(
                    (
                        entry["line"],
                        self.env._("number %(number)s is already used: the record gets a new one", number=number),
                    )
                )
            create.append(entry)
            for key in keys:
                in_file.setdefault(key, entry)
        return {"create": create, "update": update, "updated": updated, "skipped": skipped}

    @api.model
    def _vtiger_sorted_keys(self, keys):
        return sorted(keys, key=lambda key: DUPLICATE_KEYS.index(key[0]))

    @api.model
    def _vtiger_existing_keys(self, kind, entries):
        """{(key type, value): id of the oldest record of ``kind`` the user
        may see holding it (archived ones too for numbers): a few batched
        queries for all the rows."""
        spec = self._vtiger_kind_spec(kind)
        Model = self.env[spec.model]
        wanted = {key_type: set() for key_type in DUPLICATE_KEYS}
        for entry in entries:
            for key_type, value in entry["keys"]:
                wanted[key_type].add(value)
        found = {}
        for key_type, field in (("number", spec.number_field), ("inn", "vat"), ("email", "email_normalized")):
            # a number is the record's for good: an archived record holding it is the one a row means
            Searched = Model.with_context(active_test=False) if key_type == "number" else Model
            for chunk in split_every(BATCH_SIZE, wanted[key_type], list):
                for record in Searched.search([*spec.domain, (field, "in", chunk)], order="id"):
                    found.setdefault((key_type, record[field]), record.id)
        segment = {"accounts": "company", "contacts": "person"}.get(kind, "")
        for chunk in split_every(BATCH_SIZE, wanted["phone"], list):
            holders = self.env.execute_query(
                SQL(
                    "SELECT number, res_id FROM crm_vtiger_phone WHERE number = ANY(%s) AND res_model = %s"
                    " AND active AND segment IS NOT DISTINCT FROM %s AND field != ALL(%s) ORDER BY res_id",
                    chunk,
                    spec.model,
                    segment,
                    list(Model._vtiger_phone_fields_foreign),
                )
            )
            visible = set(Model.search([*spec.domain, ("id", "in", list({res_id for _n, res_id in holders}))]).ids)
            for number, res_id in holders:
                if res_id in visible:
                    found.setdefault(("phone", number), res_id)
        return found

    @api.model
    def _vtiger_taken_numbers(self, kind, entries):
        """The numbers of ``entries`` some record of the company already has
        (visible to the user or not): those are not kept."""
        spec = self._vtiger_kind_spec(kind)
        numbers = [entry["vals"][spec.number_field] for entry in entries if entry["vals"].get(spec.number_field)]
        taken = set()
        for chunk in split_every(BATCH_SIZE, numbers, list):
            taken.update(
                number
                for (number,) in self.env.execute_query(
                    SQL(
                        "SELECT %(col)s FROM %(table)s WHERE %(col)s = ANY(%(numbers)s)"
                        " AND COALESCE(company_id, 0) IN (0, %(company)s)",
                        col=SQL.identifier(spec.number_field),
                        table=SQL.identifier(self.env[spec.model]._table),
                        numbers=chunk,
                        company=self.env.company.id,
                    )
                )
            )
        return taken
