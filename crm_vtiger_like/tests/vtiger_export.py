"""vtiger-format CSV files for the tests and the benchmark, written from the
addon's label table the way vtiger's list view "Export" writes them
(``modules/Vtiger/actions/ExportData.php``): comma-separated, every cell
quoted, UTF-8, one header row of field labels in the exporting user's language."""

import csv
import io

from odoo import Command


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


def sample_export(env, account=None, contacts=(), lead=None):
    """The small export the migration wizard's tests share, as {filename:
    bytes}: the account ООО «Импорт Тест», its contact Анна Импортова and the
    lead Олег Лидов. ``account`` and ``lead`` add columns to their row,
    ``contacts`` adds contact rows."""
    anna = {
        "contact_no": "CON90001",
        "firstname": "Анна",
        "lastname": "Импортова",
        "account_id": "ООО «Импорт Тест»",
        "email": "anna@import-test.ru",
        "birthday": "25-03-1990",
    }
    return {
        "Accounts.csv": vtiger_csv(
            env, "accounts", [{"accountname": "ООО «Импорт Тест»", "account_no": "ACC90001", **(account or {})}], "ru"
        ),
        "Contacts.csv": vtiger_csv(env, "contacts", [anna, *contacts], "ru"),
        "Leads.csv": vtiger_csv(
            env,
            "leads",
            [
                {
                    "lead_no": "LEA90001",
                    "firstname": "Олег",
                    "lastname": "Лидов",
                    "company": "ООО «Лид Тест»",
                    **(lead or {}),
                }
            ],
        ),
    }


def migration_wizard(env, user, files):
    """An "Import from vtiger" wizard of ``user`` with ``files`` ({filename: bytes}) uploaded."""
    wizard_model = "crm.vtiger.migration.wizard"
    attachments = (
        env["ir.attachment"]
        .with_user(user)
        .create(
            [{"name": name, "raw": content, "res_model": wizard_model, "res_id": 0} for name, content in files.items()]
        )
    )
    return env[wizard_model].with_user(user).create({"attachment_ids": [Command.set(attachments.ids)]})
