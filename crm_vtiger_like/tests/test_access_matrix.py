"""The access matrix (issue 20): what each role may do on every model the
addon adds or extends, on the records of the rule-bound models, and what it
gets from every controller route the addon serves or relies on, against the
tables declared below. The tables are the security model, documented in
docs/access_matrix.md: a new model or route must be declared here."""

import json
import re
from urllib.parse import urlparse

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import VtigerCase, undone

ROLES = ("own", "all", "manager", "admin", "portal", "public")
ROLE_GROUPS = {
    "own": "sales_team.group_sale_salesman",
    "all": "sales_team.group_sale_salesman_all_leads",
    "manager": "sales_team.group_sale_manager",
    "admin": "sales_team.group_sale_manager,base.group_system",
    "portal": "base.group_portal",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}

# model: for each role of ROLES, the operations ir.model.access grants on the
# model in general: r(ead), w(rite), c(reate), u(nlink)
MODEL_ACCESS = {
    "crm.account.type": ("r", "r", "rwcu", "rwcu", "r", ""),
    "crm.communication": ("rwc", "rwc", "rwcu", "rwcu", "", ""),
    "crm.communication.client.key": ("", "", "", "r", "", ""),
    "crm.communication.purpose": ("r", "r", "rwcu", "rwcu", "r", ""),
    "crm.inbound.channel": ("r", "r", "rwcu", "rwcu", "", ""),
    "crm.inbound.throttle": ("", "", "", "r", "", ""),
    "crm.lead": ("rwc", "rwc", "rwcu", "rwcu", "", ""),
    "crm.lead.status": ("r", "r", "rwcu", "rwcu", "r", ""),
    "crm.summary.widget": ("rwcu", "rwcu", "rwcu", "rwcu", "", ""),
    "crm.vtiger.bulk.merge": ("", "", "rwcu", "rwcu", "", ""),
    "crm.vtiger.bulk.merge.line": ("", "", "rwcu", "rwcu", "", ""),
    "crm.vtiger.import.label": ("r", "r", "rwcu", "rwcu", "", ""),
    "crm.vtiger.merge.journal": ("", "", "r", "r", "", ""),
    "crm.vtiger.merge.journal.line": ("", "", "r", "r", "", ""),
    "crm.vtiger.not.duplicate": ("rc", "rc", "rwcu", "rwcu", "", ""),
    "crm.vtiger.phone": ("", "", "", "r", "", ""),
    "crm.vtiger.rating": ("r", "r", "rwcu", "rwcu", "r", ""),
    "ir.sequence": ("r", "r", "r", "rwcu", "", ""),
    "mail.activity": ("rwcu", "rwcu", "rwcu", "rwcu", "", ""),
    "product.product": ("r", "r", "r", "rwcu", "", ""),
    "res.company": ("r", "r", "r", "rwcu", "r", "r"),
    "res.country": ("r", "r", "r", "rwcu", "r", "r"),
    "res.partner": ("rwc", "rwc", "rwc", "rwc", "r", "r"),
    "res.users": ("r", "r", "r", "rwcu", "r", "r"),
    "utm.campaign": ("rwc", "rwc", "rwc", "rwcu", "", ""),
    "utm.source": ("rwc", "rwc", "rwc", "rwcu", "", ""),
}
# wizard (transient model): for each role, "c" when it may open (create) one
WIZARD_ACCESS = {
    "crm.lead2opportunity.partner": ("c", "c", "c", "c", "", ""),
    "crm.lead2opportunity.partner.mass": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.duplicate.finder": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.duplicate.group": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.import": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.import.problem": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.mass.comment": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.mass.communication": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.mass.delete": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.mass.edit": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.merge.wizard": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.merge.wizard.line": ("c", "c", "c", "c", "", ""),
    "crm.vtiger.migration.wizard": ("", "", "c", "c", "", ""),
    "crm.vtiger.migration.wizard.column": ("", "", "c", "c", "", ""),
    "crm.vtiger.migration.wizard.count": ("", "", "c", "c", "", ""),
    "crm.vtiger.migration.wizard.field": ("", "", "c", "c", "", ""),
    "crm.vtiger.migration.wizard.file": ("", "", "c", "c", "", ""),
    "crm.vtiger.migration.wizard.problem": ("", "", "c", "c", "", ""),
    "crm.vtiger.notify.wizard": ("", "", "c", "c", "", ""),
    "mail.compose.message": ("c", "c", "c", "c", "", ""),
    "portal.wizard.user": ("", "", "", "", "", ""),
    "res.config.settings": ("", "", "", "c", "", ""),
    "sms.composer": ("c", "c", "c", "c", "", ""),
}
# model: kind of record: for each role, the operations allowed on one record
# (ACL and record rules; "c": creating one like it); None: not tried. Kinds:
# own (assigned to the acting user), colleague (to another sales rep),
# unassigned, company (nobody's, of the users' company), other_company (of
# the second company), client (of the portal user's company, a colleague's),
# client_internal (the same, marked internal), other_client (of another
# client company, a colleague's)
RECORD_ACCESS = {
    "crm.lead": {
        "own": ("rwc", "rwc", "rwcu", "rwcu", None, None),
        "colleague": ("", "rwc", "rwcu", "rwcu", "", ""),
        "unassigned": ("rwc", "rwc", "rwcu", "rwcu", "", ""),
        "other_company": ("", "", "", "", "", ""),
        "client": ("", "rwc", "rwcu", "rwcu", "", ""),
        "other_client": ("", "rwc", "rwcu", "rwcu", "", ""),
    },
    "crm.communication": {
        "own": ("rwc", "rwc", "rwcu", "rwcu", None, None),
        "colleague": ("", "rwc", "rwcu", "rwcu", "", ""),
        "unassigned": ("rwc", "rwc", "rwcu", "rwcu", "", ""),
        "other_company": ("", "", "", "", "", ""),
        "client": ("", "rwc", "rwcu", "rwcu", "", ""),
        "client_internal": ("", "rwc", "rwcu", "rwcu", "", ""),
        "other_client": ("", "rwc", "rwcu", "rwcu", "", ""),
    },
    "res.partner": {
        "own": ("rwc", "rwc", "rwc", "rwc", None, None),
        "colleague": ("rwc", "rwc", "rwc", "rwc", "", ""),
        "other_company": ("", "", "", "", "", ""),
        "client": ("rwc", "rwc", "rwc", "rwc", "r", ""),
        "other_client": ("rwc", "rwc", "rwc", "rwc", "", ""),
    },
    "crm.summary.widget": {
        "own": ("rwcu", "rwcu", "rwcu", "rwcu", None, None),
        "colleague": ("", "", "rwcu", "rwcu", "", ""),
        "company": ("r", "r", "rwcu", "rwcu", "", ""),
        "other_company": ("", "", "", "", "", ""),
    },
    "crm.inbound.channel": {
        "company": ("r", "r", "rwcu", "rwcu", "", ""),
        "other_company": ("", "", "", "", "", ""),
    },
    "crm.vtiger.merge.journal": {
        "company": ("", "", "r", "r", "", ""),
        "other_company": ("", "", "", "", "", ""),
    },
    "crm.vtiger.merge.journal.line": {
        "company": ("", "", "r", "r", "", ""),
        "other_company": ("", "", "", "", "", ""),
    },
}
WRITE_VALUES = {
    "crm.lead": {"description": "<p>Access matrix</p>"},
    "crm.communication": {"summary": "Access matrix"},
    "res.partner": {"comment": "<p>Access matrix</p>"},
    "crm.summary.widget": {"name": "Access matrix"},
    "crm.inbound.channel": {"name": "Access matrix"},
    "crm.vtiger.merge.journal": {"master_name": "Access matrix"},
    "crm.vtiger.merge.journal.line": {"what": "Access matrix"},
}

