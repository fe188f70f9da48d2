from odoo import api, fields, models

from ..models.res_users_notify import NOTIFY_FIELDS


class CrmVtigerNotifyWizard(models.TransientModel):
    """A sales manager sets the new-request alerts of a team's members."""

    _name = "crm.vtiger.notify.wizard"
    _description = "Alerts of a sales team"

    team_id = fields.Many2one("crm.team", required=True, readonly=True)
    user_ids = fields.Many2many(
        "res.users",
        string="Members",
        domain="[('id', 'in', allowed_user_ids)]",
        help="The members whose alerts are set; the others keep theirs.",
    )
    allowed_user_ids = fields.Many2many("res.users", compute="_compute_allowed_user_ids")
    crm_notify_new = fields.Boolean("Alert of New Requests", default=True)
    crm_notify_mode = fields.Selection(
        lambda self: self.env["res.users"]._fields["crm_notify_mode"].selection,
        "Alert Form",
        default="both",
        required=True,
    )
    crm_notify_source_ids = fields.Many2many("utm.source", string="Only From Sources")
    crm_notify_team_ids = fields.Many2many(
        "crm.team", "crm_vtiger_notify_wizard_team_rel", string="Only For Teams", help="Empty: every team."
    )
    crm_notify_repeat = fields.Boolean("Also Repeat Communications")
    crm_notify_assign = fields.Boolean("Also When a Lead Is Assigned")
    crm_notify_quiet_from = fields.Float("Quiet Hours From")
    crm_notify_quiet_to = fields.Float("Quiet Hours To")

    @api.depends("team_id")
    def _compute_allowed_user_ids(self):
        for wizard in self:
            wizard.allowed_user_ids = wizard.team_id.member_ids.filtered(lambda user: not user.share)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        team = self.env["crm.team"].browse(values.get("team_id") or self.env.context.get("active_id"))
        if team:
            values["team_id"] = team.id
            values["user_ids"] = [fields.Command.set(team.member_ids.filtered(lambda user: not user.share).ids)]
            values["crm_notify_team_ids"] = [fields.Command.set(team.ids)]
        return values

    def action_apply(self):
        self.ensure_one()
        values = {fname: self._fields[fname].convert_to_write(self[fname], self) for fname in NOTIFY_FIELDS}
        self.env["res.users"]._crm_notify_set_for_team(self.team_id, self.user_ids, values)
        return {"type": "ir.actions.act_window_close"}
