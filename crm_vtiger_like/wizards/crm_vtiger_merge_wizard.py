from textwrap import shorten

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import display_value, reopen_wizard

MAX_RECORDS = 3
CHOICES = [("1", "Record 1"), ("2", "Record 2"), ("3", "Record 3")]
# long texts are shortened on the merge screen (the chosen record's full text is kept)
SHOWN_TEXT_LENGTH = 150


class CrmVtigerMergeWizard(models.TransientModel):
    """vtiger's merge screen: up to three records side by side, one value
    chosen per field, then ``crm.vtiger.merge`` does the merge.

    With two records there is no third column nor third choice: ``master``
    and the lines' ``choice`` (the positions the merge uses) are edited
    through ``*_of_two`` fields offering two positions only."""

    _name = "crm.vtiger.merge.wizard"
    _description = "Merge records"

    res_model = fields.Char(required=True, readonly=True)
    res_ids = fields.Json(required=True, readonly=True)
    record_1 = fields.Char(readonly=True)
    record_2 = fields.Char(readonly=True)
    record_3 = fields.Char(readonly=True)
    record_count = fields.Integer(readonly=True)
    master = fields.Selection(CHOICES, "Record to Keep", required=True, default="1")
    master_of_two = fields.Selection(
        CHOICES[:2], "Record to Keep of Two", compute="_compute_master_of_two", inverse="_inverse_master_of_two"
    )
    line_ids = fields.One2many("crm.vtiger.merge.wizard.line", "wizard_id", "Fields")
    preview_html = fields.Html(
        "What Moves", readonly=True, sanitize=False, help="Rows of each kind the merge moves to the kept record."
    )
    overwrite_html = fields.Html("Values Overwritten", compute="_compute_overwrite_html", sanitize=False)

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        context = self.env.context
        model_name, ids = context.get("active_model"), context.get("active_ids") or []
        if model_name not in ("res.partner", "crm.lead"):
            raise UserError(self.env._("Only accounts, contacts and leads can be merged."))
        if not 2 <= len(ids) <= MAX_RECORDS:
            raise UserError(self.env._("Select two or three records to merge."))
        records = self.env[model_name].browse(ids)
        master = records.sorted(self._master_rank)[:1]
        ids = [master.id, *(records - master).ids]
        records = self.env[model_name].browse(ids)
        defaults.update(res_model=model_name, res_ids=ids, record_count=len(ids), master="1")
        for position, record in enumerate(records, 1):
            defaults[f"record_{position}"] = record._vtiger_number_label()
        defaults["line_ids"] = [(0, 0, values) for values in self._line_values(records)]
        if self.env.user.has_group("sales_team.group_sale_manager"):
            defaults["preview_html"] = self._preview_html(records, master)
        return defaults

    @api.model
    def _preview_html(self, records, master):
        """Per merged record, how many rows of each kind move to ``master``."""
        items = []
        for record, counts in self.env["crm.vtiger.merge"].preview(records, master).items():
            kinds = ", ".join(f"{what}: {count}" for what, count in sorted(counts.items())) or self.env._("nothing")
            items.append(Markup("<li><b>%s</b> → %s: %s</li>") % (record.display_name, master.display_name, kinds))
        return Markup("<ul class='mb-0'>%s</ul>") % Markup("").join(items)

    @api.depends("master", "line_ids.choice")
    def _compute_overwrite_html(self):
        for wizard in self:
            master = int(wizard.master or 1)
            changes = [
                Markup("<li>%s: %s → %s</li>")
                % (line.field_label, line[f"value_{master}"] or "—", line[f"value_{line.choice}"] or "—")
                for line in wizard.line_ids
                if line.choice and line.choice != str(master)
            ]
            wizard.overwrite_html = Markup("<ul class='mb-0'>%s</ul>") % Markup("").join(changes) if changes else False

    def action_preview(self):
        """Count again what moves, for the record now chosen to keep."""
        self.ensure_one()
        records = self.env[self.res_model].browse(self.res_ids)
        master = dict(enumerate(records, 1)).get(int(self.master))
        if not master:
            raise UserError(self.env._("There is no record %(choice)s to keep.", choice=self.master))
        self.preview_html = self._preview_html(records, master)
        return reopen_wizard(self, self.env._("Merge Records"))

    @api.depends("master")
    def _compute_master_of_two(self):
        for wizard in self:
            wizard.master_of_two = wizard.master if wizard.master in ("1", "2") else False

    def _inverse_master_of_two(self):
        for wizard in self.filtered("master_of_two"):
            wizard.master = wizard.master_of_two

    @api.model
    def _master_rank(self, record):
        """Proposed record to keep: a deal before leads (its amount and stage
        must not be archived), an active record, then the oldest."""
        is_deal = record._name == "crm.lead" and record.type == "opportunity"
        return (not is_deal, not record.active, record.create_date or fields.Datetime.now(), record.id)

    @api.model
    def _line_values(self, records):
        """A line per field whose values differ; the first non-empty value,
        from the oldest record first, is preselected."""
        lines = []
        Merge = self.env["crm.vtiger.merge"]
        labels = Merge._form_labels(records)
        for fname in Merge._mergeable_fields(records):
            field = records._fields[fname]
            values = [record[fname] for record in records]
            if len({field.convert_to_write(value, records) for value in values}) < 2:
                continue
            shown = [display_value(record, fname) for record in records]
            if field.type in ("text", "html"):
                shown = [shorten(value, SHOWN_TEXT_LENGTH, placeholder=" …") for value in shown]
            choice = next((str(i) for i, value in enumerate(values, 1) if value), "1")
            lines.append(
                {
                    "field_name": fname,
                    "field_label": labels.get(fname) or field._description_string(self.env),
                    "value_1": shown[0],
                    "value_2": shown[1],
                    "value_3": shown[2] if len(shown) > 2 else False,
                    "choice": choice,
                }
            )
        return lines

    def action_merge(self):
        self.ensure_one()
        records = self.env[self.res_model].browse(self.res_ids)
        positions = dict(enumerate(records, 1))
        master = positions.get(int(self.master))
        if not master:
            raise UserError(self.env._("There is no record %(choice)s to keep.", choice=self.master))
        values = {}
        for line in self.line_ids:
            chosen = positions.get(int(line.choice))
            if not chosen:
                raise UserError(
                    self.env._("%(field)s: there is no record %(choice)s.", field=line.field_label, choice=line.choice)
                )
            field = records._fields[line.field_name]
            values[line.field_name] = field.convert_to_write(chosen[line.field_name], chosen)
        self.env["crm.vtiger.merge"].merge(records, master, values)
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": master.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }


class CrmVtigerMergeWizardLine(models.TransientModel):
    _name = "crm.vtiger.merge.wizard.line"
    _description = "Merge records: one field"

    wizard_id = fields.Many2one("crm.vtiger.merge.wizard", required=True, ondelete="cascade")
    field_name = fields.Char(required=True, readonly=True)
    field_label = fields.Char("Field", readonly=True)
    value_1 = fields.Char("Record 1", readonly=True)
    value_2 = fields.Char("Record 2", readonly=True)
    value_3 = fields.Char("Record 3", readonly=True)
    choice = fields.Selection(CHOICES, "Keep", required=True, default="1")
    choice_of_two = fields.Selection(
        CHOICES[:2], "Keep of Two", compute="_compute_choice_of_two", inverse="_inverse_choice_of_two"
    )

    @api.depends("choice")
    def _compute_choice_of_two(self):
        for line in self:
            line.choice_of_two = line.choice if line.choice in ("1", "2") else False

    def _inverse_choice_of_two(self):
        for line in self.filtered("choice_of_two"):
            line.choice = line.choice_of_two