# an outcome per role of ROLES: an HTTP status, "login" (redirected to the
# login page), or for a JSON-RPC call "ok" or the name of the error
USERS_OK = ("200", "200", "200", "200", "200", "login")
NOT_FOUND = ("404", "404", "404", "404", "404", "login")
PORTAL_ONLY = ("404", "404", "404", "404", "200", "login")
JSON_OK = ("ok", "ok", "ok", "ok", "ok", "SessionExpiredException")
INTERNAL_OK = ("ok", "ok", "ok", "ok", "AccessError", "SessionExpiredException")
# route of the addon: the requests tried, (method, url, JSON-RPC params,
# outcomes); GET and POST (an empty JSON body) are plain HTTP requests.
# {model:kind} stands for the id of that record (RECORD_ACCESS), {uid} for
# the acting user's, {vapid_public_key} for Odoo's web push key
ADDON_ROUTES = {
    "/crm_vtiger_like/import_template/<string:kind>": (
        ("GET", "/crm_vtiger_like/import_template/leads", None, ("200", "200", "200", "200", "403", "login")),
        ("GET", "/crm_vtiger_like/import_template/nothing", None, NOT_FOUND),
    ),
    "/crm_vtiger_like/inbound": (("POST", "/crm_vtiger_like/inbound", None, ("401",) * 6),),
    "/my/requests": (("GET", "/my/requests", None, USERS_OK),),
    "/my/requests/page/<int:page>": (("GET", "/my/requests/page/2", None, USERS_OK),),
    "/my/requests/new": (("GET", "/my/requests/new", None, USERS_OK),),
    "/my/requests/<int:lead_id>": (
        ("GET", "/my/requests/{crm.lead:client}", None, PORTAL_ONLY),
        ("GET", "/my/requests/{crm.lead:other_client}", None, NOT_FOUND),
        ("GET", "/my/requests/{crm.lead:unassigned}", None, NOT_FOUND),
    ),
    "/my/communications": (("GET", "/my/communications", None, USERS_OK),),
    "/my/communications/page/<int:page>": (("GET", "/my/communications/page/2", None, USERS_OK),),
    "/my/communications/<int:communication_id>": (
        ("GET", "/my/communications/{crm.communication:client}", None, PORTAL_ONLY),
        ("GET", "/my/communications/{crm.communication:client_internal}", None, NOT_FOUND),
        ("GET", "/my/communications/{crm.communication:other_client}", None, NOT_FOUND),
    ),
}


