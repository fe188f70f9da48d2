from odoo import models


class CrmVtigerMassDelete(models.TransientModel):
    """Delete the selected leads, accounts or contacts after a confirmation;
    those used elsewhere are archived instead."""

    _name = "crm.vtiger.mass.delete"
    _inherit = "crm.vtiger.mass.wizard"
    _description = "Delete leads, accounts and contacts, archiving those in use"

    def action_delete(self):
        self.ensure_one()
        records = self._vtiger_records()
        deleted, archived, kept, reason = self.env["crm.vtiger.mass"].unlink_or_archive(records)
        message = self.env._(
            "%(deleted)s deleted, %(archived)s archived because they are used elsewhere",
            deleted=deleted,
            archived=archived,
        )
        if kept:
            message = self.env._(
                "%(message)s; %(kept)s kept: %(reason)s",
                message=message,
                kept=kept,
                reason=reason,
            )
        return self._vtiger_done(message)
