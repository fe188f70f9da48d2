from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _send_email(self):
        """Contacts ticked on their card get our invitation, none if opted out."""
        if not self.env.context.get("crm_vtiger_portal_invitation"):
            return super()._send_email()
        self.ensure_one()
        partner = self.partner_id
        # a signup (not a login) token, as Odoo's own _send_email prepares
        partner.sudo().signup_prepare()
        if not partner.email_opt_out:
            template = self.env.ref("crm_vtiger_like.mail_template_portal_invitation")
            template.send_mail(partner.id)
        return True
