import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

NOTIFY_FIELDS = [
    "crm_notify_new",
    "crm_notify_mode",
    "crm_notify_source_ids",
    "crm_notify_team_ids",
    "crm_notify_repeat",
    "crm_notify_assign",
    "crm_notify_quiet_from",
    "crm_notify_quiet_to",
]


class ResUsers(models.Model):
    """A user's subscription to "new request / new communication" alerts
    (SPEC 3.4): in the open Odoo tab (bus toast), as Web Push on subscribed
    browsers and phones (Odoo's mail.push.device), or both."""

    _inherit = "res.users"

    crm_notify_new = fields.Boolean(
        "Alert Me of New Requests", help="A toast and/or a push notification for every new request I may read."
    )
    crm_notify_mode = fields.Selection(
        [("inpage", "In the Odoo tab"), ("push", "Push notification"), ("both", "Both")],
        "Alert Form",
        default="both",
        help="Empty: both.",
    )
    crm_notify_source_ids = fields.Many2many(
        "utm.source",
        "crm_vtiger_users_notify_source_rel",
        "user_id",
        "source_id",
        "Only From Sources",
        help="Empty: requests from every source.",
    )
    crm_notify_team_ids = fields.Many2many(
        "crm.team",
        "crm_vtiger_users_notify_team_rel",
        "user_id",
        "team_id",
        "Only For Teams",
        help="Empty: requests of every team (and of none).",
    )
    crm_notify_repeat = fields.Boolean("Also Repeat Communications")
    crm_notify_assign = fields.Boolean("Also When a Lead Is Assigned to Me")
    crm_notify_quiet_from = fields.Float(
        "Quiet Hours From", help="No push notification between these hours (your time zone); the toast stays."
    )
    crm_notify_quiet_to = fields.Float("Quiet Hours To")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + NOTIFY_FIELDS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + NOTIFY_FIELDS

    @api.constrains("crm_notify_quiet_from", "crm_notify_quiet_to")
    def _check_crm_notify_quiet_hours(self):
        for user in self:
            if not all(0 <= hour <= 24 for hour in (user.crm_notify_quiet_from, user.crm_notify_quiet_to)):
                raise ValidationError(self.env._("Quiet hours are between 00:00 and 24:00."))

    @api.model
    def _crm_notify_set_for_team(self, team, users, values):
        """A sales manager sets the alerts of ``users``, members of ``team``
        (internal users only); writing other users is the administrator's."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only a sales manager sets the alerts of a team."))
        team.check_access("read")
        strangers = users - team.member_ids or users.filtered("share")
        if strangers:
            raise UserError(
                self.env._(
                    "%(users)s are not members of the team %(team)s.",
                    users=", ".join(strangers.mapped("display_name")),
                    team=team.display_name,
                )
            )
        users.sudo().write({fname: values[fname] for fname in NOTIFY_FIELDS if fname in values})

    def _crm_notify_wants(self, form):
        """Whether this user receives alerts in ``form`` (``inpage`` / ``push``)."""
        self.ensure_one()
        return (self.crm_notify_mode or "both") in (form, "both")

    def _crm_notify_is_quiet(self, when=None):
        """Whether ``when`` (UTC, default now) falls in this user's quiet
        hours, read in their time zone; a range may cross midnight."""
        self.ensure_one()
        start, end = self.crm_notify_quiet_from, self.crm_notify_quiet_to
        if start == end:
            return False
        when = pytz.utc.localize(when or fields.Datetime.now()).astimezone(pytz.timezone(self.tz or "UTC"))
        hour = when.hour + when.minute / 60
        return start <= hour < end if start < end else hour >= start or hour < end