def call_kw(model, method, *args, **kwargs):
    """The URL and the JSON-RPC params of ``model.method(*args, **kwargs)``."""
    return f"/web/dataset/call_kw/{model}/{method}", {"model": model, "method": method, "args": args, "kwargs": kwargs}


# routes of Odoo the addon relies on: the /my home (its counters), the
# /my/account form (its opt-outs), and the JSON-RPC calls of its backend
# code and of Odoo's web push subscription (static/src/notify)
RELIED_ROUTES = {
    "/my": (("GET", "/my", None, USERS_OK),),
    "/my/counters": (
        ("JSON", "/my/counters", {"counters": ["crm_request_count", "crm_communication_count"]}, JSON_OK),
    ),
    "/my/account": (("GET", "/my/account", None, USERS_OK),),
    "/web/dataset/call_kw/<path:path>": (
        ("JSON", *call_kw("mail.push.device", "get_web_push_vapid_public_key"), JSON_OK),
        (
            "JSON",
            *call_kw(
                "mail.push.device",
                "register_devices",
                endpoint="https://push.example.com/access-matrix",
                keys={"p256dh": "browser-public-key", "auth": "browser-secret"},
                vapid_public_key="{vapid_public_key}",
            ),
            JSON_OK,
        ),
        (
            "JSON",
            *call_kw("mail.push.device", "unregister_devices", endpoint="https://push.example.com/access-matrix"),
            JSON_OK,
        ),
        (
            "JSON",
            *call_kw("res.users", "read", ["{uid}"], ["crm_notify_new", "crm_notify_mode"]),
            JSON_OK,
        ),
        ("JSON", *call_kw("res.users", "write", ["{uid}"], {"crm_notify_new": True}), JSON_OK),
        # the /my pages show a client their company's requests; the sales
        # team's fields of them (notes, revenue, a call's result) stay closed
        (
            "JSON",
            *call_kw("crm.lead", "read", ["{crm.lead:client}"], ["description", "expected_revenue"]),
            ("AccessError", "ok", "ok", "ok", "AccessError", "SessionExpiredException"),
        ),
        (
            "JSON",
            *call_kw("crm.communication", "search_read", [("id", "=", "{crm.communication:client}")], ["result"]),
            INTERNAL_OK,
        ),
        ("JSON", *call_kw("crm.summary.widget", "get_summary", "crm.lead", "{crm.lead:unassigned}"), INTERNAL_OK),
        (
            "JSON",
            *call_kw("crm.summary.widget", "get_summary", "crm.lead", "{crm.lead:colleague}"),
            ("AccessError", "ok", "ok", "ok", "AccessError", "SessionExpiredException"),
        ),
        (
            "JSON",
            *call_kw("crm.summary.widget", "get_summary", "crm.lead", "{crm.lead:other_company}"),
            ("AccessError",) * 5 + ("SessionExpiredException",),
        ),
        ("JSON", *call_kw("crm.lead", "action_vtiger_take", ["{crm.lead:unassigned}"]), INTERNAL_OK),
        # taken by a colleague: refused, named only to those who may read it
        (
            "JSON",
            *call_kw("crm.lead", "action_vtiger_take", ["{crm.lead:colleague}"]),
            ("UserError",) * 4 + ("AccessError", "SessionExpiredException"),
        ),
        (
            "JSON",
            *call_kw("crm.lead", "action_vtiger_take", ["{crm.lead:other_company}"]),
            ("AccessError",) * 5 + ("SessionExpiredException",),
        ),
    ),
}
PLACEHOLDER = re.compile(r"\{([\w.:]+)\}")
ADDON_MODULE = "odoo.addons.crm_vtiger_like."


