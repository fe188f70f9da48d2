from odoo import SUPERUSER_ID
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ConcurrencyCase

PHONE = "+7 916 000-88-81"


@tagged("post_install", "-at_install")
class TestConcurrency(ConcurrencyCase):
    """Two workers doing the same thing at once: the second waits or fails
    with a serialization error, which Odoo answers by retrying the request;
    the retry then sees the first's work. Nothing is done twice, no number
    is given twice, no row is lost."""

    def test_same_request_taken_twice(self):
        with self.committed() as env:
            lead = self.remember(env["crm.lead"].create({"name": "Заявка: забрать", "type": "lead", "user_id": False}))
            lead_id = lead.id
        first, second = self.two_workers()
        self.env_of(first, self.demo_uid)["crm.lead"].browse(lead_id).action_vtiger_take()
        first.commit()
        taking = self.env_of(second, SUPERUSER_ID)["crm.lead"].browse(lead_id)
        self.assert_retried(second, taking.action_vtiger_take)
        with self.assertRaisesRegex(UserError, "is already taken by Marc Demo"):
            self.env_of(second, SUPERUSER_ID)["crm.lead"].browse(lead_id).action_vtiger_take()
        with self.committed() as env:
            self.assertEqual(env["crm.lead"].browse(lead_id).user_id.id, self.demo_uid)

    def convert(self, env, lead_id):
        wizard = Form(
            env["crm.lead2opportunity.partner"].with_context(
                active_model="crm.lead", active_id=lead_id, active_ids=[lead_id]
            )
        ).save()
        wizard.action_apply()

    def test_same_lead_converted_twice(self):
        with self.committed() as env:
            lead = env["crm.lead"].create(
                {
                    "name": "Заявка на доски",
                    "type": "lead",
                    "first_name": "Савва",
                    "last_name": "Одновременов",
                    "partner_name": "ООО «Дважды»",
                    "phone": PHONE,
                }
            )
            self.remember(lead)
            lead_id = lead.id
        first, second = self.two_workers()
        self.convert(self.env_of(first), lead_id)
        first.commit()
        self.assert_retried(second, lambda: self.convert(self.env_of(second), lead_id))
        # the retry finds a deal with its account and contact: told so, nothing more
        with self.assertRaisesRegex(UserError, "^Заявка на доски is already converted.$"):
            self.convert(self.env_of(second), lead_id)
        second.rollback()
        with self.committed() as env:
            lead = env["crm.lead"].browse(lead_id)
            accounts = env["res.partner"].search([("name", "=", "ООО «Дважды»")])
            self.remember(accounts.child_ids)
            self.remember(accounts)
            self.assertEqual(len(accounts), 1)
            self.assertEqual(len(accounts.child_ids), 1)
            self.assertEqual(lead.type, "opportunity")
            self.assertEqual(lead.partner_id, accounts.child_ids)
            self.assertEqual(len(lead.deal_no and [lead.deal_no]), 1)

    def test_overlapping_merges(self):
        """Ivan is merged into Ivan (1) by one manager and into Ivan (2) by
        another at the same moment: one merge wins, the other is retried
        and refused; Ivan's lead ends on the kept record, not lost."""
        with self.committed() as env:
            Partner = env["res.partner"]
            one, two, three = self.remember(
                Partner.create([{"name": f"Иван Трижды {n}", "phone": PHONE} for n in (1, 2, 3)])
            )
            lead = self.remember(env["crm.lead"].create({"name": "Сделка Ивана", "partner_id": two.id}))
            ids, lead_id = (one.id, two.id, three.id), lead.id
        first, second = self.two_workers()
        Merge1 = self.env_of(first)["crm.vtiger.merge"]
        Merge1.merge(Merge1.env["res.partner"].browse(ids[:2]), Merge1.env["res.partner"].browse(ids[0]))
        first.commit()
        Merge2 = self.env_of(second)["crm.vtiger.merge"]
        records = Merge2.env["res.partner"].browse(ids[1:])
        self.assert_retried(second, lambda: Merge2.merge(records, records[1]))
        Merge2 = self.env_of(second)["crm.vtiger.merge"]
        records = Merge2.env["res.partner"].browse(ids[1:])
        with self.assertRaisesRegex(UserError, r"^Иван Трижды 2 was merged into Иван Трижды 1 already\.$"):
            Merge2.merge(records, records[1])
        with self.committed() as env:
            self.assertEqual(env["crm.lead"].browse(lead_id).partner_id.id, ids[0])
            self.assertEqual(env["res.partner"].browse(ids[2]).active, True)
            self.assertEqual(env["res.partner"].with_context(active_test=False).browse(ids[1]).active, False)

    def test_numbers_given_at_once(self):
        """Two workers creating leads and accounts at once get different numbers."""
        first, second = self.two_workers()
        made = []
        for cr in (first, second):
            env = self.env_of(cr)
            made.append(
                (
                    env["crm.lead"].create({"name": "Параллельная заявка", "type": "lead"}).lead_no,
                    env["res.partner"].create({"name": "ООО «Параллель»", "is_company": True}).account_no,
                )
            )
            cr.flush()
        first.commit()
        second.commit()
        with self.committed() as env:
            self.remember(env["crm.lead"].search([("name", "=", "Параллельная заявка")]))
            self.remember(env["res.partner"].search([("name", "=", "ООО «Параллель»")]))
        (lead_1, account_1), (lead_2, account_2) = made
        self.assertTrue(lead_1 and lead_2 and account_1 and account_2)
        self.assertNotEqual(lead_1, lead_2)
        self.assertNotEqual(account_1, account_2)

    def test_same_given_number_at_once(self):
        """Two imports giving the same vtiger number at once: the second is
        refused, never stored twice."""
        first, second = self.two_workers()
        self.env_of(first)["crm.lead"].create({"name": "Импорт 1", "type": "lead", "lead_no": "LEA990001"})
        first.commit()
        self.addCleanup(self.forget_number)
        env = self.env_of(second)
        # what the web client's request gets through Odoo's retrying()
        with (
            self.assertRaisesRegex(ValidationError, r" LEA990001 is already used by another record of this company\.$"),
            mute_logger("odoo.sql_db"),
        ):
            retrying(lambda: env["crm.lead"].create({"name": "Импорт 2", "type": "lead", "lead_no": "LEA990001"}), env)
        second.rollback()
        with self.committed() as env:
            env.cr.execute("SELECT count(*) FROM crm_lead WHERE lead_no = 'LEA990001'")
            self.assertEqual(env.cr.fetchone()[0], 1)

    def forget_number(self):
        with self.committed() as env:
            env.cr.execute("DELETE FROM crm_lead WHERE lead_no = 'LEA990001'")
