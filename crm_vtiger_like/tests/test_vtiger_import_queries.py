from odoo.tests import tagged

from .common import VtigerCase
from .vtiger_export import vtiger_csv


@tagged("post_install", "-at_install")
class TestVtigerImportQueries(VtigerCase):
    """The look-ups of a vtiger import (picklists, owners, accounts referred
    to, duplicates, numbers) are batched for all the rows of a file: reading
    and checking 40 rows costs the queries of 10."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].create(
            [{"name": f"ООО «Опора {i}»", "is_company": True, "phone": f"+7 495 700-00-{i:02d}"} for i in range(40)]
        )

    def files(self, count):
        contacts = [
            {
                "firstname": "Анна",
                "lastname": f"Счётова-{i}",
                "contact_no": f"CON77{i:03d}",
                "account_id": f"Accounts::::ООО «Опора {i}»",
                "mobile": f"8 916 555-{i:02d}-{i:02d}",
                "email": f"schetova{i}@opora.ru",
                "leadsource": "Cold Call",
                "assigned_user_id": "vt_rep",
                "birthday": "15-04-1985",
                "contact_id": f"Contacts::::Анна Счётова-{i + 1}" if i + 1 < count else "",
            }
            for i in range(count)
        ]
        leads = [
            {
                "lastname": f"Лидов-{i}",
                "lead_no": f"LEA77{i:03d}",
                "company": f"ИП Лидов {i}",
                "leadstatus": "Attempted to Contact",
                "rating": "Active",
                "phone": f"+7 (903) 100-{i:02d}-00",
                "assigned_user_id": "Ирина Продажина",
            }
            for i in range(count)
        ]
        return [
            ("Contacts.csv", vtiger_csv(self.env, "contacts", contacts)),
            ("Leads.csv", vtiger_csv(self.env, "leads", leads, lang="ru")),
        ]

    def queries(self, count):
        Import = self.env["crm.vtiger.import"].with_user(self.sales_manager)
        files = self.files(count)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = Import.import_files(files, dry_run=True)
        self.assertEqual(result["kinds"]["contacts"]["created"], count)
        self.assertEqual(result["kinds"]["leads"]["created"], count)
        self.assertEqual(result["problems"], [])
        return self.env.cr.sql_log_count - before

    def test_dry_run_queries_do_not_grow_with_rows(self):
        self.queries(40)  # warm the caches
        self.assertEqual(self.queries(10), self.queries(40))
