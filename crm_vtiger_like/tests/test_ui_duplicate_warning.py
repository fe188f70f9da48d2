from odoo.tests import HttpCase, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestUiDuplicateWarning(HttpCase, VtigerCase):
    """In the browser: typing a demo contact's mobile in a new contact shows
    "Possible duplicates" with the demo contact, its score and a link;
    saving still works."""

    def test_new_contact_warning(self):
        demo = self.env.ref("crm_vtiger_like.contact_ivanov")
        self.assertEqual(demo.mobile, "+7 912 345-67-89")
        self.start_tour("/odoo", "crm_vtiger_like_duplicate_warning", login=self.sales_user.login)
        created = self.env["res.partner"].search([("name", "=", "Олег Тестов")])
        self.assertEqual(len(created), 1)
        self.assertEqual(created.mobile, "+7 912 345-67-89")
        self.assertTrue(created.contact_no)
