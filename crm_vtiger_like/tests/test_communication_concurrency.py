from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

PHONE = "+7 916 000-77-71"
NUMBER = "+79160007771"


@tagged("post_install", "-at_install")
class TestCommunicationConcurrency(TransactionCase):
    """Two workers classifying communications of the same new client at the
    same time, on two real connections to PostgreSQL (what two Odoo workers
    are): the second may not call its communication new too."""

    def create_in(self, cr):
        """An inbound request of the client, as the inbound endpoint creates it."""
        env = api.Environment(cr, SUPERUSER_ID, {"crm_vtiger_inbound": True})
        return env["crm.communication"].create({"phone": PHONE, "channel": "call", "direction": "inbound"})

    def forget_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            communications = env["crm.communication"].search([("phone", "=", PHONE)])
            leads = communications.lead_id
            communications.unlink()
            leads.unlink()
            cr.execute("DELETE FROM crm_communication_client_key WHERE key = %s", [f"phone:{NUMBER}"])

    def test_second_of_two_at_once_is_retried_as_repeat(self):
        self.addCleanup(self.forget_committed)
        first, second = self.registry.cursor(), self.registry.cursor()
        try:
            second.execute("SELECT 1")  # the second worker's snapshot is taken before the first commits
            new = self.create_in(first)
            self.assertEqual(new.kind, "new")
            lead_id = new.lead_id.id
            self.assertTrue(lead_id, "a new request opens a lead")
            first.commit()
            try:
                self.create_in(second)
            except SerializationFailure:
                second.rollback()  # what Odoo's request retry does
            else:
                self.fail("the second transaction classified its communication without seeing the first")
            retried = self.create_in(second)
            self.assertEqual(retried.kind, "repeat")
            self.assertEqual(retried.lead_id.id, lead_id, "joined to the lead the first one opened")
            second.commit()
        finally:
            first.close()
            second.close()
        with self.registry.cursor() as cr:
            cr.execute("SELECT kind, lead_id FROM crm_communication WHERE phone = %s ORDER BY id", [PHONE])
            self.assertEqual(cr.fetchall(), [("new", lead_id), ("repeat", lead_id)])
