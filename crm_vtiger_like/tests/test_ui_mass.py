from odoo.tests import HttpCase, tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import VtigerCase

CONTACTS = ("contact_ivanov", "contact_sokolova", "contact_morozov")


@tagged("post_install", "-at_install")
class TestUiMass(SMSCase, HttpCase, VtigerCase):
    """A sales rep selects three demo contacts, adds a comment to them and
    sends them an SMS from the list's Actions menu, then sees the comment
    on each card (IAP is mocked by Odoo's SMS test helpers)."""

    def test_comment_and_sms_from_contacts_list(self):
        contacts = self.env["res.partner"].browse([self.env.ref(f"crm_vtiger_like.{xmlid}").id for xmlid in CONTACTS])
        with self.mockSMSGateway():
            self.start_tour("/odoo", "crm_vtiger_like_mass_actions", login=self.sales_user.login)
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", contacts.ids),
                ("subtype_id", "=", self.env.ref("mail.mt_note").id),
                ("message_type", "=", "comment"),
                ("body", "ilike", "Тур: позвонить после праздников"),
            ]
        )
        self.assertEqual(sorted(notes.mapped("res_id")), sorted(contacts.ids))
        self.assertEqual(notes.author_id, self.sales_user.partner_id)
        sms = self.env["sms.sms"].sudo().search([("partner_id", "in", contacts.ids)])
        self.assertEqual(sorted(sms.mapped("number")), ["+79032223344", "+79123456789", "+79261314253"])
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        self.assertEqual(set(sms.mapped("body")), {"Тур: скидка 10% до пятницы"})
