"""Portal login refused outside the contact's support window (SPEC 3.5)."""

from odoo import fields, models
from odoo.exceptions import AccessDenied
from odoo.tools import format_date


class ResUsers(models.Model):
    _inherit = "res.users"

    def _check_credentials(self, credential, env):
        auth_info = super()._check_credentials(credential, env)
        user = self.env.user.sudo()
        partner = user.partner_id
        if user.share and partner.portal_access:
            today = fields.Date.context_today(user)
            if not partner._crm_vtiger_in_support_window(today):
                lang_env = self.with_context(lang=user.lang).env
                if partner.support_start_date and today < partner.support_start_date:
                    message = lang_env._(
                        "Your portal access starts on %s.", format_date(lang_env, partner.support_start_date)
                    )
                else:
                    message = lang_env._(
                        "Your portal access ended on %s. Please contact us to extend your support.",
                        format_date(lang_env, partner.support_end_date),
                    )
                raise AccessDenied(message)
        return auth_info
