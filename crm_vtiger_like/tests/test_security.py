from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

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


@tagged("post_install", "-at_install")
class TestPhoneIndexPrivacy(VtigerCase):
    """The phone index holds every raw number: only the addon's own code
    reads it, and what it tells a user is limited to what they may open."""

    def test_sales_rep_cannot_read_the_index(self):
        self.env["crm.lead"].create({"name": "Чужая заявка", "last_name": "Чужой", "phone": "+7 916 555-01-02"})
        Phone = self.env["crm.vtiger.phone"].with_user(self.sales_user)
        with self.assertRaises(AccessError):
            Phone.search_read([], ["raw", "number"])
        with self.assertRaises(AccessError):
            Phone.create({"res_model": "crm.lead", "res_id": 1, "field": "phone", "raw": "1"})

    def test_duplicates_of_others_leads_are_not_counted(self):
        other_rep = new_test_user(self.env, login="vt_rep_2", groups="sales_team.group_sale_salesman")
        Lead = self.env["crm.lead"]
        mine = Lead.create(
            {"name": "Моя", "last_name": "Громов", "phone": "8 916 555 01 03", "user_id": self.sales_user.id}
        )
        theirs = Lead.create(
            {"name": "Чужая", "last_name": "Громов", "mobile": "+79165550103", "user_id": other_rep.id}
        )
        self.assertEqual(mine.with_user(self.sales_manager).duplicate_count, 1)
        self.assertEqual(mine.with_user(self.sales_user).duplicate_count, 0)
        action = mine.with_user(self.sales_user).action_view_duplicates()
        self.assertEqual(Lead.with_user(self.sales_user).search(action["domain"]).ids, mine.ids)
        self.assertEqual(theirs.with_user(other_rep).duplicate_count, 0)
        # the rep's search by number finds only what they may open
        found = Lead.with_user(self.sales_user).search([("vtiger_phone_search", "ilike", "+7 916 555-01-03")])
        self.assertEqual(found, mine)
