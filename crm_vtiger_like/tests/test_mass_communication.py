from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .mass_common import MassActionCase


@tagged("post_install", "-at_install")
class TestMassCommunication(MassActionCase):
    """ "Log Communication": one communication per selected record, attached
    to it as its card would, all or nothing."""

    def _values(self, **values):
        return {
            "channel": "email",
            "direction": "outbound",
            "summary": "Рассылка прайса",
            "note": "<p>Прайс на май</p>",
            **values,
        }

    def test_log_on_leads(self):
        leads = self.lead | self.new_lead(phone="+7 903 555-66-77")
        action = self.mass_wizard(
            "crm.vtiger.mass.communication", leads, **self._values(source_id=self.venyoo.id)
        ).action_log()
        self.assertNotification(action, "2 communications logged")
        communications = self.Communication.search([("lead_id", "in", leads.ids)], order="lead_id")
        self.assertRecordValues(
            communications.sorted(lambda c: leads.ids.index(c.lead_id.id)),
            [
                {
                    "lead_id": lead.id,
                    "phone": lead.phone,
                    "channel": "email",
                    "direction": "outbound",
                    "summary": "Рассылка прайса",
                    "kind": "new",
                    "source_id": self.venyoo.id,
                    "user_id": self.sales_user.id,
                }
                for lead in leads
            ],
        )

    def test_log_on_partners_new_and_repeat(self):
        """A client in contact recently gets a repeat one (by purpose), a
        new client a new one (by source)."""
        self.log(days_ago=3, partner_id=self.contact.id, direction="inbound")
        fresh = self.env["res.partner"].create({"name": "Новый клиент", "email": "new@client.ru"})
        contacts = self.contact | fresh
        self.mass_wizard(
            "crm.vtiger.mass.communication",
            contacts,
            **self._values(source_id=self.site.id, purpose_id=self.quote.id),
        ).action_log()
        logged = self.Communication.search([("partner_id", "in", contacts.ids), ("summary", "=", "Рассылка прайса")])
        self.assertEqual(
            {(c.partner_id, c.kind, c.email) for c in logged},
            {(self.contact, "repeat", "orlova@romashka.ru"), (fresh, "new", "new@client.ru")},
        )

    def test_one_invalid_rolls_back_all(self):
        """Only a source given, but one client is in contact (a repeat one
        needs a purpose): nothing is logged, not even the valid ones."""
        self.log(days_ago=3, partner_id=self.contact.id, direction="inbound")
        fresh = self.env["res.partner"].create({"name": "Новый клиент"})
        before = self.Communication.search_count([])
        wizard = self.mass_wizard(
            "crm.vtiger.mass.communication", fresh | self.contact, **self._values(source_id=self.site.id)
        )
        error = None
        try:
            wizard.action_log()
        except ValidationError as caught:
            error = caught
        self.assertRegex(str(error), r"^No communication was logged: .* is a repeat communication: choose its callback")
        self.env.invalidate_all()
        self.assertEqual(self.Communication.search_count([]), before)
        self.assertFalse(self.Communication.search([("partner_id", "=", fresh.id)]))

    def test_source_or_purpose_required(self):
        wizard = self.mass_wizard("crm.vtiger.mass.communication", self.lead, **self._values())
        with self.assertRaisesRegex(UserError, "Choose a source"):
            wizard.action_log()

    def test_others_leads_refused(self):
        other = self.env["crm.lead"].create({"name": "Чужая", "type": "lead", "user_id": self.sales_manager.id})
        wizard = self.mass_wizard(
            "crm.vtiger.mass.communication", self.lead | other, **self._values(source_id=self.venyoo.id)
        )
        with self.assertRaisesRegex(UserError, "^1 of the 2 selected records are not yours to change"):
            wizard.action_log()
        self.assertFalse(self.Communication.search([("lead_id", "in", (self.lead | other).ids)]))
