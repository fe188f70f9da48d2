from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import CommunicationCase


@tagged("post_install", "-at_install")
class TestRelatedObjects(CommunicationCase):
    """vtiger's related objects on leads, deals, accounts and contacts: link
    existing ones, create linked ones from the card, counts in batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.brick = Product.create({"name": "Кирпич облицовочный М150", "type": "consu", "list_price": 38})
        cls.cement = Product.create({"name": "Цемент М500, 50 кг", "type": "consu", "list_price": 590})
        cls.delivery = Product.create({"name": "Доставка манипулятором", "type": "service", "list_price": 9500})
        Campaign = cls.env["utm.campaign"]
        cls.spring = Campaign.create({"name": "Весенний сезон 2026"})
        cls.expo = Campaign.create({"name": "Выставка «Стройэкспо»"})

    def test_link_existing_products_and_services(self):
        account = self.account.with_user(self.sales_user)
        account.product_ids = [Command.link(self.brick.id), Command.link(self.delivery.id)]
        self.assertEqual((account.vtiger_product_count, account.vtiger_service_count), (1, 1))
        products = self.env["product.product"].search(account.action_view_vtiger_products()["domain"])
        services = self.env["product.product"].search(account.action_view_vtiger_services()["domain"])
        self.assertEqual((products, services), (self.brick, self.delivery))
        self.assertEqual(self.brick.vtiger_partner_ids, self.account)
        lead = self.lead.with_user(self.sales_user)
        lead.product_ids = [Command.link(self.cement.id)]
        self.assertEqual((lead.vtiger_product_count, lead.vtiger_service_count), (1, 0))

    def test_new_product_or_campaign_from_the_card_is_linked(self):
        action = self.account.action_view_vtiger_services()
        service = self.env["product.product"].with_context(**action["context"]).create({"name": "Разгрузка"})
        self.assertEqual((service.type, self.account.product_ids), ("service", service))
        action = self.lead.action_view_vtiger_campaigns()
        campaign = self.env["utm.campaign"].with_context(**action["context"]).create({"name": "Рассылка"})
        self.assertEqual(self.lead.campaign_ids, campaign)
        self.assertEqual(self.lead.vtiger_campaign_count, 1)

    def test_campaign_id_is_one_of_the_campaigns(self):
        lead = self.env["crm.lead"].create({"name": "Заявка с выставки", "campaign_id": self.expo.id})
        self.assertEqual(lead.campaign_ids, self.expo)
        lead.write({"campaign_id": self.spring.id})
        self.assertEqual(lead.campaign_ids, self.expo | self.spring)
        with Form(lead) as form:
            form.campaign_id = self.expo
        self.assertEqual(lead.campaign_ids, self.expo | self.spring)

    def test_comments_and_emails(self):
        # as the chatter posts them: "Log note" and "Send message"
        self.account.message_post(body="Позвонить после 15:00", message_type="comment", subtype_xmlid="mail.mt_note")
        self.account.message_post(
            body="Добрый день! Высылаем прайс.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual((self.account.vtiger_comment_count, self.account.vtiger_email_count), (1, 1))
        action = self.account.with_user(self.sales_user).action_view_vtiger_comments()
        comment = (
            self.env["mail.message"]
            .with_user(self.sales_user)
            .with_context(**action["context"])
            .create({"body": "<p>Клиент просит скидку</p>"})
        )
        self.assertEqual(
            (comment.model, comment.res_id, comment.subtype_id),
            ("res.partner", self.account.id, self.env.ref("mail.mt_note")),
        )
        self.account.invalidate_recordset()
        self.assertEqual(self.account.vtiger_comment_count, 2)
        self.assertEqual(
            self.env["mail.message"].search(action["domain"]),
            comment | self.account.message_ids.filtered(lambda m: m.body and "15:00" in m.body),
        )
        self.assertFalse(self.account.action_view_vtiger_emails()["context"]["create"])

    def test_calls_and_social_messages(self):
        self.log(partner_id=self.contact.id, channel="call")
        self.log(partner_id=self.contact.id, channel="messenger", days_ago=1)
        self.log(partner_id=self.account.id, channel="social", days_ago=2)
        self.log(partner_id=self.account.id, channel="email", days_ago=3)
        self.assertEqual((self.account.vtiger_call_count, self.account.vtiger_social_count), (1, 2))
        self.assertEqual((self.contact.vtiger_call_count, self.contact.vtiger_social_count), (1, 1))
        action = self.contact.action_view_vtiger_calls()
        call = (
            self.env["crm.communication"]
            .with_context(**action["context"])
            .create({"direction": "outbound", "purpose_id": self.quote.id})
        )
        self.assertEqual((call.partner_id, call.channel, call.kind), (self.contact, "call", "repeat"))
        self.assertEqual(self.env["crm.communication"].search_count(action["domain"]), 2)
        self.assertFalse(self.account.action_view_vtiger_social()["context"]["create"])

    def test_documents_and_activities_of_a_lead(self):
        action = self.lead.action_view_vtiger_documents()
        self.env["ir.attachment"].with_context(**action["context"]).create({"name": "ТЗ.pdf", "raw": b"%PDF"})
        action = self.lead.action_view_vtiger_activities()
        self.env["mail.activity"].with_context(**action["context"]).create(
            {"activity_type_id": self.env.ref("mail.mail_activity_data_todo").id, "user_id": self.sales_user.id}
        )
        self.assertEqual((self.lead.vtiger_document_count, self.lead.vtiger_activity_count), (1, 1))

    def test_deal_created_from_the_account(self):
        action = self.account.with_user(self.sales_user).action_view_opportunity()
        deal = (
            self.env["crm.lead"]
            .with_user(self.sales_user)
            .with_context(**action["context"])
            .create({"name": "Поставка цемента"})
        )
        self.assertEqual((deal.type, deal.partner_id), ("opportunity", self.account))
        self.assertIn(deal, self.env["crm.lead"].search(action["domain"]))

    def test_conversion_carries_products_and_campaigns(self):
        lead = self.new_lead(
            product_ids=[Command.set((self.brick | self.delivery).ids)],
            campaign_id=self.spring.id,
            campaign_ids=[Command.link(self.expo.id)],
        )
        contact, account = self.convert(lead)
        self.assertEqual((lead.type, lead.product_ids), ("opportunity", self.brick | self.delivery))
        self.assertEqual(account.product_ids, self.brick | self.delivery)
        self.assertEqual(
            (account.campaign_ids, contact.campaign_ids), (self.spring | self.expo, self.spring | self.expo)
        )

    def test_counts_are_one_query_per_relation_for_a_whole_list(self):
        accounts = self.account | self.env["res.partner"].create(
            [{"name": f"ООО «Клиент {index}»", "is_company": True} for index in range(5)]
        )
        fnames = [
            "vtiger_comment_count",
            "vtiger_email_count",
            "vtiger_document_count",
            "vtiger_activity_count",
            "vtiger_call_count",
            "vtiger_social_count",
            "communication_count",
            "vtiger_product_count",
            "vtiger_campaign_count",
        ]

        def queries(records, fname):
            self.env.invalidate_all()
            records = records.with_user(self.sales_user)
            before = self.env.cr.sql_log_count
            records.read([fname])
            return self.env.cr.sql_log_count - before

        for fname in fnames:
            queries(self.account, fname)  # access rights and rules cached
            self.assertEqual(queries(accounts, fname), queries(self.account, fname), fname)
