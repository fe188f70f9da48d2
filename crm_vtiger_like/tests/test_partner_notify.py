from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestPartnerNotifyOwner(VtigerCase):
    """ "Notify owner": one inbox notification per save by someone else, listing the changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_manager.notification_type = "inbox"
        cls.account = cls.env["res.partner"].create(
            {
                "name": "АО ТехноЛайн",
                "is_company": True,
                "phone": "+7 495 988-10-20",
                "user_id": cls.sales_manager.id,
                "notify_owner": True,
            }
        )

    def setUp(self):
        super().setUp()
        self.last_message = self.env["mail.message"].sudo().search([], order="id desc", limit=1).id

    def owner_notifications(self):
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("id", ">", self.last_message),
                    ("model", "=", "res.partner"),
                    ("res_id", "=", self.account.id),
                    ("partner_ids", "in", self.sales_manager.partner_id.ids),
                ]
            )
        )

    def test_one_notification_per_save_listing_the_changes(self):
        self.account.with_user(self.sales_user).write(
            {
                "phone": "+7 495 988-10-99",
                "employee_count": 150,
                "rating_id": self.env.ref("crm_vtiger_like.rating_active").id,
            }
        )
        [message] = self.owner_notifications()
        self.assertEqual(message.author_id, self.sales_user.partner_id)
        self.assertIn("+7 495 988-10-20 → +7 495 988-10-99", message.body)
        self.assertIn("Employees", message.body)
        self.assertIn("150", message.body)
        self.assertIn("Active", message.body)
        self.assertEqual(message.notification_ids.res_partner_id, self.sales_manager.partner_id)
        self.assertEqual(message.notification_ids.notification_type, "inbox")

    def test_no_notification_for_own_changes_or_when_off(self):
        self.account.with_user(self.sales_manager).write({"phone": "+7 495 000-00-00"})
        self.assertFalse(self.owner_notifications())
        self.account.notify_owner = False
        self.account.with_user(self.sales_user).write({"phone": "+7 495 111-11-11"})
        self.assertFalse(self.owner_notifications())

    def test_unchanged_values_send_nothing(self):
        self.account.with_user(self.sales_user).write({"phone": self.account.phone})
        self.assertFalse(self.owner_notifications())

    def test_notification_in_the_owners_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["base", "contacts", "crm_vtiger_like"], ["ru_RU"])
        self.sales_manager.lang = "ru_RU"
        self.account.with_user(self.sales_user).with_context(lang="en_US").write(
            {"type": "other", "function": "Холдинг", "email_opt_out": True}
        )
        [message] = self.owner_notifications()
        self.assertIn("<b>Тип адреса</b>: Контакт → Другой адрес", message.body)
        self.assertIn("<b>Должность</b>: — → Холдинг", message.body)
        self.assertIn("Нет → Да", message.body)
        self.assertNotIn("Contact", message.body)
        self.assertNotIn("Ничего", message.body)
