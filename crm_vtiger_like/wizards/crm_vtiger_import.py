import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import reopen_wizard


class CrmVtigerImport(models.TransientModel):
    """Import of leads, accounts or contacts from an xlsx / csv file made
    from the vtiger templates: a check (dry run) listing every bad row,
    then the import. The work is the engine's (``crm.vtiger.import.engine``)."""

    _name = "crm.vtiger.import"
    _inherit = "crm.vtiger.migration"
    _description = "Import Leads, Accounts and Contacts"

    kind = fields.Selection("_vtiger_kind_selection", "Import", required=True, default="leads")
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    on_duplicate = fields.Selection(
        [("skip", "Skip"), ("update", "Update Existing"), ("create", "Create Anyway")],
        required=True,
        default="skip",
        help="A row is a duplicate of a record of the same kind (or of an earlier row of the file) with the "
        "same number, INN, e-mail or phone number (in any format).",
    )
    skip_bad_rows = fields.Boolean(
        help="Import the good rows of a file with bad rows; otherwise nothing is imported from such a file."
    )
    state = fields.Selection([("draft", "Draft"), ("checked", "Checked"), ("done", "Imported")], default="draft")
    created_count = fields.Integer("Created", readonly=True)
    updated_count = fields.Integer("Updated", readonly=True)
    skipped_count = fields.Integer("Skipped", readonly=True)
    error_count = fields.Integer("Bad Rows", readonly=True)
    unknown_headers = fields.Char("Ignored Columns", readonly=True)
    summary = fields.Char(readonly=True)
    problem_ids = fields.One2many("crm.vtiger.import.problem", "import_id", "Problems", readonly=True)

    @api.onchange("kind", "file", "on_duplicate", "skip_bad_rows")
    def _onchange_reset(self):
        """A changed file or option needs a new check."""
        self.state = "draft"

    def action_download_template(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/crm_vtiger_like/import_template/{self.kind}", "target": "new"}

    def action_check(self):
        self.ensure_one()
        self._vtiger_run(dry_run=True)
        return self._vtiger_reopen()

    def action_import(self):
        self.ensure_one()
        with self.env.cr.savepoint():  # the records with the report: a failure leaves neither
            result = self._vtiger_run(dry_run=False)
        if not result["imported"]:
            return self._vtiger_reopen()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Import done"),
                "message": self.summary,
                "type": "success",
                "next": self._vtiger_reopen(),
            },
        }

    def _vtiger_run(self, dry_run):
        """Read the file, check or import it, and show the result."""
        if not self.file:
            raise UserError(self.env._("Choose a file to import."))
        rows, unknown = self._vtiger_rows_from_file(self.kind, base64.b64decode(self.file), self.filename)
        result = self._vtiger_import_rows(
            self.kind, rows, on_duplicate=self.on_duplicate, skip_bad_rows=self.skip_bad_rows, dry_run=dry_run
        )
        problems = [(line, message, "error") for line, message in result["problems"]]
        problems += [(line, message, "warning") for line, message in result["warnings"]]
        counts = {key: result[key] for key in ("created", "updated", "skipped", "errors")}
        if result["imported"]:
            summary = self.env._(
                "Imported: %(created)s created, %(updated)s updated, %(skipped)s duplicates skipped, "
                "%(errors)s bad rows skipped.",
                **counts,
            )
        elif dry_run:
            summary = self.env._(
                "Check: %(created)s would be created, %(updated)s updated, %(skipped)s duplicates skipped; "
                "%(errors)s bad rows.",
                **counts,
            )
        else:
            summary = self.env._(
                "Nothing was imported: the file has %(errors)s bad rows. Correct them, or tick “Skip Bad Rows” "
                "to import the other rows.",
                **counts,
            )
        self.write(
            {
                "state": "done" if result["imported"] else "checked",
                "created_count": result["created"],
                "updated_count": result["updated"],
                "skipped_count": result["skipped"],
                "error_count": result["errors"],
                "unknown_headers": ", ".join(unknown),
                "summary": summary,
                "problem_ids": [fields.Command.clear()]
                + [
                    fields.Command.create({"line": line, "message": message, "severity": severity})
                    for line, message, severity in sorted(problems)
                ],
            }
        )
        return result

    def _vtiger_reopen(self):
        return reopen_wizard(self, self.env._("Import Leads, Accounts and Contacts"))


class CrmVtigerImportProblem(models.TransientModel):
    _name = "crm.vtiger.import.problem"
    _description = "Import Problem"
    _order = "line, id"

    import_id = fields.Many2one("crm.vtiger.import", required=True, ondelete="cascade")
    line = fields.Integer(readonly=True)
    message = fields.Char("Reason", readonly=True)
    severity = fields.Selection([("error", "Bad Row"), ("warning", "Warning")], readonly=True)
