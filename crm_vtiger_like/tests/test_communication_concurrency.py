from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

PHONE = "+7 916 000-77-71"
NUMBER = "+79160007771"
# two people of one account
IVAN, ANNA = "+7 916 000-77-72", "+7 916 000-77-73"


@tagged("post_install", "-at_install")
class TestCommunicationConcurrency(TransactionCase):
    """Two workers classifying communications of the same new client at the
    same time, on two real connections to PostgreSQL (what two Odoo workers
    are): the second may not call its communication new too."""

    def create_in(self, cr, phone=PHONE):
        """An inbound request of the client, as the inbound endpoint creates it."""
        env = api.Environment(cr, SUPERUSER_ID, {"crm_vtiger_inbound": True})
        return env["crm.communication"].create({"phone": phone, "channel": "call", "direction": "inbound"})

    def forget_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            communications = env["crm.communication"].search([("phone", "in", [PHONE, IVAN, ANNA])])
            leads = communications.lead_id
            communications.unlink()
            leads.unlink()
            accounts = env["res.partner"].search([("name", "=", "ООО «Одновременно»")])
            (accounts.child_ids | accounts).unlink()
            cr.execute("DELETE FROM crm_communication_client_key")

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
                with mute_logger("odoo.sql_db"):  # the expected error
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

    def test_two_people_of_one_account_at_once(self):
        """Ivan and Anna of the same account call at the same moment: their
        numbers differ, their account is the same client, so the second
        request waits and is retried as repeat."""
        self.addCleanup(self.forget_committed)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            account = env["res.partner"].create({"name": "ООО «Одновременно»", "is_company": True})
            env["res.partner"].create(
                [
                    {"name": "Иван Одновременный", "parent_id": account.id, "phone": IVAN},
                    {"name": "Анна Одновременная", "parent_id": account.id, "phone": ANNA},
                ]
            )
        first, second = self.registry.cursor(), self.registry.cursor()
        try:
            second.execute("SELECT 1")
            self.assertEqual(self.create_in(first, IVAN).kind, "new")
            first.commit()
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                self.create_in(second, ANNA)
            second.rollback()
            self.assertEqual(self.create_in(second, ANNA).kind, "repeat")
            second.commit()
        finally:
            first.close()
            second.close()
