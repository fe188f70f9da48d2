"""Reading vtiger's own CSV exports: the file, its module and language, the
date format of its cells and vtiger's ways of writing values."""

import csv
import io
import re
from datetime import date

from odoo import api, models
from odoo.exceptions import UserError

from .crm_vtiger_import_engine import cell_text, header_key

# vtiger's three user date formats; the parts of a date cell in their order
DATE_FORMATS = {"dd-mm-yyyy": "dmy", "mm-dd-yyyy": "mdy", "yyyy-mm-dd": "ymd"}
DATE_RE = re.compile(r"^(\d{1,4})[-./](\d{1,2})[-./](\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
# ``Accounts::::ООО Ромашка``: a reference as vtiger exports it
REFERENCE_RE = re.compile(r"^([A-Za-z_]+)::::(.*)$", re.DOTALL)
MULTI_SEPARATOR = "|##|"
# vtiger's empty picklist choice
NONE_VALUES = {"--none--", "--нет--"}


class CrmVtigerMigrationReader(models.AbstractModel):
    _name = "crm.vtiger.migration.reader"
    _description = "vtiger export reader"

    @api.model
    def _vtiger_migration_parse(self, files):
        """One dict per file of ``files`` ((filename, bytes)): filename, kind,
        lang, columns (a label record or None per position), the header,
        rows [(line, cells)], the guessed date format and whether it was
        ambiguous, the unknown headers."""
        labels = self.env["crm.vtiger.import.label"]._vtiger_headers()
        parsed = []
        for filename, content in files:
            header, rows = self._vtiger_migration_read(filename, content)
            kind = self._vtiger_migration_detect(filename, header, labels)
            columns = [labels[kind].get(header_key(cell)) for cell in header]
            date_format, ambiguous = self._vtiger_migration_guess_date_format(columns, rows)
            cyrillic = sum(bool(re.search("[а-яё]", cell, re.IGNORECASE)) for cell in header)
            parsed.append(
                {
                    "filename": filename,
                    "kind": kind,
                    "lang": "ru" if cyrillic * 2 > len(header) else "en",
                    "header": header,
                    "columns": columns,
                    "rows": rows,
                    "date_format": date_format,
                    "date_ambiguous": ambiguous,
                    "unknown": [cell for cell, label in zip(header, columns, strict=True) if label is None and cell],
                }
            )
        return parsed

    @api.model
    def _vtiger_migration_read(self, filename, content):
        """(header, [(line, cells)]) of a CSV export; ``line`` is the line of
        the file the row starts on (descriptions may span several lines)."""
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._("%(file)s is not a UTF-8 CSV file, as vtiger exports them.", file=filename)
            ) from error
        # vtiger writes commas; a file saved again by a spreadsheet may have semicolons
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        # descriptions may be long: the limit is the file's size, not csv's 128 KiB
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows, start = [], 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    rows.append((start, [cell.strip() for cell in cells]))
                start = reader.line_num + 1
        except csv.Error as error:
            raise UserError(
                self.env._(
                    "%(file)s, line %(line)s: the file is not a valid CSV file (%(error)s).",
                    file=filename,
                    line=reader.line_num,
                    error=error,
                )
            ) from error
        if not rows:
            raise UserError(self.env._("%(file)s is empty.", file=filename))
        (_line, header), *rows = rows
        return header, rows

    @api.model
    def _vtiger_migration_detect(self, filename, header, labels):
        """The vtiger module of a file: the one whose labels its header
        holds most of, its number column (Lead No, Контрагент №...) deciding."""
        keys = [header_key(cell) for cell in header]
        scores = {}
        for module, table in labels.items():
            matched = [table[key] for key in keys if key in table]
            has_number = any(label.value_type == "number" for label in matched)
            scores[module] = (has_number, len(matched))
        best = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if not best or best[0][1][1] < 2 or (len(best) > 1 and best[0][1] == best[1][1]):
            raise UserError(
                self.env._(
                    "%(file)s is not a vtiger export of Leads, Organizations, Contacts or Potentials: its columns "
                    "are not vtiger's (the header must be the first line, as vtiger writes it).",
                    file=filename,
                )
            )
        return best[0][0]

    @api.model
    def _vtiger_migration_guess_date_format(self, columns, rows):
        """(date format, ambiguous) of the date and date-time cells: a year
        first means yyyy-mm-dd, a first part above 12 dd-mm-yyyy, a second
        part above 12 mm-dd-yyyy; with no such cell dd-mm-yyyy is assumed."""
        positions = [i for i, label in enumerate(columns) if label and label.value_type in ("date", "datetime")]
        evidence = {"dd-mm-yyyy": 0, "mm-dd-yyyy": 0, "yyyy-mm-dd": 0}
        seen = False
        for _line, cells in rows:
            for position in positions:
                match = position < len(cells) and DATE_RE.match(cells[position])
                if not match:
                    continue
                seen = True
                first, second = match.group(1), int(match.group(2))
                if len(first) == 4:
                    evidence["yyyy-mm-dd"] += 1
                elif int(first) > 12:
                    evidence["dd-mm-yyyy"] += 1
                elif second > 12:
                    evidence["mm-dd-yyyy"] += 1
        if not seen:
            return False, False
        decided = [date_format for date_format, count in evidence.items() if count]
        if len(decided) == 1:
            return decided[0], False
        if not decided:
            return "dd-mm-yyyy", True
        return max(decided, key=evidence.get), True

    @api.model
    def _vtiger_migration_date(self, text, date_format):
        """The date of a vtiger date (or date-time) cell, or None."""
        match = DATE_RE.match(text)
        if not match:
            return None
        parts = dict(zip(DATE_FORMATS[date_format], match.groups(), strict=True))
        try:
            return date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        except ValueError:
            return None

    @api.model
    def _vtiger_migration_reference(self, text):
        """(vtiger module or None, display name) of a reference cell."""
        match = REFERENCE_RE.match(text)
        return (match.group(1), match.group(2).strip()) if match else (None, text)

    @api.model
    def _vtiger_migration_values(self, text):
        """The values of a multi-select picklist cell (`` |##| `` joined)."""
        return [value.strip() for value in text.split(MULTI_SEPARATOR) if value.strip()]

    @api.model
    def _vtiger_migration_cell(self, cells, position):
        text = cell_text(cells[position]) if position < len(cells) else ""
        return "" if text.casefold() in NONE_VALUES else text
