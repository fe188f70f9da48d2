from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import MailCase
from odoo.addons.sms.tests.common import SMSCase

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestMassMail(MailCase, VtigerCase):
    """ "Send email" from the lists: Odoo's composer in mass mode; opted-out
    records and records without an e-mail are counted before sending and
    get no e-mail (the mail gateway is mocked)."""

    def _composer(self, records):
        return (
            self.env["mail.compose.message"]
            .with_user(self.sales_user)
            .with_context(
                active_model=records._name,
                active_ids=records.ids,
                active_domain=[("id", "in", records.ids)],
                default_composition_mode="mass_mail",
            )
            .create({"subject": "Новинки", "body": "<p>Каталог</p>"})
        )

    def _mail_mails(self, records):
        return self.env["mail.mail"].sudo().search([("model", "=", records._name), ("res_id", "in", records.ids)])

    def test_leads(self):
        leads = self.env["crm.lead"].create(
            [
                {"name": "Письмо", "email_from": "ivanov@example.ru", "user_id": self.sales_user.id},
                {
                    "name": "Отписан",
                    "email_from": "petrov@example.ru",
                    "email_opt_out": True,
                    "user_id": self.sales_user.id,
                },
                {"name": "Без адреса", "user_id": self.sales_user.id},
            ]
        )
        composer = self._composer(leads)
        self.assertEqual(composer.vtiger_skipped_count, 2)
        with self.mock_mail_gateway():
            composer.action_send_mail()
        mails = {mail.res_id: (mail.state, mail.failure_type) for mail in self._mail_mails(leads)}
        self.assertIn(mails[leads[0].id][0], ("outgoing", "sent"))
        self.assertEqual(mails[leads[1].id], ("cancel", "mail_optout"))
        self.assertEqual(mails[leads[2].id], ("cancel", "mail_email_missing"))
        self.assertEqual(len(self._mails), 1, "one e-mail actually sent")

    def test_partners(self):
        partners = self.env["res.partner"].create(
            [
                {"name": "Анна Письмова", "email": "anna@example.ru"},
                {"name": "Борис Отписанный", "email": "boris@example.ru", "email_opt_out": True},
                {"name": "Вера Безадресная"},
                {"name": "Глеб Чёрный", "email": "gleb@example.ru"},
            ]
        )
        self.env["mail.blacklist"].sudo()._add("gleb@example.ru")
        composer = self._composer(partners)
        self.assertEqual(composer.vtiger_skipped_count, 3)
        with self.mock_mail_gateway():
            composer.action_send_mail()
        mails = {mail.res_id: (mail.state, mail.failure_type) for mail in self._mail_mails(partners)}
        self.assertIn(mails[partners[0].id][0], ("outgoing", "sent"))
        self.assertEqual(mails[partners[1].id], ("cancel", "mail_optout"))
        self.assertEqual(mails[partners[2].id], ("cancel", "mail_email_missing"))
        self.assertEqual(mails[partners[3].id], ("cancel", "mail_bl"))

    def test_select_all(self):
        """ "Select all" on more leads than the web client passes as ids: the
        mailing goes to the list's domain."""
        self.env["ir.config_parameter"].set_param("web.active_ids_limit", 2)
        leads = self.env["crm.lead"].create(
            [
                {"name": f"Все {index}", "email_from": f"all{index}@example.ru", "user_id": self.sales_user.id}
                for index in range(3)
            ]
        )
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.sales_user)
            .with_context(
                active_model="crm.lead",
                active_ids=leads[:2].ids,
                active_domain=[("name", "=like", "Все %")],
                default_composition_mode="mass_mail",
            )
            .create({"subject": "Новинки", "body": "<p>Каталог</p>"})
        )
        self.assertEqual(composer.res_domain, "[('name', '=like', 'Все %')]")
        with self.mock_mail_gateway():
            composer.action_send_mail()
        self.assertEqual(len(self._mail_mails(leads)), 3)

    def test_list_actions_and_warning(self):
        for xmlid, model in (
            ("crm.action_lead_mass_mail", "crm.lead"),
            ("mail.action_partner_mass_mail", "res.partner"),
        ):
            action = self.env.ref(xmlid)
            self.assertEqual((action.binding_model_id.model, action.binding_view_types), (model, "list"))
            self.assertIn("mass_mail", action.context)
        arch = etree.fromstring(self.env["mail.compose.message"].get_view()["arch"])
        alert = arch.xpath("//div[@name='vtiger_skipped']")
        self.assertEqual(alert[0].get("invisible"), "composition_mode != 'mass_mail' or not vtiger_skipped_count")
        self.assertTrue(alert[0].xpath(".//field[@name='vtiger_skipped_count']"))

    def test_comment_mode_counts_nothing(self):
        lead = self.env["crm.lead"].create({"name": "Одно письмо", "user_id": self.sales_user.id})
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.sales_user)
            .with_context(default_model="crm.lead", default_res_ids=lead.ids, default_composition_mode="comment")
            .create({"body": "<p>Привет</p>"})
        )
        self.assertEqual(composer.vtiger_skipped_count, 0)


