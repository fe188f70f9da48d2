from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiMerge(HttpCase, VtigerCase):
    """The duplicates screens in the browser: merging the demo duplicate of a
    contact, and Find Duplicates."""

    def test_merge_demo_duplicates(self):
        """A sales manager finds the demo duplicate of a contact from its card
        and merges the two (two columns only), picking the second e-mail."""
        kept = self.env.ref("crm_vtiger_like.contact_ivanov")
        twin = self.env.ref("crm_vtiger_like.contact_ivanov_duplicate")
        duplicates = self.env["res.partner"].browse(kept._vtiger_duplicate_ids()[kept.id])
        self.assertEqual(duplicates, twin, duplicates.mapped("display_name"))
        self.start_tour("/odoo", "crm_vtiger_like_merge", login=self.sales_manager.login)
        self.assertEqual(kept.email, "ivanov.petr@gmail.com")
        self.assertEqual(kept.parent_id, self.env.ref("crm_vtiger_like.account_stroymaster"))
        self.assertFalse(twin.active)
        self.assertIn("Merged into", twin.message_ids[0].body)

    def test_find_duplicates_screen(self):
        """Find by phone lists the demo duplicate; phone and e-mail together
        find nothing (the two records have different e-mails) and say so."""
        self.start_tour("/odoo", "crm_vtiger_like_find_duplicates", login=self.sales_user.login)