class AccessMatrixCase(VtigerCase):
    """A user per role, two client companies (the portal user is a contact
    of the first), and a record of each kind of RECORD_ACCESS."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.colleague = cls.sales_user
        cls.client = Partner.create({"name": "ООО «Клиент»", "is_company": True})
        cls.client_contact = Partner.create(
            {"name": "Вера Клиентова", "parent_id": cls.client.id, "email": "vera@client.example.com"}
        )
        cls.other_client = Partner.create({"name": "ООО «Другой клиент»", "is_company": True})
        cls.other_contact = Partner.create({"name": "Глеб Другов", "parent_id": cls.other_client.id})
        cls.users = {
            role: new_test_user(cls.env, login=f"access_{role}", password=f"access_{role}", groups=groups)
            for role, groups in ROLE_GROUPS.items()
            if role != "portal"
        }
        cls.users["portal"] = new_test_user(
            cls.env,
            login="access_portal",
            password="access_portal",
            groups=ROLE_GROUPS["portal"],
            partner_id=cls.client_contact.id,
            name=cls.client_contact.name,
            email=cls.client_contact.email,
        )
        cls.users["public"] = cls.env.ref("base.public_user")
        cls.records = {}
        for model, kinds in RECORD_ACCESS.items():
            for kind, row in kinds.items():
                for role, expected in zip(ROLES, row, strict=True):
                    key = cls._record_key(model, kind, role)
                    if expected is not None and key not in cls.records:
                        cls.records[key] = cls.env[model].create(cls._record_values(model, kind, cls.users[role]))
        cls.env.flush_all()

    @staticmethod
    def _record_key(model, kind, role):
        return model, kind, role if kind == "own" else None

    @classmethod
    def _record_values(cls, model, kind, user):
        """The values of a record of ``kind`` (RECORD_ACCESS) for ``user``."""
        if model == "crm.vtiger.merge.journal.line":
            journal = cls.records["crm.vtiger.merge.journal", kind, None]
            return {"journal_id": journal.id, "op": "update", "table_name": "res_partner", "before": {"email": "x@y.z"}}
        clients = {
            "client": cls.client_contact,
            "client_internal": cls.client_contact,
            "other_client": cls.other_contact,
        }
        salesperson = user if kind == "own" else cls.colleague if kind == "colleague" or kind in clients else False
        values = {"user_id": salesperson and salesperson.id}
        if kind in ("company", "other_company"):
            values["company_id"] = (cls.company_2 if kind == "other_company" else cls.company).id
        if model == "res.partner":
            return {**values, "name": f"Контакт ({kind})", "parent_id": kind in clients and clients[kind].parent_id.id}
        if model == "crm.lead":
            return {
                **values,
                "name": f"Заявка ({kind})",
                "type": "lead",
                "partner_id": kind in clients and clients[kind].id,
            }
        if model == "crm.communication":
            return {
                **values,
                "channel": "call",
                "direction": "outbound",
                "summary": f"Звонок ({kind})",
                "partner_id": kind in clients and clients[kind].id,
                "internal": kind == "client_internal",
                "source_id": cls.env.ref("crm_vtiger_like.utm_source_venyoo").id,
                "purpose_id": cls.env.ref("crm_vtiger_like.purpose_send_a_quote").id,
            }
        if model == "crm.summary.widget":
            return {**values, "card": "deal", "source": "communications"}
        if model == "crm.inbound.channel":
            return {
                **values,
                "name": f"Канал ({kind})",
                "source_id": cls.env.ref("crm_vtiger_like.utm_source_venyoo").id,
            }
        # crm.vtiger.merge.journal
        return {**values, "res_model": "res.partner", "master_name": f"Слияние ({kind})"}

    def _record(self, model, kind, role):
        return self.records[self._record_key(model, kind, role)]


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    def _addon_models(self):
        """The models the addon adds or extends (it owns an ir.model xmlid of
        them, or fields on them), abstract ones left out."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "crm_vtiger_like"), ("model", "in", ("ir.model", "ir.model.fields"))]
        )
        names = set()
        for model in ("ir.model", "ir.model.fields"):
            ids = data.filtered(lambda xmlid, model=model: xmlid.model == model).mapped("res_id")
            names.update(self.env[model].browse(ids).mapped("model"))
        return {name for name in names if not self.env[name]._abstract}

    def test_model_access(self):
        """ir.model.access of every role on every model of the addon."""
        models = self._addon_models()
        declared = MODEL_ACCESS | WIZARD_ACCESS
        mismatches = [
            f"{model}: not declared in MODEL_ACCESS or WIZARD_ACCESS" for model in sorted(models - set(declared))
        ]
        mismatches += [f"{model}: declared, but not a model of the addon" for model in sorted(set(declared) - models)]
        for model in sorted(models & set(declared)):
            transient = self.env[model]._transient
            if (model in WIZARD_ACCESS) != transient:
                mismatches.append(f"{model}: declared in the wrong table (wizards go to WIZARD_ACCESS)")
            for role, expected in zip(ROLES, declared[model], strict=True):
                Model = self.env[model].with_user(self.users[role])
                actual = "".join(
                    letter for letter in ("c" if transient else "rwcu") if Model.has_access(OPERATIONS[letter])
                )
                if actual != expected:
                    mismatches.append(f"{model} as {role}: expected {expected or '-'}, got {actual or '-'}")
        self.assertFalse(mismatches, "\n".join(mismatches))

    def _succeeds(self, attempt):
        """Whether ``attempt()`` raises no AccessError; undone either way."""
        with undone(self.env):
            try:
                attempt()
                self.env.flush_all()
            except AccessError:
                return False
        return True

    def _rights(self, record, values):
        """The operations the user of ``record`` may do on it ("c": create
        one of ``values``), each tried for real."""
        attempts = {
            "r": lambda: record.read(["display_name"]),
            "w": lambda: record.write(WRITE_VALUES[record._name]),
            "c": lambda: record.create(values),
            "u": record.unlink,
        }
        return "".join(letter for letter, attempt in attempts.items() if self._succeeds(attempt))

    def test_record_access(self):
        """ACL and record rules of every role on each kind of record; the
        real operations agree with has_access()."""
        mismatches = []
        for model, kinds in RECORD_ACCESS.items():
            for kind, row in kinds.items():
                for role, expected in zip(ROLES, row, strict=True):
                    if expected is None:
                        continue
                    user = self.users[role]
                    record = self._record(model, kind, role).with_user(user)
                    actual = self._rights(record, self._record_values(model, kind, user))
                    if actual != expected:
                        mismatches.append(f"{model} {kind} as {role}: expected {expected or '-'}, got {actual or '-'}")
                    for letter in "rwu":
                        if record.has_access(OPERATIONS[letter]) != (letter in actual):
                            mismatches.append(f"{model} {kind} as {role}: has_access({OPERATIONS[letter]!r}) disagrees")
        self.assertFalse(mismatches, "\n".join(mismatches))


