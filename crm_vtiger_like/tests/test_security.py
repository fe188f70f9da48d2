from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import VtigerCase

PICKLISTS = ["crm.lead.status", "crm.vtiger.rating", "crm.account.type", "crm.communication.purpose"]


@tagged("post_install", "-at_install")
class TestPicklistAccess(VtigerCase):
    """Picklists are read by everyone who sees CRM records and edited by sales managers only."""

    def test_sales_user_reads_but_cannot_edit(self):
        for model in PICKLISTS:
            Picklist = self.env[model].with_user(self.sales_user)
            self.assertTrue(Picklist.search([]), model)
            with self.assertRaises(AccessError, msg=model):
                Picklist.create({"name": "Новое значение"})
            with self.assertRaises(AccessError, msg=model):
                Picklist.search([], limit=1).write({"name": "Переименовано"})

    def test_sales_manager_edits(self):
        for model in PICKLISTS:
            Picklist = self.env[model].with_user(self.sales_manager)
            value = Picklist.create({"name": "Новое значение"})
            value.write({"name": "Переименовано", "sequence": 1})
            value.unlink()

    def test_portal_reads_only(self):
        for model in PICKLISTS:
            Picklist = self.env[model].with_user(self.portal_user)
            self.assertTrue(Picklist.search([]), model)
            with self.assertRaises(AccessError, msg=model):
                Picklist.create({"name": "Портал"})

    def test_numbering_needs_no_sequence_rights(self):
        """Portal flows (requests submitted from /my) draw numbers although
        portal users may not read ir.sequence."""
        self.assertFalse(self.env["ir.sequence"].with_user(self.portal_user).has_access("read"))
        numbers = (
            self.env["crm.lead"].with_user(self.portal_user)._vtiger_draw_numbers("lead_no", self.env["res.company"], 2)
        )
        self.assertEqual(len(set(numbers)), 2)
        self.assertTrue(all(n.startswith("LEA") for n in numbers))
