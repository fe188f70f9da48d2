from contextlib import contextmanager
from datetime import datetime, timedelta

from odoo.tests import Form, TransactionCase, new_test_user


class VtigerCase(TransactionCase):
    """Shared fixtures: a sales rep, a sales manager, a portal user and a
    second company, all created as real users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "ООО «Второй офис»"})
        cls.sales_user = new_test_user(
            cls.env,
            login="vt_rep",
            name="Ирина Продажина",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_ids=[(6, 0, (cls.company | cls.company_2).ids)],
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="vt_manager",
            name="Олег Начальников",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
        )
        cls.portal_user = new_test_user(cls.env, login="vt_portal", groups="base.group_portal")

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):
        """Odoo's ``assertRaises`` (rolled back to a savepoint), plus a check
        of the message: the failed write must not linger in the transaction."""
        with self.assertRaises(exception, msg=msg) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)


class CommunicationCase(VtigerCase):
    """A client (an account with a contact), a lead with its own number,
    and the sources and purposes communications are classified by."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Communication = cls.env["crm.communication"]
        cls.account = cls.env["res.partner"].create(
            {"name": "ООО «Ромашка»", "is_company": True, "phone": "+7 495 100-20-30"}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Анна Орлова",
                "parent_id": cls.account.id,
                "mobile": "+7 916 482-19-73",
                "email": "orlova@romashka.ru",
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Заявка с сайта",
                "type": "lead",
                "contact_name": "Пётр Гусев",
                "phone": "+7 903 111-22-33",
                "user_id": cls.sales_user.id,
            }
        )
        cls.venyoo = cls.env.ref("crm_vtiger_like.utm_source_venyoo")
        cls.site = cls.env.ref("crm_vtiger_like.utm_source_web_site")
        cls.quote = cls.env.ref("crm_vtiger_like.purpose_send_a_quote")
        cls.clarify = cls.env.ref("crm_vtiger_like.purpose_clarify_the_request")

    def new_lead(self, **values):
        """A lead of the sales rep with a person and an organization, ready to convert."""
        return self.env["crm.lead"].create(
            {
                "name": "Заявка на кирпич",
                "type": "lead",
                "first_name": "Олег",
                "last_name": "Тарасов",
                "partner_name": "ООО «ВолгаТранс»",
                "user_id": self.sales_user.id,
                **values,
            }
        )

    def convert(self, lead):
        """Convert ``lead`` as the sales rep, with the wizard's proposals:
        returns (contact, account)."""
        wizard = Form(
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.sales_user)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
        ).save()
        wizard.action_apply()
        return lead.partner_id, lead.partner_id.parent_id

    @classmethod
    def log(cls, days_ago=0, **values):
        """A communication ``days_ago`` days before now, new or repeat as the
        rule decides: both a source and a purpose are given."""
        return cls.Communication.create(
            {
                "date": datetime.now() - timedelta(days=days_ago),
                "channel": "call",
                "direction": "outbound",
                "source_id": cls.venyoo.id,
                "purpose_id": cls.quote.id,
                **values,
            }
        )
