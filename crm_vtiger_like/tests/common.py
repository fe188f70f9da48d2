import json
import re
from contextlib import contextmanager
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, api
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user
from odoo.tools import SQL, mute_logger

from ..tools import CONCURRENCY_ERRORS

INBOUND_URL = "/crm_vtiger_like/inbound"
WRONG_TOKEN = {"error": "The token is missing or wrong."}


@contextmanager
def undone(env):
    """Run the body in a savepoint, then undo what it wrote, rows and caches
    (a property test's examples must not see each other's records)."""
    savepoint = env.cr.savepoint()
    try:
        yield
        env.flush_all()
    finally:
        savepoint.close(rollback=True)
        env.clear()


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

    @classmethod
    def duplicate_accounts(cls, master=None, twin=None):
        """ООО «Ромашка» typed twice, the same phone in two formats, each
        with its own tag; ``master`` and ``twin`` add values."""
        Partner = cls.env["res.partner"]
        return Partner.create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "phone": "+7 912 000-11-22",
                "category_id": [(0, 0, {"name": "VIP"})],
                **(master or {}),
            }
        ), Partner.create(
            {
                "name": "Ромашка ООО",
                "is_company": True,
                "mobile": "8 912 000 11 22",
                "website": "https://romashka.ru",
                "category_id": [(0, 0, {"name": "Опт"})],
                **(twin or {}),
            }
        )

    def setUp(self):
        super().setUp()
        # an import moves the number sequences past the numbers of its rows with setval, which no
        # rollback undoes: they are put back after each test, or the fixtures of a later class
        # would draw numbers its rows bring (CON9003 given to a user's partner)
        for model in ("res.partner", "crm.lead"):
            for code in self.env[model]._vtiger_number_codes.values():
                sequence = self.company._crm_vtiger_sequence(code)
                if sequence.implementation == "standard":
                    table = f"ir_sequence_{sequence.id:03d}"
                    [state] = self.env.execute_query(SQL("SELECT last_value, is_called FROM %s", SQL.identifier(table)))
                    # skipped when the test dropped it (made the sequence "no gap"): setval is strict
                    self.addCleanup(
                        self.env.execute_query, SQL("SELECT setval(to_regclass(%s), %s, %s)", table, *state)
                    )

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


class InboundCase(HttpCase):
    """The inbound endpoint against the real server: a sales rep, a sales
    manager and a Venyoo channel with its token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="vt_inbound_rep", name="Ирина Входящая", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="vt_inbound_manager", name="Олег Каналов", groups="sales_team.group_sale_manager"
        )
        cls.venyoo = cls.env.ref("crm_vtiger_like.utm_source_venyoo")
        cls.channel = cls.env["crm.inbound.channel"].create(
            {"name": "Виджет Venyoo", "source_id": cls.venyoo.id, "user_id": cls.rep.id}
        )
        cls.token = cls._generate_token(cls.channel)

    @classmethod
    def _generate_token(cls, channel):
        action = channel.with_user(cls.manager).action_generate_token()
        return re.search(r": (\S+)$", action["params"]["message"]).group(1)

    def _post_json(self, payload, token=None, headers=None):
        """POST ``payload``: an object to encode, a text, bytes or chunks."""
        body = json.dumps(payload, ensure_ascii=False) if isinstance(payload, (dict, list)) else payload
        body = body.encode() if isinstance(body, str) else body
        headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.url_open(INBOUND_URL, data=body, headers=headers)

    def _post_form(self, data, token=None):
        return self.url_open(f"{INBOUND_URL}?token={token}" if token else INBOUND_URL, data=data)

    def _counts(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT (SELECT count(*) FROM crm_lead), (SELECT count(*) FROM crm_communication)")
        return self.env.cr.fetchone()


class ConcurrencyCase(TransactionCase):
    """Two workers on two real connections to PostgreSQL. Each test commits
    its records (other connections must see them) and deletes them
    afterwards (``remember``)."""

    def setUp(self):
        super().setUp()
        self.created = []
        self.addCleanup(self.forget)
        with self.committed() as env:
            self.demo_uid = env.ref("base.user_demo").id

    @contextmanager
    def committed(self):
        """An environment on a new connection, committed on exit."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def remember(self, records):
        self.created.append((records._name, records.ids))
        return records

    def forget(self):
        with self.committed() as env:
            env.cr.execute("DELETE FROM crm_communication_client_key")
            for model, ids in reversed(self.created):
                env.cr.execute(
                    "DELETE FROM crm_vtiger_merge_journal WHERE res_model = %s AND master_id = ANY(%s)", [model, ids]
                )
                env[model].with_context(active_test=False).browse(ids).exists().unlink()

    def two_workers(self):
        """Two connections; the second's snapshot is taken now, before the
        first commits anything."""
        first, second = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(first.close)
        self.addCleanup(second.close)
        second.execute("SELECT 1")
        return first, second

    def env_of(self, cr, uid=SUPERUSER_ID):
        return api.Environment(cr, uid, {})

    def assert_retried(self, cr, action):
        """``action`` fails on ``cr`` with a concurrency error, as Odoo's
        request retry expects; the transaction is rolled back like Odoo does."""
        try:
            with mute_logger("odoo.sql_db"):
                action()
        except CONCURRENCY_ERRORS:
            cr.rollback()
        else:
            self.fail("the second transaction did not notice the first one's work")
