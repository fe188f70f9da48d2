from odoo import fields, models
from odoo.exceptions import UserError

# the fields the wizard can set, each with its "change" checkbox ``change_<field>``
MASS_EDIT_FIELDS = (
    "user_id",
    "team_id",
    "lead_status_id",
    "rating_id",
    "source_id",
    "account_type_id",
    "industry_id",
    "email_opt_out",
    "do_not_call",
)


class CrmVtigerMassEdit(models.TransientModel):
    """vtiger's mass edit: the fields the user ticks are set on every
    selected lead, account or contact (left empty: cleared); the others
    are left as they are."""

    _name = "crm.vtiger.mass.edit"
    _inherit = "crm.vtiger.mass.wizard"
    _description = "Mass edit leads, accounts and contacts"

    user_id = fields.Many2one("res.users", "Salesperson", domain=[("share", "=", False)])
    change_user_id = fields.Boolean("Change Salesperson")
    team_id = fields.Many2one("crm.team", "Sales Team")
    change_team_id = fields.Boolean("Change Sales Team")
    lead_status_id = fields.Many2one("crm.lead.status")
    change_lead_status_id = fields.Boolean()
    rating_id = fields.Many2one("crm.vtiger.rating")
    change_rating_id = fields.Boolean()
    source_id = fields.Many2one("utm.source")
    change_source_id = fields.Boolean()
    account_type_id = fields.Many2one("crm.account.type")
    change_account_type_id = fields.Boolean()
    industry_id = fields.Many2one("res.partner.industry")
    change_industry_id = fields.Boolean()
    email_opt_out = fields.Boolean()
    change_email_opt_out = fields.Boolean()
    do_not_call = fields.Boolean()
    change_do_not_call = fields.Boolean()

    def _vtiger_values(self):
        """The values to write: the ticked fields the records' model has."""
        self.ensure_one()
        target = self.env[self.res_model]._fields
        values = {}
        for fname in MASS_EDIT_FIELDS:
            if self[f"change_{fname}"] and fname in target:
                values[fname] = self._fields[fname].convert_to_write(self[fname], self)
        if not values:
            raise UserError(self.env._("Tick the fields to change."))
        return values

    def action_apply(self):
        self.ensure_one()
        records = self._vtiger_records()
        count = self.env["crm.vtiger.mass"].mass_write(records, self._vtiger_values())
        return self._vtiger_done(self.env._("%(count)s records updated", count=count))