@tagged("post_install", "-at_install")
class TestMassSms(SMSCase, VtigerCase):
    """ "Send SMS" from the lists: Odoo's SMS composer in mass mode, through
    the SMS queue; do-not-call and number-less records are cancelled and
    counted, ``last_sms_date`` is stamped on leads that got one (IAP is
    mocked by Odoo's SMS test helpers)."""

    def _composer(self, action_xmlid, records):
        """The composer as the list's "Send SMS" action opens it."""
        action = self.env.ref(action_xmlid)
        self.assertEqual((action.binding_model_id.model, action.binding_view_types), (records._name, "list"))
        active = {"active_model": records._name, "active_ids": records.ids, "active_id": records[:1].id}
        context = {**safe_eval(action.context, active), **active}
        return self.env["sms.composer"].with_user(self.sales_user).with_context(**context).create({"body": "Акция"})

    def test_partners_list(self):
        partners = self.env["res.partner"].create(
            [
                {"name": "Анна Звонкова", "mobile": "+7 912 000-00-01"},
                {"name": "Борис Молчанов", "mobile": "+7 912 000-00-02", "do_not_call": True},
                {"name": "Вера Безномерная"},
            ]
        )
        composer = self._composer("sms.res_partner_act_window_sms_composer_multi", partners)
        self.assertEqual((composer.composition_mode, composer.do_not_call_count), ("mass", 1))
        with self.mockSMSGateway():
            composer.action_send_sms()
        sms = {sms.partner_id: (sms.state, sms.failure_type) for sms in self._new_sms}
        self.assertEqual(sms[partners[0]], ("outgoing", False))
        self.assertEqual(sms[partners[1]], ("canceled", "sms_optout"))
        self.assertEqual(sms[partners[2]], ("canceled", "sms_number_missing"))
        self.assertFalse(self._sms, "queued: the SMS cron sends them")

    def test_select_all(self):
        """ "Select all" on more contacts than the web client passes as ids:
        the SMS go to every contact of the list's domain."""
        self.env["ir.config_parameter"].set_param("web.active_ids_limit", 2)
        partners = self.env["res.partner"].create(
            [{"name": f"Все {index}", "mobile": f"+7 912 000-10-0{index}"} for index in range(3)]
        )
        action = self.env.ref("sms.res_partner_act_window_sms_composer_multi")
        active = {"active_model": "res.partner", "active_ids": partners[:2].ids, "active_id": partners[0].id}
        composer = (
            self.env["sms.composer"]
            .with_user(self.sales_user)
            .with_context(**safe_eval(action.context, active), **active, active_domain=[("name", "=like", "Все %")])
            .create({"body": "Акция"})
        )
        self.assertEqual(composer.res_ids_count, 3)
        with self.mockSMSGateway():
            composer.action_send_sms()
        self.assertEqual(self._new_sms.partner_id, partners)

    def test_leads_list(self):
        leads = self.env["crm.lead"].create(
            [
                {"name": "SMS 1", "last_name": "Иванов", "mobile": "+7 912 345-67-89", "user_id": self.sales_user.id},
                {"name": "SMS 2", "last_name": "Без номера", "user_id": self.sales_user.id},
            ]
        )
        composer = self._composer("crm_sms.crm_lead_act_window_sms_composer_single", leads)
        with self.mockSMSGateway():
            composer.action_send_sms()
        self.assertEqual(sorted(self._new_sms.mapped("state")), ["canceled", "outgoing"])
        self.assertTrue(leads[0].last_sms_date)
        self.assertFalse(leads[1].last_sms_date)
