import inspect
from datetime import timedelta

from odoo import SUPERUSER_ID, fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.base.models.ir_autovacuum import is_autovacuum

from .common import ConcurrencyCase

ADDON = "crm_vtiger_like"
# every scheduled job of the addon (its ir.cron records and the
# @api.autovacuum methods of its models, which Odoo's "Auto-vacuum" job runs)
# and the test running it at the same moment as another worker
SCHEDULED_JOBS = {
    "cron crm_vtiger_like.ir_cron_portal_access": "test_portal_cron_twice_at_once, test_portal_cron_and_extension",
    "cron crm_vtiger_like.ir_cron_bulk_merge": "TestBulkMerge (a run's row lock)",
    "cron crm_vtiger_like.crm_vtiger_merge_journal_cron": "test_journal_expiry_twice_at_once",
    "autovacuum crm.communication.client.key._gc_client_keys": "test_client_key_cleanup_and_classification",
    "autovacuum crm.inbound.throttle._gc_inbound_throttle": "test_throttle_cleanup_and_wrong_token",
    "autovacuum crm.vtiger.migration.wizard._gc_lost_attachments": "test_lost_uploads_cleanup_twice_at_once",
}
PHONE = "+7 916 000-99-91"


@tagged("post_install", "-at_install")
class TestCronConcurrency(ConcurrencyCase):
    """Scheduled jobs on a server with several workers: a job running while
    another worker runs the same job (a manual "Run" while the scheduled run
    is under way) or writes the rows it reads. The second transaction fails
    with a serialization error (Odoo's cron runs the job again later, the
    auto-vacuum logs it and goes on); what it would have done is neither done
    twice nor done over the first's work."""

    def _scheduled_jobs(self):
        """The addon's ir.cron records and auto-vacuum methods, found in the
        database and the registry."""
        crons = self.env["ir.model.data"].search([("module", "=", ADDON), ("model", "=", "ir.cron")])
        jobs = {f"cron {ADDON}.{xmlid.name}" for xmlid in crons}
        for name, cls in self.registry.items():
            jobs.update(
                f"autovacuum {name}.{attr}"
                for attr, func in inspect.getmembers(cls, is_autovacuum)
                if func.__module__.startswith(f"odoo.addons.{ADDON}.")
            )
        return jobs

    def test_declared_jobs(self):
        """Every scheduled job of the addon has its test here."""
        self.assertEqual(self._scheduled_jobs(), set(SCHEDULED_JOBS))

    # ------------------------------------------------------------------
    # portal access: daily revoke and reminder
    # ------------------------------------------------------------------

    def _portal_contact(self, end_in_days):
        """A committed client contact with portal access whose support ends
        in ``end_in_days`` days (negative: ended)."""
        with self.committed() as env:
            account = self.remember(env["res.partner"].create({"name": "ООО «Ночная смена»", "is_company": True}))
            contact = self.remember(
                env["res.partner"].create(
                    {
                        "name": f"Ольга Дежурная ({end_in_days})",
                        "parent_id": account.id,
                        "email": f"olga{end_in_days}@night-shift.example.com",
                    }
                )
            )
            contact.portal_access = True
            self.remember(contact.user_ids)
            self.addCleanup(self._forget_mails, contact.id)
            today = fields.Date.context_today(contact)
            # the window as time has moved it (the form refuses an ended one)
            env.cr.execute(
                "UPDATE res_partner SET support_start_date = %s, support_end_date = %s WHERE id = %s",
                [today - timedelta(days=30), today + timedelta(days=end_in_days), contact.id],
            )
            return contact.id, contact.user_ids.id

    def _forget_mails(self, contact_id):
        with self.committed() as env:
            env["mail.mail"].search([("model", "=", "res.partner"), ("res_id", "=", contact_id)]).unlink()

    def _run(self, cr, model, method, uid=SUPERUSER_ID):
        """``model.method()`` on ``cr``, flushed (a transaction's environments
        are weakly kept: an unflushed write of a dropped one is lost)."""
        env = self.env_of(cr, uid)
        getattr(env[model], method)()
        env.flush_all()

    def _run_portal_cron(self, cr):
        self._run(cr, "res.partner", "_crm_vtiger_portal_cron")

    def _reminders(self, env, contact_id):
        return env["mail.mail"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", contact_id), ("subject", "like", "ends on")]
        )

    def test_portal_cron_twice_at_once(self):
        """Reminded once, revoked once."""
        reminded_id, _user = self._portal_contact(end_in_days=3)
        ended_id, ended_user_id = self._portal_contact(end_in_days=-1)
        first, second = self.two_workers()
        self._run_portal_cron(first)
        first.commit()
        self.assert_retried(second, lambda: self._run_portal_cron(second))
        self._run_portal_cron(second)  # the job's next run
        second.commit()
        with self.committed() as env:
            self.assertEqual(self._reminders(env, reminded_id), 1)
            self.assertEqual(env["res.partner"].browse(ended_id).portal_access, False)
            self.assertEqual(env["res.users"].browse(ended_user_id).active, False)

    def test_portal_cron_and_extension(self):
        """A salesperson extends the support of a client whose access ends
        today while the job revokes it: the extension wins."""
        contact_id, user_id = self._portal_contact(end_in_days=-1)
        first, second = self.two_workers()
        extended = fields.Date.context_today(self.env["res.partner"]) + timedelta(days=365)
        env = self.env_of(first, self.demo_uid)
        env["res.partner"].browse(contact_id).support_end_date = extended
        env.flush_all()
        first.commit()
        self.assert_retried(second, lambda: self._run_portal_cron(second))
        self._run_portal_cron(second)
        second.commit()
        with self.committed() as env:
            contact = env["res.partner"].browse(contact_id)
            self.assertEqual((contact.portal_access, contact.support_end_date), (True, extended))
            self.assertEqual(env["res.users"].browse(user_id).active, True)

    # ------------------------------------------------------------------
    # merge journal: expiry of the moved rows
    # ------------------------------------------------------------------

    def test_journal_expiry_twice_at_once(self):
        with self.committed() as env:
            Partner = env["res.partner"]
            kept, merged = self.remember(
                Partner.create([{"name": f"Фёдор Полночный {n}", "phone": PHONE} for n in (1, 2)])
            )
            lead = self.remember(env["crm.lead"].create({"name": "Сделка Фёдора", "partner_id": merged.id}))
            env["crm.vtiger.merge"].merge(kept | merged, kept)
            journal = env["crm.vtiger.merge.journal"].search(
                [("res_model", "=", "res.partner"), ("master_id", "=", kept.id)]
            )
            self.assertEqual(len(journal), 1)
            self.assertTrue(journal.line_ids)
            env.cr.execute(
                "UPDATE crm_vtiger_merge_journal SET create_date = %s WHERE id = %s",
                [fields.Datetime.now() - timedelta(days=400), journal.id],
            )
            journal_id, lead_id, kept_id = journal.id, lead.id, kept.id
        first, second = self.two_workers()
        self._run(first, "crm.vtiger.merge.journal", "_cron_expire")
        first.commit()
        self.assert_retried(second, lambda: self._run(second, "crm.vtiger.merge.journal", "_cron_expire"))
        self._run(second, "crm.vtiger.merge.journal", "_cron_expire")
        second.commit()
        with self.committed() as env:
            journal = env["crm.vtiger.merge.journal"].browse(journal_id)
            self.assertEqual((journal.state, len(journal.line_ids)), ("expired", 0))
            self.assertEqual(env["crm.lead"].browse(lead_id).partner_id.id, kept_id, "the merge itself stays")

    # ------------------------------------------------------------------
    # auto-vacuum: client keys and the inbound throttle
    # ------------------------------------------------------------------

    def _age(self, table, column, key_column, key):
        """Make the row of ``key`` two days old."""
        with self.committed() as env:
            env.execute_query(
                SQL(
                    "UPDATE %s SET %s = now() AT TIME ZONE 'UTC' - interval '2 days' WHERE %s = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    SQL.identifier(key_column),
                    key,
                )
            )

    def test_client_key_cleanup_and_classification(self):
        """A client's key, old enough to be deleted, is touched by a new
        classification while the auto-vacuum deletes it: the key stays."""
        key = "+79160009991"
        with self.committed() as env:
            env["crm.communication.client.key"]._vtiger_touch([key])
        self._age("crm_communication_client_key", "touched", "key", key)
        first, second = self.two_workers()
        self.env_of(first)["crm.communication.client.key"]._vtiger_touch([key])
        first.commit()
        self.assert_retried(second, lambda: self._run(second, "crm.communication.client.key", "_gc_client_keys"))
        self._run(second, "crm.communication.client.key", "_gc_client_keys")
        second.commit()
        with self.committed() as env:
            env.cr.execute(
                "SELECT touched > now() AT TIME ZONE 'UTC' - interval '1 hour' FROM crm_communication_client_key"
                " WHERE key = %s",
                [key],
            )
            self.assertEqual(env.cr.fetchall(), [(True,)])

    def test_throttle_cleanup_and_wrong_token(self):
        """An address whose window has ended sends a wrong token while the
        auto-vacuum forgets it: the new failure is counted, not lost."""
        address = "198.51.100.91"
        self.addCleanup(self._forget_address, address)
        with self.committed() as env:
            env["crm.inbound.throttle"]._vtiger_refused(address)
        self._age("crm_inbound_throttle", "window_start", "address", address)
        first, second = self.two_workers()
        self.assertEqual(self.env_of(first)["crm.inbound.throttle"]._vtiger_refused(address)[0], 1)
        first.commit()
        self.assert_retried(second, lambda: self._run(second, "crm.inbound.throttle", "_gc_inbound_throttle"))
        self._run(second, "crm.inbound.throttle", "_gc_inbound_throttle")
        second.commit()
        with self.committed() as env:
            env.cr.execute("SELECT failures FROM crm_inbound_throttle WHERE address = %s", [address])
            self.assertEqual(env.cr.fetchall(), [(1,)])

    def _forget_address(self, address):
        with self.committed() as env:
            env.cr.execute("DELETE FROM crm_inbound_throttle WHERE address = %s", [address])

    def test_lost_uploads_cleanup_twice_at_once(self):
        """A vtiger export uploaded to a migration wizard never saved is
        deleted once, the second run finding it gone."""
        with self.committed() as env:
            upload = env["ir.attachment"].create(
                {"name": "Leads.csv", "raw": b"Last Name\n", "res_model": "crm.vtiger.migration.wizard", "res_id": 0}
            )
            upload_id = upload.id
            self.addCleanup(self._forget_upload, upload_id)
        self._age("ir_attachment", "create_date", "id", upload_id)
        first, second = self.two_workers()
        self._run(first, "crm.vtiger.migration.wizard", "_gc_lost_attachments")
        first.commit()
        self.assert_retried(second, lambda: self._run(second, "crm.vtiger.migration.wizard", "_gc_lost_attachments"))
        self._run(second, "crm.vtiger.migration.wizard", "_gc_lost_attachments")
        second.commit()
        with self.committed() as env:
            self.assertFalse(env["ir.attachment"].browse(upload_id).exists())

    def _forget_upload(self, upload_id):
        with self.committed() as env:
            env["ir.attachment"].browse(upload_id).exists().unlink()
