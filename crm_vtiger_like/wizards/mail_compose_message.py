from odoo import api, fields, models
from odoo.osv import expression

from ..models.crm_vtiger_mass import MASS_MODELS


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    vtiger_skipped_count = fields.Integer(
        "# Skipped Recipients",
        compute="_compute_vtiger_skipped_count",
        compute_sudo=False,
        help="Selected leads, accounts or contacts that get no mass e-mail: opted out of e-mail, blacklisted or "
        "without an e-mail address.",
    )

    @api.model
    def default_get(self, fields_list):
        """A mass e-mail to all the leads, accounts or contacts of a list
        ("Select all"), more than the web client passes as ids: sent to the
        list's domain."""
        defaults = super().default_get(fields_list)
        if (
            defaults.get("composition_mode") == "mass_mail"
            and self.env.context.get("active_model") in MASS_MODELS
            and "res_domain" in fields_list
            and not defaults.get("res_domain")
        ):
            domain = self.env["crm.vtiger.mass"].selection_domain()
            if domain is not None:
                defaults["res_domain"] = repr(domain)
        return defaults

    @api.depends("composition_mode", "model", "res_ids", "res_domain")
    def _compute_vtiger_skipped_count(self):
        for composer in self:
            Model = self.env.get(composer.model)
            if composer.composition_mode != "mass_mail" or Model is None or "email_opt_out" not in Model._fields:
                composer.vtiger_skipped_count = 0
                continue
            if composer.res_domain:
                selected = composer._evaluate_res_domain()
            else:
                selected = [("id", "in", composer._evaluate_res_ids())]
            email_field = Model._primary_email
            skipped = [("email_opt_out", "=", True), (email_field, "=", False)]
            if "is_blacklisted" in Model._fields and composer.use_exclusion_list:
                skipped.append(("is_blacklisted", "=", True))
            composer.vtiger_skipped_count = Model.search_count(
                expression.AND([selected, expression.OR([[leaf] for leaf in skipped])])
            )

    def _process_mail_values_state(self, mail_values_dict):
        """Mass e-mails skip records marked "Email Opt Out" (vtiger's
        per-record flag), as Odoo skips blacklisted addresses: the mail is
        cancelled with reason "Opted Out"."""
        mail_values_dict = super()._process_mail_values_state(mail_values_dict)
        if self.composition_mode == "mass_mail" and "email_opt_out" in self.env[self.model]._fields:
            opted_out = self.env[self.model].browse(list(mail_values_dict)).filtered("email_opt_out")
            for record in opted_out:
                values = mail_values_dict[record.id]
                if values.get("state") != "cancel":
                    values.update(state="cancel", failure_type="mail_optout", is_notification=False)
        return mail_values_dict
