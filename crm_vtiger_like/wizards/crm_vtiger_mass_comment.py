from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class CrmVtigerMassComment(models.TransientModel):
    """vtiger's "Add comment" on the selected records: one internal note,
    with its attachments, posted on each of them."""

    _name = "crm.vtiger.mass.comment"
    _inherit = "crm.vtiger.mass.wizard"
    _description = "Add a comment to leads, accounts and contacts"

    body = fields.Html("Comment", sanitize_style=True)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Notify",
        help="These people are told once about the comment (in their inbox or by e-mail, as they prefer).",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_vtiger_mass_comment_ir_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Attachments",
        help="Each record gets its own copy of the files.",
    )

    def action_post(self):
        self.ensure_one()
        if is_html_empty(self.body):
            raise UserError(self.env._("Write the comment to add."))
        records = self._vtiger_records()
        with self.env.cr.savepoint():  # all or nothing: the notes, the notification, the files
            self.env["crm.vtiger.mass"].post_note(records, self.body, self.partner_ids, self.attachment_ids)
            # the uploaded files were the wizard's: the records have their copies
            self.attachment_ids.filtered(lambda attachment: attachment.res_model == self._name).unlink()
        return self._vtiger_done(self.env._("Comment added to %(count)s records", count=len(records)))
