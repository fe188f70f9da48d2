from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.models import MAGIC_COLUMNS

from ..models.crm_vtiger_migration import FIELD_TYPES
from ..tools import reopen_wizard

KINDS = [("accounts", "Accounts"), ("contacts", "Contacts"), ("leads", "Leads"), ("deals", "Deals")]
KIND_MODELS = {"leads": "crm.lead", "deals": "crm.lead", "accounts": "res.partner", "contacts": "res.partner"}
DATE_FORMATS = [
    ("dd-mm-yyyy", "dd-mm-yyyy (31-12-2024)"),
    ("mm-dd-yyyy", "mm-dd-yyyy (12-31-2024)"),
    ("yyyy-mm-dd", "yyyy-mm-dd (2024-12-31)"),
]


class CrmVtigerMigrationWizard(models.TransientModel):
    """Import of vtiger CSV exports (Leads, Organizations, Contacts,
    Potentials): analyse the files, map their unknown columns, check (a dry
    run), import. The work is ``crm.vtiger.import``'s."""

    _name = "crm.vtiger.migration.wizard"
    _description = "Import from vtiger"

    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_vtiger_migration_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        "vtiger CSV Files",
        help="The CSV files exported from vtiger's lists (Leads, Organizations, Contacts, Potentials), "
        "in any language and any order.",
    )
    state = fields.Selection(
        [("upload", "Upload"), ("analysed", "Analysed"), ("checked", "Checked"), ("done", "Imported")],
        default="upload",
        required=True,
    )
    file_ids = fields.One2many("crm.vtiger.migration.wizard.file", "wizard_id", "Files", readonly=True)
    column_ids = fields.One2many("crm.vtiger.migration.wizard.column", "wizard_id", "Unknown Columns")
    field_ids = fields.One2many("crm.vtiger.migration.wizard.field", "wizard_id", "Importable Fields", readonly=True)
    date_format = fields.Selection(
        DATE_FORMATS, required=True, default="dd-mm-yyyy", help="How the dates of the files are written."
    )
    date_ambiguous = fields.Boolean(readonly=True)
    on_duplicate = fields.Selection(
        [("skip", "Skip"), ("update", "Update Existing"), ("create", "Create Anyway")],
        "Duplicates",
        required=True,
        default="skip",
        help="A row matching an existing record by INN, e-mail or phone number. A row with the vtiger number "
        "of an existing record always updates it.",
    )
    count_ids = fields.One2many("crm.vtiger.migration.wizard.count", "wizard_id", "Records", readonly=True)
    problem_ids = fields.One2many("crm.vtiger.migration.wizard.problem", "wizard_id", "Problems", readonly=True)
    new_values = fields.Text("New Picklist Values", readonly=True)
    unmapped_columns = fields.Text("Columns Added to the Description", readonly=True)
    import_date = fields.Datetime(readonly=True)

    @api.onchange("attachment_ids")
    def _onchange_attachment_ids(self):
        """Other files need a new analysis."""
        if self.state != "done":
            self.state = "upload"

    @api.onchange("date_format", "on_duplicate", "column_ids")
    def _onchange_options(self):
        """Changed options need a new check before the import."""
        if self.state == "checked":
            self.state = "analysed"

    def unlink(self):
        # the uploaded exports (personal data) go with the wizard
        self.attachment_ids.filtered(lambda attachment: attachment.res_model == self._name).unlink()
        return super().unlink()

    @api.autovacuum
    def _gc_lost_attachments(self):
        """Exports uploaded to a wizard that was never saved (personal data)
        are deleted after a day; those of saved wizards go with them."""
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", 0),
                ("create_date", "<", fields.Datetime.subtract(fields.Datetime.now(), days=1)),
            ]
        ).unlink()

    def action_analyse(self):
        """Recognise each file's module, language and date format, and list
        its unknown columns, imported into the description by default."""
        self.ensure_one()
        analysis = self.env["crm.vtiger.import"].analyse_files(self._vtiger_files())
        guesses = list(dict.fromkeys(info["date_format"] for info in analysis if info["date_format"]))
        self.write(
            {
                "state": "analysed",
                "field_ids": [fields.Command.clear()]
                + [
                    fields.Command.create(values)
                    for model_name in sorted({KIND_MODELS[info["kind"]] for info in analysis})
                    for values in self._vtiger_field_choices(model_name)
                ],
                "file_ids": [fields.Command.clear()]
                + [
                    fields.Command.create(
                        {
                            "filename": info["filename"],
                            "kind": info["kind"],
                            "lang": info["lang"],
                            "row_count": info["rows"],
                            "date_format": info["date_format"],
                        }
                    )
                    for info in analysis
                ],
                "column_ids": [fields.Command.clear()]
                + [
                    fields.Command.create({"filename": info["filename"], "kind": info["kind"], "header": header})
                    for info in analysis
                    for header in info["unknown"]
                ],
                "date_format": guesses[0] if guesses else "dd-mm-yyyy",
                "date_ambiguous": len(guesses) > 1 or any(info["date_ambiguous"] for info in analysis),
                **self._vtiger_result_values({}),
            }
        )
        return self._vtiger_reopen()

    def action_check(self):
        """The dry run: what the import would do, nothing written."""
        self.ensure_one()
        self._vtiger_run(dry_run=True)
        return self._vtiger_reopen()

    def action_import(self):
        self.ensure_one()
        if self.state != "checked":
            raise UserError(self.env._("Check the files before importing them."))
        with self.env.cr.savepoint():  # the records with the report: a failure leaves neither
            self.import_date = self.env.cr.now().replace(microsecond=0)
            result = self._vtiger_run(dry_run=False)
        totals = {
            key: sum(counts[key] for counts in result["kinds"].values()) for key in ("created", "updated", "skipped")
        }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Import from vtiger done"),
                "message": self.env._(
                    "%(created)s records created, %(updated)s updated, %(skipped)s skipped.", **totals
                ),
                "type": "success",
                "next": self._vtiger_reopen(),
            },
        }

    def action_open_accounts(self):
        """The accounts this import created or updated."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_vtiger_like.action_crm_accounts")
        action.update(
            {
                "name": self.env._("Imported Accounts"),
                "domain": [
                    ("is_company", "=", True),
                    ("write_uid", "=", self.env.uid),
                    ("write_date", ">=", self.import_date),
                ],
            }
        )
        return action

    def _vtiger_files(self):
        if not self.attachment_ids:
            raise UserError(self.env._("Add the CSV files exported from vtiger."))
        return [(attachment.name, attachment.raw) for attachment in self.attachment_ids]

    def _vtiger_field_choices(self, model_name):
        """The fields of ``model_name`` an unknown column may be imported
        into: stored, editable, of a type the import reads, readable by the user."""
        described = self.env[model_name].fields_get(attributes=["string", "type", "readonly", "store"])
        return [
            {"model_name": model_name, "name": name, "label": info["string"]}
            for name, info in sorted(described.items(), key=lambda item: item[1]["string"])
            if info["store"] and not info["readonly"] and info["type"] in FIELD_TYPES and name not in MAGIC_COLUMNS
        ]

    def _vtiger_mapping(self):
        """{filename: {header: field name, "description" or "" (ignored)}}."""
        mapping = {}
        for column in self.column_ids:
            if column.target == "field" and not column.field_id:
                raise UserError(
                    self.env._(
                        "Choose the field the column “%(header)s” of %(filename)s is imported into.",
                        header=column.header,
                        filename=column.filename,
                    )
                )
            target = {"description": "description", "ignore": "", "field": column.field_id.name}[column.target]
            mapping.setdefault(column.filename, {})[column.header] = target
        return mapping

    def _vtiger_run(self, dry_run):
        result = self.env["crm.vtiger.import"].import_files(
            self._vtiger_files(),
            dry_run=dry_run,
            on_duplicate=self.on_duplicate,
            date_format=self.date_format,
            mapping=self._vtiger_mapping(),
        )
        self.write({"state": "checked" if dry_run else "done", **self._vtiger_result_values(result)})
        return result

    def _vtiger_result_values(self, result):
        """The values of the report of an import_files ``result`` (none: cleared)."""
        order = [kind for kind, _label in KINDS]
        kinds = sorted(result.get("kinds", {}).items(), key=lambda item: order.index(item[0]))
        return {
            "count_ids": [fields.Command.clear()]
            + [
                fields.Command.create({"kind": kind, **{key: counts[key] for key in ("created", "updated", "skipped")}})
                for kind, counts in kinds
            ],
            "problem_ids": [fields.Command.clear()]
            + [
                fields.Command.create({"filename": filename, "line": line, "message": message})
                for filename, line, message in result.get("problems", [])
            ],
            "new_values": "\n".join(f"{label}: {value}" for label, value in result.get("new_values", [])),
            "unmapped_columns": "\n".join(f"{filename}: {header}" for filename, header in result.get("unmapped", [])),
        }

    def _vtiger_reopen(self):
        return reopen_wizard(self, self.env._("Import from vtiger"))


class CrmVtigerMigrationWizardFile(models.TransientModel):
    _name = "crm.vtiger.migration.wizard.file"
    _description = "vtiger Export File"
    _order = "id"

    wizard_id = fields.Many2one("crm.vtiger.migration.wizard", required=True, ondelete="cascade")
    filename = fields.Char("File", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    lang = fields.Selection([("en", "English"), ("ru", "Russian")], "Language", readonly=True)
    row_count = fields.Integer("Rows", readonly=True)
    date_format = fields.Selection(DATE_FORMATS, "Dates Look Like", readonly=True)


class CrmVtigerMigrationWizardColumn(models.TransientModel):
    _name = "crm.vtiger.migration.wizard.column"
    _description = "Unknown vtiger Column"
    _order = "id"

    wizard_id = fields.Many2one("crm.vtiger.migration.wizard", required=True, ondelete="cascade")
    filename = fields.Char("File", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    model_name = fields.Char(compute="_compute_model_name")
    header = fields.Char("Column", readonly=True)
    target = fields.Selection(
        [("description", "Add to the Description"), ("field", "Import into a Field"), ("ignore", "Ignore")],
        "Import",
        required=True,
        default="description",
    )
    field_id = fields.Many2one(
        "crm.vtiger.migration.wizard.field",
        ondelete="cascade",
        domain="[('wizard_id', '=', wizard_id), ('model_name', '=', model_name)]",
    )

    @api.depends("kind")
    def _compute_model_name(self):
        for column in self:
            column.model_name = KIND_MODELS.get(column.kind)

    @api.onchange("field_id")
    def _onchange_field_id(self):
        if self.field_id:
            self.target = "field"


class CrmVtigerMigrationWizardField(models.TransientModel):
    """A field an unknown column may be imported into (users other than
    administrators may not read ``ir.model.fields``)."""

    _name = "crm.vtiger.migration.wizard.field"
    _description = "vtiger Import Target Field"
    _order = "label, id"
    _rec_names_search = ["label", "name"]

    wizard_id = fields.Many2one("crm.vtiger.migration.wizard", required=True, ondelete="cascade")
    model_name = fields.Char(readonly=True)
    name = fields.Char(readonly=True)
    label = fields.Char(readonly=True)

    @api.depends("label", "name")
    def _compute_display_name(self):
        for field in self:
            field.display_name = f"{field.label} ({field.name})"


class CrmVtigerMigrationWizardCount(models.TransientModel):
    _name = "crm.vtiger.migration.wizard.count"
    _description = "vtiger Import Count"
    _order = "id"

    wizard_id = fields.Many2one("crm.vtiger.migration.wizard", required=True, ondelete="cascade")
    kind = fields.Selection(KINDS, readonly=True)
    created = fields.Integer(readonly=True)
    updated = fields.Integer(readonly=True)
    skipped = fields.Integer(readonly=True)


class CrmVtigerMigrationWizardProblem(models.TransientModel):
    _name = "crm.vtiger.migration.wizard.problem"
    _description = "vtiger Import Problem"
    _order = "id"

    wizard_id = fields.Many2one("crm.vtiger.migration.wizard", required=True, ondelete="cascade")
    filename = fields.Char("File", readonly=True)
    line = fields.Integer(readonly=True)
    message = fields.Char("Reason", readonly=True)
