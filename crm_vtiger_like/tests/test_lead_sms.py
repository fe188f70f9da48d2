from lxml import etree

from odoo.exceptions import UserError
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

    def test_message_sms_api_no_number(self):
        """No number at all: the SMS is created in error, nothing left."""
        lead = self.leads[2].with_user(self.sales_user)
        with self.mockSMSGateway():
            message = lead._message_sms("Ваш заказ готов")
        sms = self._new_sms.filtered(lambda s: s.mail_message_id == message)
        self.assertEqual(sms.mapped("state"), ["error"])
        self.assertEqual(sms.failure_type, "sms_number_missing")
        self.assertFalse(lead.last_sms_date)

    def test_single_composer_rejected_number(self):
        """The gateway refuses the number: the SMS ends in error."""
        lead = self.leads[0].with_user(self.sales_user)
        with self.mockSMSGateway(nbr_t_error={"+79123456789": "wrong_number_format"}):
            self.env["sms.composer"].with_user(self.sales_user).with_context(
                active_model="crm.lead",
                active_id=lead.id,
            ).create({"body": "Перезвоните нам"}).action_send_sms()
        self.assertSMSFailed(self.env["res.partner"], "+79123456789", "sms_number_format")
        self.assertFalse(lead.last_sms_date)


@tagged("post_install", "-at_install")
class TestSmsDoNotCall(SMSCase, VtigerCase):
    """``do_not_call`` contacts, and leads whose customer is one, get no SMS
    from the composer; the composer counts them and the cards warn."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": "Анна Звонкова", "mobile": "+7 912 000-00-01"},
                {"name": "Борис Молчанов", "mobile": "+7 912 000-00-02", "do_not_call": True},
                {"name": "Вера Тишина", "mobile": "+7 912 000-00-03", "do_not_call": True},
            ]
        )
        cls.leads = cls.env["crm.lead"].create(
            [
                {"name": f"DNC {partner.name}", "partner_id": partner.id, "user_id": cls.sales_user.id}
                for partner in cls.partners
            ]
            + [
                {
                    "name": "DNC без клиента",
                    "last_name": "Соколов",
                    "mobile": "+7 912 000-00-04",
                    "user_id": cls.sales_user.id,
                }
            ]
        )

    def _composer(self, records, **values):
        mode = values.pop("composition_mode", "mass")
        return (
            self.env["sms.composer"]
            .with_user(self.sales_user)
            .with_context(active_model=records._name, active_ids=records.ids, active_id=records[:1].id)
            .create({"body": "Акция", "composition_mode": mode, **values})
        )

    def test_mass_partners(self):
        composer = self._composer(self.partners, mass_keep_log=False, mass_force_send=True)
        self.assertEqual(composer.do_not_call_count, 2)
        with self.mockSMSGateway():
            composer.action_send_sms()
        self.assertSMS(self.partners[0], "+79120000001", "pending", content="Акция")
        self.assertSMSCanceled(self.partners[1], "+79120000002", "sms_optout")
        self.assertSMSCanceled(self.partners[2], "+79120000003", "sms_optout")
        self.assertEqual([sms["number"] for sms in self._sms], ["+79120000001"])

    def test_mass_leads(self):
        composer = self._composer(self.leads, mass_force_send=True)
        self.assertEqual(composer.do_not_call_count, 2)
        with self.mockSMSGateway():
            composer.action_send_sms()
        self.assertSMSCanceled(self.partners[1], "+79120000002", "sms_optout")
        self.assertSMSCanceled(self.partners[2], "+79120000003", "sms_optout")
        self.assertEqual(sorted(sms["number"] for sms in self._sms), ["+79120000001", "+79120000004"])
        self.assertEqual([bool(lead.last_sms_date) for lead in self.leads], [True, False, False, True])

    def test_comment_single_contact(self):
        partner = self.partners[1]
        composer = (
            self.env["sms.composer"]
            .with_user(self.sales_user)
            .with_context(active_model="res.partner", active_id=partner.id)
            .create({"body": "Перезвоните нам"})
        )
        self.assertEqual((composer.composition_mode, composer.do_not_call_count), ("comment", 1))
        with self.mockSMSGateway(), self.assertRaisesRegex(UserError, "every recipient is marked Do Not Call"):
            composer.action_send_sms()
        self.assertFalse(self._new_sms)
        self.assertFalse(partner.message_ids.filtered(lambda m: m.message_type == "sms"))

    def test_comment_single_lead(self):
        lead = self.leads[2]
        composer = (
            self.env["sms.composer"]
            .with_user(self.sales_user)
            .with_context(active_model="crm.lead", active_id=lead.id)
            .create({"body": "Перезвоните нам"})
        )
        self.assertEqual(composer.do_not_call_count, 1)
        with self.mockSMSGateway(), self.assertRaisesRegex(UserError, "every recipient is marked Do Not Call"):
            composer.action_send_sms()
        self.assertFalse(self._new_sms)
        self.assertFalse(lead.last_sms_date)

    def test_comment_several_leads(self):
        """Comment mode on several records posts on the others only."""
        composer = self._composer(self.leads, composition_mode="comment")
        self.assertEqual(composer.do_not_call_count, 2)
        with self.mockSMSGateway():
            composer.action_send_sms()
        self.assertEqual(sorted(sms.number for sms in self._new_sms), ["+79120000001", "+79120000004"])
        sms_leads = self.leads.filtered(lambda lead: lead.message_ids.filtered(lambda m: m.message_type == "sms"))
        self.assertEqual(sms_leads, self.leads[0] | self.leads[3])
        self.assertEqual([bool(lead.last_sms_date) for lead in self.leads], [True, False, False, True])

    def test_form_warnings(self):
        self.assertEqual(self.leads.mapped("partner_do_not_call"), [False, True, True, False])
        for view, fname in (
            ("base.view_partner_form", "do_not_call"),
            ("crm.crm_lead_view_form", "partner_do_not_call"),
        ):
            view = self.env.ref(view)
            arch = etree.fromstring(self.env[view.model].with_user(self.sales_user).get_view(view.id)["arch"])
            alerts = arch.xpath("//sheet/div[@role='alert'][@name='do_not_call_warning']")
            self.assertEqual(len(alerts), 1, view.model)
            self.assertEqual(alerts[0].get("invisible"), f"not {fname}")
            self.assertIn("asked not to be called or sent SMS", "".join(alerts[0].itertext()))
        view = self.env.ref("sms.sms_composer_view_form")
        arch = etree.fromstring(self.env["sms.composer"].get_view(view.id)["arch"])
        self.assertTrue(arch.xpath("//div[@role='alert']/p/field[@name='do_not_call_count']"))
