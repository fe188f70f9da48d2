import json
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.crm_vtiger_migration import MigrationRun
from .common import VtigerCase
from .vtiger_export import vtiger_csv


@tagged("post_install", "-at_install")
class TestVtigerImportProgress(VtigerCase):
    """The importing user is told how far a vtiger import is while it runs:
    the messages go through a cursor of their own, so they are committed
    (and reach the browser) before the import's transaction ends."""

    def progress_messages(self):
        """The progress messages to the manager, read through a cursor of
        our own: the test's transaction does not see what others committed."""
        channel = json.dumps(
            [self.env.cr.dbname, "res.partner", self.sales_manager.partner_id.id], separators=(",", ":")
        )
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT message FROM bus_bus WHERE channel = %s AND message LIKE %s ORDER BY id",
                (channel, "%crm_vtiger_like/import_progress%"),
            )
            return [json.loads(message)["payload"] for (message,) in cr.fetchall()]

    def test_progress_per_batch_of_each_file(self):
        accounts = vtiger_csv(
            self.env,
            "accounts",
            [{"accountname": f"ООО «Прогресс {i}»", "account_no": f"ACC9{i:03d}"} for i in range(1500)],
        )
        leads = vtiger_csv(self.env, "leads", [{"lastname": "Прогрессов", "company": "ИП Прогрессов"}])
        before = len(self.progress_messages())
        self.env["crm.vtiger.import"].with_user(self.sales_manager).import_files(
            [("Leads.csv", leads), ("Accounts.csv", accounts)]
        )
        self.assertEqual(
            self.progress_messages()[before:],
            [
                {"done": 1000, "total": 1501, "filename": "Accounts.csv"},
                {"done": 1500, "total": 1501, "filename": "Accounts.csv"},
                {"done": 1501, "total": 1501, "filename": "Leads.csv"},
            ],
        )

    def test_failed_import_closes_the_progress(self):
        """An import failing half-way rolls back, and its last message
        still says "done" so that the notification closes."""
        accounts = vtiger_csv(
            self.env,
            "accounts",
            [
                {"accountname": "ООО «Курица»", "account_no": "ACC9101"},
                {"accountname": "ООО «Яйцо»", "account_no": "ACC9102"},
            ],
        )
        before = len(self.progress_messages())
        Import = self.env["crm.vtiger.import"].with_user(self.sales_manager)
        # caught outside any savepoint of the test: only the import's own rolls back
        with patch.object(MigrationRun, "write_addresses", side_effect=ValidationError("Сбой")):
            try:
                Import.import_files([("Accounts.csv", accounts)])
            except UserError as error:
                self.assertIn("nothing was imported: Сбой", str(error))
            else:
                self.fail("the import did not fail")
        self.assertEqual(
            self.progress_messages()[before:],
            [{"done": 2, "total": 2, "filename": "Accounts.csv"}],
            "the only message: the last one, after the failure",
        )
        self.assertFalse(self.env["res.partner"].search([("name", "in", ["ООО «Курица»", "ООО «Яйцо»"])]))
