from odoo.tests import tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestLeadLastSms(SMSCase, VtigerCase):
    """``last_sms_date`` is stamped by every way Odoo sends an SMS to a lead
    (IAP is mocked by Odoo's own SMS test helpers)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": "SMS 1",
                    "last_name": "Иванов",
                    "phone": "+7 912 345-67-89",
                    "user_id": cls.sales_user.id,
                },
                {
                    "name": "SMS 2",
                    "last_name": "Петров",
                    "mobile": "+7 916 200-30-40",
                    "user_id": cls.sales_user.id,
                },
                {"name": "SMS 3", "last_name": "Без номера", "user_id": cls.sales_user.id},
            ]
        )

    def test_single_composer(self):
        lead = self.leads[0].with_user(self.sales_user)
        with self.mockSMSGateway():
            self.env["sms.composer"].with_user(self.sales_user).with_context(
                active_model="crm.lead",
                active_id=lead.id,
            ).create({"body": "Перезвоните нам"}).action_send_sms()
        self.assertSMSIapSent(["+79123456789"], "Перезвоните нам")
        self.assertTrue(lead.last_sms_date)
        self.assertFalse(self.leads[1].last_sms_date)

    def test_mass_composer(self):
        with self.mockSMSGateway():
            self.env["sms.composer"].with_user(self.sales_user).with_context(
                active_model="crm.lead",
                active_ids=self.leads.ids,
                default_composition_mode="mass",
            ).create({"body": "Акция", "mass_keep_log": False, "mass_force_send": True}).action_send_sms()
        self.assertSMSIapSent(["+79123456789", "+79162003040"], "Акция")
        self.assertTrue(self.leads[0].last_sms_date and self.leads[1].last_sms_date)
        self.assertFalse(self.leads[2].last_sms_date, "no number: the SMS was cancelled, nothing was sent")

    def test_message_sms_api(self):
        lead = self.leads[1].with_user(self.sales_user)
        with self.mockSMSGateway():
            lead._message_sms("Ваш заказ готов")
        self.assertSMSIapSent(["+79162003040"], "Ваш заказ готов")
        self.assertTrue(lead.last_sms_date)
