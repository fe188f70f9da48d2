import re
from unittest.mock import patch

from odoo.tests import Form, HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from ..controllers.portal import VtigerCustomerPortal
from .common import VtigerCase

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class PortalPagesCase(HttpCase, VtigerCase):
    """Two client companies (accounts), each with a contact who is a portal
    user, a lead and a deal, and communications: one shown to the client,
    one internal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        russia = cls.env.ref("base.ru")
        cls.account_a = Partner.create({"name": "ООО «Альфа»", "is_company": True, "country_id": russia.id})
        cls.account_b = Partner.create({"name": "ООО «Бета»", "is_company": True, "country_id": russia.id})
        cls.contact_a = Partner.create(
            {
                "name": "Анна Альфина",
                "parent_id": cls.account_a.id,
                "email": "anna@alfa.example.com",
                "phone": "+7 495 111-11-11",
                "country_id": russia.id,
            }
        )
        cls.contact_b = Partner.create(
            {
                "name": "Борис Бетов",
                "parent_id": cls.account_b.id,
                "email": "boris@beta.example.com",
                "phone": "+7 495 222-22-22",
                "country_id": russia.id,
            }
        )
        # the users are the contacts themselves (name and e-mail are the partner's)
        for login, contact in (("vt_portal_alfa", cls.contact_a), ("vt_portal_beta", cls.contact_b)):
            new_test_user(
                cls.env,
                login=login,
                password=login,
                groups="base.group_portal",
                partner_id=contact.id,
                name=contact.name,
                email=contact.email,
            )
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(
            {
                "name": "Альфа: поставка кресел",
                "type": "lead",
                "partner_id": cls.contact_a.id,
                "user_id": cls.sales_user.id,
                "lead_status_id": cls.env.ref("crm_vtiger_like.lead_status_hot").id,
            }
        )
        cls.deal_a = Lead.create(
            {
                "name": "Альфа: оснащение офиса",
                "type": "opportunity",
                "partner_id": cls.account_a.id,
                "user_id": cls.sales_user.id,
                "stage_id": cls.env.ref("crm.stage_lead2").id,
            }
        )
        cls.lead_b = Lead.create(
            {
                "name": "Бета: ремонт склада",
                "type": "lead",
                "partner_id": cls.contact_b.id,
                "user_id": cls.sales_manager.id,
                "lead_status_id": cls.env.ref("crm_vtiger_like.lead_status_cold").id,
            }
        )
        cls.deal_b = Lead.create(
            {
                "name": "Бета: годовой контракт",
                "type": "opportunity",
                "partner_id": cls.account_b.id,
                "user_id": cls.sales_manager.id,
                "stage_id": cls.env.ref("crm.stage_lead3").id,
            }
        )
        Communication = cls.env["crm.communication"]
        source = cls.env.ref("crm_vtiger_like.utm_source_web_site")
        purpose = cls.env.ref("crm_vtiger_like.purpose_send_a_quote")

        def log(lead, partner, summary, note, internal=False):
            return Communication.create(
                {
                    "lead_id": lead.id,
                    "partner_id": partner.id,
                    "channel": "call",
                    "direction": "outbound",
                    "summary": summary,
                    "note": note,
                    "internal": internal,
                    "source_id": source.id,
                    "purpose_id": purpose.id,
                    "user_id": cls.sales_user.id,
                }
            )

        cls.com_a = log(cls.lead_a, cls.contact_a, "Альфа: звонок по КП", "<p>Альфа просит скидку</p>")
        cls.com_a_internal = log(
            cls.lead_a, cls.contact_a, "Альфа: внутренняя заметка", "<p>Альфа: маржа 40%</p>", internal=True
        )
        cls.com_b = log(cls.lead_b, cls.contact_b, "Бета: звонок по смете", "<p>Бета ждёт смету</p>")
        cls.com_b_internal = log(
            cls.lead_b, cls.contact_b, "Бета: внутренняя заметка", "<p>Бета: должник</p>", internal=True
        )
        cls.env.flush_all()

    def login_a(self):
        self.authenticate("vt_portal_alfa", "vt_portal_alfa")

    def login_b(self):
        self.authenticate("vt_portal_beta", "vt_portal_beta")

    def get_ok(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def assertNotFound(self, url, *absent):
        response = self.url_open(url)
        self.assertIn(response.status_code, (403, 404), url)
        for text in absent:
            self.assertNotIn(text, response.text, url)

    def csrf(self, url):
        match = CSRF_RE.search(self.get_ok(url))
        self.assertTrue(match, f"{url} has no CSRF token")
        return match.group(1)


@tagged("post_install", "-at_install")
class TestPortalPages(PortalPagesCase):
    def test_requests_list(self):
        self.login_a()
        body = self.get_ok("/my/requests")
        for text in ("My requests", "Альфа: поставка кресел", "Альфа: оснащение офиса", "Hot", "Qualified"):
            self.assertIn(text, body)
        self.assertIn("Ирина Продажина", body)
        self.assertIn(self.lead_a.lead_no, body)
        self.assertIn(self.deal_a.deal_no, body)
        for text in ("Бета", "Cold", "Proposition", "Олег Начальников", self.lead_b.lead_no, self.deal_b.deal_no):
            self.assertNotIn(text, body)
        self.assertIn('href="/my/requests/new"', body)

        self.login_b()
        body = self.get_ok("/my/requests")
        self.assertIn("Бета: ремонт склада", body)
        self.assertIn("Бета: годовой контракт", body)
        self.assertNotIn("Альфа", body)

    def test_requests_search_sort_pager(self):
        self.login_a()
        body = self.get_ok("/my/requests?search=кресел&search_in=name")
        self.assertIn("Альфа: поставка кресел", body)
        self.assertNotIn("Альфа: оснащение офиса", body)
        body = self.get_ok(f"/my/requests?search={self.deal_a.deal_no}&search_in=number")
        self.assertIn("Альфа: оснащение офиса", body)
        self.assertNotIn("Альфа: поставка кресел", body)
        # another company's request is not found by a search either
        body = self.get_ok("/my/requests?search=Бета")
        self.assertNotIn("Бета: ремонт склада", body)
        self.assertNotIn("Бета: годовой контракт", body)
        self.assertIn("No request matches your search.", body)
        body = self.get_ok("/my/requests?sortby=name")
        self.assertLess(body.index("Альфа: оснащение офиса"), body.index("Альфа: поставка кресел"))
        with patch.object(VtigerCustomerPortal, "_items_per_page", 1):
            body = self.get_ok("/my/requests?sortby=name")
            self.assertIn("Альфа: оснащение офиса", body)
            self.assertNotIn("Альфа: поставка кресел", body)
            self.assertIn('href="/my/requests/page/2?sortby=name"', body)
            body = self.get_ok("/my/requests/page/2?sortby=name")
            self.assertIn("Альфа: поставка кресел", body)
            self.assertNotIn("Альфа: оснащение офиса", body)

    def test_request_detail(self):
        self.login_a()
        body = self.get_ok(f"/my/requests/{self.lead_a.id}")
        for text in ("Альфа: поставка кресел", "Hot", "Ирина Продажина", "Альфа: звонок по КП", self.lead_a.lead_no):
            self.assertIn(text, body)
        self.assertIn('href="/my/requests"', body)
        self.assertNotIn("Альфа: внутренняя заметка", body)
        self.assertNotIn(self.com_a_internal.communication_no, body)
        body = self.get_ok(f"/my/requests/{self.deal_a.id}")
        self.assertIn("Qualified", body)
        # the other company's, and an unknown id: not found, nothing of it shown
        self.assertNotFound(f"/my/requests/{self.lead_b.id}", "Бета", self.lead_b.lead_no)
        self.assertNotFound(f"/my/requests/{self.deal_b.id}", "Бета", self.deal_b.deal_no)
        self.assertNotFound("/my/requests/987654321")

        self.login_b()
        body = self.get_ok(f"/my/requests/{self.lead_b.id}")
        self.assertIn("Бета: звонок по смете", body)
        self.assertNotIn("Бета: внутренняя заметка", body)
        self.assertNotFound(f"/my/requests/{self.lead_a.id}", "Альфа", self.lead_a.lead_no)

    def test_communications(self):
        self.login_a()
        body = self.get_ok("/my/communications")
        self.assertIn("My communications", body)
        self.assertIn("Альфа: звонок по КП", body)
        self.assertIn(self.com_a.communication_no, body)
        for text in (
            "Альфа: внутренняя заметка",
            "Бета",
            self.com_a_internal.communication_no,
            self.com_b.communication_no,
        ):
            self.assertNotIn(text, body)
        body = self.get_ok("/my/communications?search=скидку")
        self.assertIn("Альфа: звонок по КП", body)
        body = self.get_ok(f"/my/communications/{self.com_a.id}")
        for text in ("Альфа: звонок по КП", "Альфа просит скидку", "Call", "Outbound", "Альфа: поставка кресел"):
            self.assertIn(text, body)
        self.assertNotFound(f"/my/communications/{self.com_a_internal.id}", "маржа")
        self.assertNotFound(f"/my/communications/{self.com_b.id}", "Бета")
        self.assertNotFound(f"/my/communications/{self.com_b_internal.id}", "Бета")
        self.assertNotFound("/my/communications/987654321")

        self.login_b()
        body = self.get_ok("/my/communications")
        self.assertIn("Бета: звонок по смете", body)
        self.assertNotIn("Альфа", body)
        self.assertNotFound(f"/my/communications/{self.com_a.id}", "Альфа")

    def test_marked_internal_on_the_form(self):
        """The sales rep ticks "Internal" on the communication's form: the
        client no longer sees it on the portal."""
        with Form(self.com_a.with_user(self.sales_user)) as form:
            form.internal = True
        self.env.flush_all()
        self.login_a()
        self.assertNotIn("Альфа: звонок по КП", self.get_ok("/my/communications"))
        self.assertNotFound(f"/my/communications/{self.com_a.id}", "скидку")

    def test_home_counters(self):
        self.login_a()
        body = self.get_ok("/my")
        self.assertIn("My requests", body)
        self.assertIn('data-placeholder_count="crm_request_count"', body)
        self.assertIn('data-placeholder_count="crm_communication_count"', body)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["crm_request_count", "crm_communication_count"]}
        )
        self.assertEqual(counters, {"crm_request_count": 2, "crm_communication_count": 1})
        self.login_b()
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["crm_request_count", "crm_communication_count"]}
        )
        self.assertEqual(counters, {"crm_request_count": 2, "crm_communication_count": 1})

    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_json_rpc_isolation(self):
        """The pages show a client their company's requests; through JSON-RPC
        they read nothing of them, their own company's included (the sales
        team's notes, revenue, a call's result), and write nothing."""
        self.login_a()
        with mute_logger("odoo.http"):
            for model, method, args, kwargs in (
                ("crm.lead", "search_read", [[]], {"fields": ["name"]}),
                ("crm.lead", "read", [[self.lead_a.id]], {"fields": ["description", "expected_revenue"]}),
                ("crm.lead", "read", [[self.lead_b.id, self.deal_b.id]], {"fields": ["display_name"]}),
                ("crm.lead", "write", [[self.lead_a.id], {"name": "Взлом"}], {}),
                ("crm.communication", "search_read", [[]], {"fields": ["summary"]}),
                ("crm.communication", "read", [[self.com_a.id]], {"fields": ["result", "note"]}),
                ("crm.communication", "read", [[self.com_a_internal.id, self.com_b.id]], {"fields": ["summary"]}),
            ):
                with self.assertRaises(JsonRpcException) as caught:
                    self.call_kw(model, method, args, kwargs)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError", f"{model}.{method}")
        self.assertEqual(self.lead_a.name, "Альфа: поставка кресел")

    def test_new_request(self):
        self.login_a()
        body = self.get_ok("/my/requests/new")
        self.assertIn("New request", body)
        self.assertIn('value="anna@alfa.example.com"', body)
        self.assertIn('value="+7 495 111-11-11"', body)
        token = self.csrf("/my/requests/new")
        response = self.url_open(
            "/my/requests/new",
            data={
                "csrf_token": token,
                "subject": "Нужны ещё 20 кресел",
                "message": "Для нового филиала.\nСрок — месяц.",
                "phone": "+7 916 000-00-01",
                "email": "zakupki@alfa.example.com",
            },
        )
        self.assertEqual(response.status_code, 200)
        lead = self.env["crm.lead"].search([("name", "=", "Нужны ещё 20 кресел")])
        self.assertEqual(len(lead), 1)
        self.assertTrue(response.url.endswith(f"/my/requests/{lead.id}?created=1"), response.url)
        self.assertIn("your request was received", response.text)
        self.assertIn("Нужны ещё 20 кресел", response.text)
        portal = self.env.ref("crm_vtiger_like.utm_source_portal")
        self.assertRecordValues(
            lead,
            [{"type": "lead", "partner_id": self.contact_a.id, "source_id": portal.id, "user_id": False}],
        )
        self.assertTrue(lead.lead_no)
        communication = self.env["crm.communication"].search([("lead_id", "=", lead.id)])
        self.assertRecordValues(
            communication,
            [
                {
                    "partner_id": self.contact_a.id,
                    "commercial_partner_id": self.account_a.id,
                    "channel": "website_form",
                    "direction": "inbound",
                    "kind": "new",
                    "source_id": portal.id,
                    "summary": "Нужны ещё 20 кресел",
                    "phone": "+7 916 000-00-01",
                    "email": "zakupki@alfa.example.com",
                    "user_id": False,
                    "internal": False,
                    "company_id": self.env.company.id,
                }
            ],
        )
        self.assertIn("Для нового филиала.", communication.note)
        # listed among the requests, and not shown to the other company
        self.assertIn("Нужны ещё 20 кресел", self.get_ok("/my/requests"))
        self.login_b()
        self.assertNotIn("Нужны ещё 20 кресел", self.get_ok("/my/requests"))
        self.assertNotFound(f"/my/requests/{lead.id}", "Нужны ещё 20 кресел")

    def test_new_request_validation(self):
        self.login_a()
        Lead = self.env["crm.lead"]
        count = Lead.search_count([])
        token = self.csrf("/my/requests/new")
        response = self.url_open("/my/requests/new", data={"csrf_token": token, "subject": " ", "message": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Give your request a subject or a message.", response.text)
        response = self.url_open(
            "/my/requests/new", data={"csrf_token": token, "subject": "Я" * 201, "email": "not-an-email"}
        )
        self.assertIn("At most 200 characters.", response.text)
        self.assertIn("This e-mail address is not valid.", response.text)
        # no CSRF token: refused
        with mute_logger("odoo.http"):
            response = self.url_open("/my/requests/new", data={"subject": "Без токена"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Lead.search_count([]), count)

    def test_profile_opt_outs(self):
        self.login_a()
        body = self.get_ok("/my/account")
        self.assertIn('name="email_opt_out"', body)
        self.assertIn('name="do_not_call"', body)
        token = self.csrf("/my/account")
        details = {
            "csrf_token": token,
            "name": "Анна Альфина",
            "email": "anna.new@alfa.example.com",
            "phone": "+7 495 333-33-33",
            "street": "ул. Тверская, 1",
            "city": "Москва",
            "country_id": str(self.env.ref("base.ru").id),
            "vtiger_opt_outs": "1",
        }
        response = self.url_open("/my/account", data={**details, "email_opt_out": "on", "do_not_call": "on"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Unknown field", response.text)
        self.contact_a.invalidate_recordset()
        self.assertRecordValues(
            self.contact_a,
            [
                {
                    "email": "anna.new@alfa.example.com",
                    "phone": "+7 495 333-33-33",
                    "email_opt_out": True,
                    "do_not_call": True,
                }
            ],
        )
        body = self.get_ok("/my/account")
        self.assertIn('name="email_opt_out" checked', body)
        self.assertIn('name="do_not_call" checked', body)
        # unticked boxes are not posted: both back off
        self.url_open("/my/account", data=details)
        self.contact_a.invalidate_recordset()
        self.assertRecordValues(self.contact_a, [{"email_opt_out": False, "do_not_call": False}])
        self.assertFalse(self.contact_b.email_opt_out)
