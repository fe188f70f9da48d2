from odoo import api, fields, models


class CrmVtigerDuplicateWarningMixin(models.AbstractModel):
    """Possible duplicates shown while a new record is typed (and, as an
    option, refused on creation), the "not a duplicate" buttons. A model
    using it names the fields the warning follows in ``_vtiger_duplicate_depends``."""

    _name = "crm.vtiger.duplicate.warning.mixin"
    _description = "Possible duplicates of a new record"

    _vtiger_duplicate_depends = ()

    vtiger_duplicate_warning = fields.Html(
        "Possible Duplicates",
        compute="_compute_vtiger_duplicate_warning",
        compute_sudo=False,
        sanitize=False,
    )

    @api.depends(lambda self: self._vtiger_duplicate_depends)
    @api.depends_context("uid")
    def _compute_vtiger_duplicate_warning(self):
        Merge = self.env["crm.vtiger.merge"]
        for record in self:
            is_new = not isinstance(record.id, int) and not record._origin
            record.vtiger_duplicate_warning = Merge._vtiger_duplicate_warning_html(record) if is_new else False

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["crm.vtiger.merge"]._vtiger_check_duplicate_block(records)
        return records

    def action_vtiger_not_duplicate(self):
        """The warning's "Not a duplicate": this record (saved by the
        button) is distinct from each record proposed."""
        self.ensure_one()
        self.env["crm.vtiger.merge"]._vtiger_mark_with_candidates(self)
        return True

    def action_vtiger_mark_not_duplicates(self):
        """The lists' "Not duplicates": the selected records are all distinct."""
        self.env["crm.vtiger.not.duplicate"]._vtiger_mark(self)
        return True
