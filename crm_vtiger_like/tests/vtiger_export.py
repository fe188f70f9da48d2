"""vtiger-format CSV files for the tests and the benchmark, written from the
addon's label table the way vtiger's list view "Export" writes them
(``modules/Vtiger/actions/ExportData.php``): comma-separated, every cell
quoted, UTF-8, one header row of field labels in the exporting user's language."""

import csv
import io


def vtiger_header(env, module, names, lang="en"):
    """The headers vtiger writes for the fields ``names`` of ``module`` in
    ``lang`` ("en" or "ru"); a name that is not a vtiger field is a custom
    column written as given."""
    labels = {
        label.vtiger_name: label
        for label in env["crm.vtiger.import.label"].search([("module", "=", module), ("vtiger_name", "!=", False)])
    }
    return [
        (labels[name].label_ru if lang == "ru" else labels[name].label) if name in labels else name for name in names
    ]


def vtiger_csv(env, module, rows, lang="en", names=None):
    """The bytes of a vtiger export of ``module`` with ``rows``, dicts keyed
    by vtiger field names (``lastname``, ``account_no``...) or custom headers."""
    names = names or list(dict.fromkeys(name for row in rows for name in row))
    output = io.StringIO()
    writer = csv.writer(output, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(vtiger_header(env, module, names, lang))
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    return output.getvalue().encode()