@tagged("post_install", "-at_install")
class TestRouteAccess(HttpCase, AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vapid_public_key = cls.env["mail.push.device"].get_web_push_vapid_public_key()

    def _addon_routes(self):
        """The routes served by a controller method of the addon."""
        return {
            rule.rule
            for rule in self.env["ir.http"].routing_map().iter_rules()
            if rule.endpoint.original_endpoint.__module__.startswith(ADDON_MODULE)
        }

    def _resolve(self, value, role):
        """``value`` with its placeholders replaced, for ``role``."""
        if isinstance(value, dict):
            return {key: self._resolve(item, role) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._resolve(item, role) for item in value]
        if not isinstance(value, str):
            return value
        if match := PLACEHOLDER.fullmatch(value):
            return self._placeholder(match[1], role)
        return PLACEHOLDER.sub(lambda match: str(self._placeholder(match[1], role)), value)

    def _placeholder(self, name, role):
        if name == "uid":
            return self.users[role].id
        if name == "vapid_public_key":
            return self.vapid_public_key
        return self._record(*name.split(":"), role).id

    def _answer(self, method, url, params):
        """What the server answers: a status, "login", or a JSON-RPC result."""
        headers = {"Content-Type": "application/json"}
        if method == "JSON":
            body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
            answer = self.url_open(url, data=body, headers=headers).json()
            return answer["error"]["data"]["name"].rpartition(".")[2] if "error" in answer else "ok"
        if method == "POST":
            response = self.url_open(url, data=b"{}", headers=headers, allow_redirects=False)
        else:
            response = self.url_open(url, allow_redirects=False)
        if response.is_redirect and urlparse(response.headers["Location"]).path == "/web/login":
            return "login"
        return str(response.status_code)

    def test_declared_routes(self):
        """Every route of the addon is declared; every declared one exists."""
        routes = {rule.rule for rule in self.env["ir.http"].routing_map().iter_rules()}
        addon_routes = self._addon_routes()
        mismatches = [f"{route}: not declared in ADDON_ROUTES" for route in sorted(addon_routes - set(ADDON_ROUTES))]
        mismatches += [f"{route}: not a route of the addon" for route in sorted(set(ADDON_ROUTES) - addon_routes)]
        mismatches += [f"{route}: no such route" for route in sorted(set(RELIED_ROUTES) - routes)]
        self.assertFalse(mismatches, "\n".join(mismatches))

    @mute_logger("odoo.http", "odoo.addons.crm_vtiger_like.controllers.inbound")
    def test_route_access(self):
        """Each declared request as each role, undone after it."""
        mismatches = []
        for index, role in enumerate(ROLES):
            login = None if role == "public" else f"access_{role}"
            self.authenticate(login, login)
            for route, cases in (ADDON_ROUTES | RELIED_ROUTES).items():
                for method, url, params, outcomes in cases:
                    url = self._resolve(url, role)
                    with undone(self.env):
                        actual = self._answer(method, url, self._resolve(params, role))
                    if actual != outcomes[index]:
                        mismatches.append(
                            f"{route}: {method} {url} as {role}: expected {outcomes[index]}, got {actual}"
                        )
        self.assertFalse(mismatches, "\n".join(mismatches))
