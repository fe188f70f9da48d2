from odoo.tests import tagged

from .vtiger_migration_common import VtigerMigrationCase


@tagged("post_install", "-at_install")
class TestVtigerMigrationStatistics(VtigerMigrationCase):
    """A file's rows are created in one transaction: the import has
    PostgreSQL analyse the table as it grows (its plans made for a few rows
    made the import quadratic), and goes on without when another
    transaction holds the table."""

    def accounts_file(self, count):
        rows = [
            {"accountname": f"ООО «Рост {i}»", "accounttype": "Customer", "assigned_user_id": "vt_manager"}
            for i in range(count)
        ]
        return self.vtiger_file("accounts.csv", "accounts", *rows)

    def outnumbering(self):
        """Rows enough to outnumber the counted ones (and a batch of 1,000)."""
        return int(max(self.counted_rows(), 1000)) + 100

    def counted_rows(self, cr=None):
        """res_partner's rows as PostgreSQL's statistics count them."""
        cr = cr or self.env.cr
        cr.execute("SELECT reltuples FROM pg_class WHERE oid = 'res_partner'::regclass")
        return cr.fetchone()[0]

    def test_table_analysed_when_its_rows_outnumber_the_counted_ones(self):
        count = self.outnumbering()
        result = self.import_files(self.accounts_file(count))
        self.assertEqual(self.counts(result, "accounts"), {"created": count, "updated": 0, "skipped": 0})
        self.env.cr.execute("SELECT count(*) FROM res_partner")
        rows = self.env.cr.fetchone()[0]
        self.assertEqual(self.counted_rows(), rows, "the import's own rows counted")

    def test_import_goes_on_when_the_table_is_held(self):
        count = self.outnumbering()
        with self.registry.cursor() as other:
            # what another import's ANALYZE holds until it commits
            other.execute("LOCK TABLE res_partner IN SHARE UPDATE EXCLUSIVE MODE")
            before = self.counted_rows(other)
            result = self.import_files(self.accounts_file(count))
            other.rollback()
        self.assertEqual(self.counts(result, "accounts"), {"created": count, "updated": 0, "skipped": 0})
        self.assertEqual(self.counted_rows(), before, "not analysed")
