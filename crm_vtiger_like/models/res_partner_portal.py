"""Customer portal access from the contact card (SPEC 3.5)."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

REMINDER_DAYS = 7


class ResPartner(models.Model):
    _inherit = "res.partner"

    portal_status = fields.Selection(
        [("never", "Never Invited"), ("invited", "Invited"), ("active", "Active"), ("expired", "Expired")],
        compute="_compute_portal_status",
    )
    portal_signup_url = fields.Char(
        "Invitation Link",
        compute="_compute_portal_status",
        groups="base.group_partner_manager",
        help="The signup link of a contact invited but not e-mailed, to send them by other means.",
    )
    portal_reminder_date = fields.Date(
        "Portal Reminder Sent On", readonly=True, copy=False, groups="base.group_partner_manager"
    )

    def _crm_vtiger_portal_user(self):
        """The contact's portal (share) user, archived or not."""
        self.ensure_one()
        return self.sudo().with_context(active_test=False).user_ids.filtered("share")[:1]

    def _crm_vtiger_in_support_window(self, day):
        self.ensure_one()
        return not (self.support_start_date and day < self.support_start_date) and not (
            self.support_end_date and day > self.support_end_date
        )

    @api.depends(
        "user_ids.active",
        "user_ids.login_date",
        "user_ids.share",
        "signup_type",
        "support_start_date",
        "support_end_date",
    )
    def _compute_portal_status(self):
        today = fields.Date.context_today(self)
        for partner in self:
            user = partner._crm_vtiger_portal_user() if partner.id else None
            url = False
            if not user:
                status = "never"
            elif not user.active or not user._is_portal():
                status = "expired"
            elif not user.login_date:
                status = "invited"
                url = partner.sudo()._get_signup_url_for_action(url="/my")[partner.id]
            elif partner._crm_vtiger_in_support_window(today):
                status = "active"
            else:
                status = "expired"
            partner.portal_status = status
            partner.portal_signup_url = url

    @api.constrains("portal_access", "email", "is_company")
    def _check_portal_access(self):
        for partner in self.filtered("portal_access"):
            if partner.is_company:
                raise ValidationError(
                    self.env._("%s is a company: only a contact can be a portal user.", partner.display_name)
                )
            if not email_normalize(partner.email or ""):
                raise ValidationError(
                    self.env._("%s has no valid e-mail: a portal user needs one to sign in.", partner.display_name)
                )
            if partner.with_context(active_test=False).user_ids.filtered(lambda u: not u.share):
                raise ValidationError(
                    self.env._("%s is an internal user and cannot be a portal user.", partner.display_name)
                )

    @api.constrains("support_start_date", "support_end_date")
    def _check_support_dates(self):
        for partner in self:
            if (
                partner.support_start_date
                and partner.support_end_date
                and partner.support_end_date < partner.support_start_date
            ):
                raise ValidationError(
                    self.env._("The support end date of %s is before its start date.", partner.display_name)
                )

    @api.onchange("portal_access")
    def _onchange_portal_access(self):
        if self.portal_access:
            self.update(self._crm_vtiger_support_defaults())

    def _crm_vtiger_support_defaults(self):
        """vtiger's support window: from today, for a year."""
        self.ensure_one()
        start = self.support_start_date or fields.Date.context_today(self)
        return {
            "support_start_date": start,
            "support_end_date": self.support_end_date or start + relativedelta(years=1),
        }

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("portal_access")._crm_vtiger_portal_grant()
        return partners

    def write(self, vals):
        if "portal_access" not in vals:
            return super().write(vals)
        before = {partner.id: partner.portal_access for partner in self}
        res = super().write(vals)
        changed = self.filtered(lambda p: p.portal_access != before[p.id])
        granted = changed.filtered("portal_access")
        granted._crm_vtiger_portal_grant()
        (changed - granted)._crm_vtiger_portal_revoke()
        return res

    def _crm_vtiger_portal_wizard_users(self):
        wizard = (
            self.env["portal.wizard"]
            .with_context(crm_vtiger_portal_invitation=True)
            .create({"partner_ids": [Command.set(self.ids)]})
        )
        return wizard.user_ids

    def _crm_vtiger_portal_grant(self):
        """Fill the support window and grant portal access, with Odoo's wizard."""
        if not self:
            return
        undated = self.filtered(lambda partner: not (partner.support_start_date and partner.support_end_date))
        # one write per distinct window (usually one: today, for a year)
        windows = defaultdict(lambda: self.browse())
        for partner in undated:
            windows[tuple(partner._crm_vtiger_support_defaults().items())] |= partner
        for window, partners in windows.items():
            partners.write(dict(window))
        for wizard_user in self._crm_vtiger_portal_wizard_users():
            if wizard_user.is_portal:
                # archived by hand: back on the portal without a new invitation
                wizard_user.user_id.sudo().active = True
            else:
                wizard_user.action_grant_access()

    def _crm_vtiger_portal_revoke(self):
        """Archive the portal users (Odoo's wizard): nothing is deleted."""
        if self:
            for wizard_user in self._crm_vtiger_portal_wizard_users().filtered("is_portal"):
                wizard_user.action_revoke_access()

    @api.model
    def _crm_vtiger_portal_cron(self):
        """Daily: revoke expired portal access, remind a week before the end."""
        today = fields.Date.context_today(self)
        self.search([("portal_access", "=", True), ("support_end_date", "<", today)]).write({"portal_access": False})
        soon = self.search(
            [
                ("portal_access", "=", True),
                ("support_end_date", ">=", today),
                ("support_end_date", "<=", today + relativedelta(days=REMINDER_DAYS)),
            ]
        )
        template = self.env.ref("crm_vtiger_like.mail_template_portal_reminder")
        for partner in soon:
            if (
                partner.portal_reminder_date
                and partner.portal_reminder_date >= partner.support_end_date - relativedelta(days=REMINDER_DAYS)
            ):
                continue
            owner = partner.user_id or partner.commercial_partner_id.user_id
            recipients = owner.partner_id
            if not partner.email_opt_out:
                recipients |= partner
            if recipients:
                template.send_mail(partner.id, email_values={"recipient_ids": [Command.set(recipients.ids)]})
            partner.portal_reminder_date = today
