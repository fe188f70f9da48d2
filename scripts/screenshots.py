"""Screenshots of the addon's screens with the demo data, in Russian, taken
by headless Chromium through its DevTools protocol (``make screenshots``).

Expects a running Odoo (``ODOO_URL``, database ``DB``) with the addon and its
demo data, and writes ``docs/screenshots/NN-name.png``. Each screen waits for
the element that proves it is shown; a screen that does not appear fails the
run (exit code 1) instead of writing a blank picture.
"""

import base64
import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "screenshots")
URL = os.environ["ODOO_URL"].rstrip("/")
DB = os.environ["DB"]
WIDTH, HEIGHT = 1440, 900


class Odoo:
    """JSON-RPC as the admin user: the session cookie and record ids."""

    def __init__(self, login="admin", password="admin"):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.rpc("/web/session/authenticate", {"db": DB, "login": login, "password": password})

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(URL + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=60) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        # as the web client calls: in the user's language (the demo users' is Russian)
        kwargs.setdefault("context", {"lang": "ru_RU", "tz": "Europe/Moscow"})
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self.rpc("/web/dataset/call_kw", params)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        [row] = self.call("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"])
        return row["res_id"]

    @property
    def session_id(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "session_id")


class Chromium:
    """One headless Chromium tab driven over the DevTools websocket."""

    def __init__(self):
        binary = next(filter(None, map(shutil.which, ("google-chrome", "chromium", "chromium-browser"))))
        self.profile = tempfile.mkdtemp(prefix="crmvt_shots_")
        port = 9300 + os.getpid() % 500
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-address=127.0.0.1",
                f"--remote-debugging-port={port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as response:
                    pages = [page for page in json.load(response) if page["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("Chromium did not start")
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                time.sleep(0.8)  # let the last renders and fonts settle
                return
            time.sleep(0.3)
        raise RuntimeError(f"{selector} did not appear")

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def do_action(action, context):
    """JS opening an action in the web client (wizards open as dialogs)."""
    return (
        "odoo.__WOWL_DEBUG__.root.env.services.action.doAction("
        f"{json.dumps(action)}, {{additionalContext: {json.dumps(context)}}})"
    )


def click(selector, delay=1000):
    """JS clicking ``selector`` after ``delay`` ms, as a promise."""
    return (
        f"new Promise((ok) => setTimeout(ok, {delay}))"
        f".then(() => document.querySelector({json.dumps(selector)}).click())"
    )


# a small vtiger 8 export of Leads, as its list view writes it: one unknown custom column,
# one bad e-mail and one known number (reported by the dry run)
VTIGER_LEADS = (
    '"Lead No","Salutation","First Name","Last Name","Company","Phone","Email","Lead Source",'
    '"Lead Status","Assigned To","City","Purchase Channel"\r\n'
    '"LEA901","Mr.","Павел","Кузнецов","ООО «Вектор»","+7 (495) 123-45-90","kuznetsov@vektor.ru",'
    '"Web Site","Hot","Administrator","Москва","Тендер"\r\n'
    '"LEA902","Ms.","Ольга","Смирнова","ИП Смирнова","8 912 345 67 01","olga(at)mail","Cold Call",'
    '"Contacted","Administrator","Екатеринбург","Звонок"\r\n'
    '"LEA903","","Игорь","Соколов","ООО «Север»","+7 812 555-10-20","sokolov@sever.ru","Trade Show",'
    '"Not Contacted","Administrator","Санкт-Петербург","Выставка"\r\n'
)


def notify_new_request(odoo):
    """An inbound request while the admin watches the Leads list: Odoo's bus
    brings the alert toast to the tab."""
    admin = odoo.ref("base.user_admin")
    odoo.call("res.users", "write", [admin], {"crm_notify_new": True, "crm_notify_mode": "inpage"})
    time.sleep(2)  # the tab has subscribed to the bus
    odoo.call(
        "crm.communication",
        "create",
        {
            "phone": "+7 916 700-12-34",
            "contact_name": "Марина Егорова",
            "summary": "Заявка с сайта: нужен расчёт на 40 кресел",
            "channel": "website_form",
            "direction": "inbound",
            "source_id": odoo.ref("crm_vtiger_like.utm_source_web_site"),
        },
    )


def vtiger_import_checked(odoo):
    """The vtiger import wizard after its dry run ("Check") of a Leads export."""
    attachment = odoo.call(
        "ir.attachment",
        "create",
        {"name": "Leads.csv", "datas": base64.b64encode(VTIGER_LEADS.encode()).decode(), "mimetype": "text/csv"},
    )
    wizard = odoo.call("crm.vtiger.migration.wizard", "create", {"attachment_ids": [(6, 0, [attachment])]})
    odoo.call("crm.vtiger.migration.wizard", "action_analyse", [wizard])
    odoo.call("crm.vtiger.migration.wizard", "action_check", [wizard])
    [action] = odoo.call(
        "ir.actions.act_window", "read", [odoo.ref("crm_vtiger_like.action_crm_vtiger_migration_wizard")], ["name"]
    )
    return do_action(
        {
            "type": "ir.actions.act_window",
            "name": action["name"],
            "res_model": "crm.vtiger.migration.wizard",
            "res_id": wizard,
            "views": [[False, "form"]],
            "target": "new",
        },
        {},
    )


def screens(odoo):
    """(name, path, selector proving the screen is shown, then: JS to run or
    a function of ``odoo`` returning JS or None, who: "admin" or "portal")."""
    lead = odoo.ref("crm_vtiger_like.lead_03")
    account = odoo.ref("crm_vtiger_like.account_stroymaster")
    contact = odoo.ref("crm_vtiger_like.contact_ivanov")
    twin = odoo.ref("crm_vtiger_like.contact_ivanov_duplicate")
    return [
        ("leads", "/odoo/action-crm_vtiger_like.crm_lead_action_leads", ".o_list_view .o_data_row", None, "admin"),
        (
            "lead-card",
            f"/odoo/action-crm_vtiger_like.crm_lead_action_leads/{lead}",
            ".o_form_view .o_field_widget[name='lead_no']",
            None,
            "admin",
        ),
        (
            "convert",
            f"/odoo/action-crm_vtiger_like.crm_lead_action_leads/{lead}",
            ".modal .o_field_widget[name='vtiger_account_action']",
            do_action(
                "crm_vtiger_like.crm_lead_action_convert",
                {"active_model": "crm.lead", "active_id": lead, "active_ids": [lead]},
            ),
            "admin",
        ),
        ("deals", "/odoo/action-crm.crm_lead_action_pipeline", ".o_kanban_view .o_kanban_record", None, "admin"),
        ("accounts", "/odoo/action-crm_vtiger_like.action_crm_accounts", ".o_list_view .o_data_row", None, "admin"),
        (
            "account-card",
            f"/odoo/action-crm_vtiger_like.action_crm_accounts/{account}",
            ".o_form_view .o_field_widget[name='account_no']",
            None,
            "admin",
        ),
        ("contacts", "/odoo/action-crm_vtiger_like.action_crm_contacts", ".o_list_view .o_data_row", None, "admin"),
        (
            "contact-card",
            f"/odoo/action-crm_vtiger_like.action_crm_contacts/{contact}",
            ".o_form_view button[name='action_view_duplicates']",
            None,
            "admin",
        ),
        (
            "find-duplicates",
            "/odoo/action-crm_vtiger_like.action_crm_contacts",
            ".modal .o_field_widget[name='group_ids'] .o_data_row",
            do_action("crm_vtiger_like.action_crm_vtiger_duplicate_finder", {})
            + ".then(() => "
            + click(".modal button[name='action_find']", 1500)
            + ")",
            "admin",
        ),
        (
            "merge",
            "/odoo/action-crm_vtiger_like.action_crm_contacts",
            ".modal .o_field_widget[name='line_ids'] .o_data_row",
            do_action(
                "crm_vtiger_like.action_crm_vtiger_merge_partners",
                {"active_model": "res.partner", "active_ids": [contact, twin]},
            ),
            "admin",
        ),
        (
            "communications",
            "/odoo/action-crm_vtiger_like.crm_communication_action",
            ".o_list_view .o_data_row",
            None,
            "admin",
        ),
        (
            "report-new",
            "/odoo/action-crm_vtiger_like.crm_communication_action_report_source",
            ".o_graph_view canvas",
            None,
            "admin",
        ),
        (
            "report-repeat",
            "/odoo/action-crm_vtiger_like.crm_communication_action_report_purpose",
            ".o_graph_view canvas",
            None,
            "admin",
        ),
        (
            "toast",
            "/odoo/action-crm_vtiger_like.crm_lead_action_leads",
            ".o_crm_vtiger_notify_toast",
            notify_new_request,
            "admin",
        ),
        ("portal-home", "/my", ".o_portal_my_home", None, "portal"),
        ("portal-requests", "/my/requests", "#wrap table tbody tr", None, "portal"),
        (
            "summary",
            f"/odoo/action-crm_vtiger_like.action_crm_accounts/{account}",
            ".o_crm_summary .o_crm_summary_widget",
            None,
            "admin",
        ),
        (
            "mass-actions",
            "/odoo/action-crm_vtiger_like.action_crm_accounts",
            ".o-dropdown--menu .o-dropdown-item",
            click(".o_list_view thead .o_list_record_selector input")
            + ".then(() => "
            + click(".o_control_panel_actions .o_cp_action_menus button, .o_cp_action_menus .dropdown-toggle")
            + ")",
            "admin",
        ),
        (
            "vtiger-import-check",
            "/odoo/action-crm_vtiger_like.crm_lead_action_leads",
            ".modal .o_field_widget[name='problem_ids'] .o_data_row",
            vtiger_import_checked,
            "admin",
        ),
    ]


def portal_user(odoo):
    """A portal login for a demo contact (the demo data has none)."""
    contact = odoo.ref("crm_vtiger_like.contact_ivanov")
    login = "portal.ivanov@example.ru"
    if not odoo.call("res.users", "search", [("login", "=", login)]):
        odoo.call(
            "res.users",
            "create",
            {
                "login": login,
                "password": "portal",
                "partner_id": contact,
                "groups_id": [(6, 0, [odoo.ref("base.group_portal")])],
            },
        )
    return Odoo(login, "portal")


def main():
    os.makedirs(OUT, exist_ok=True)
    odoo = Odoo()
    browser = Chromium()
    failed = []
    try:
        sessions = {"admin": odoo, "portal": portal_user(odoo)}
        for number, (name, path, ready, then, who) in enumerate(screens(odoo), 1):
            try:
                browser.send(
                    "Network.setCookie",
                    name="session_id",
                    value=sessions[who].session_id,
                    domain=urllib.request.urlparse(URL).hostname,
                    path="/",
                )
                browser.send("Page.navigate", url=URL + path)
                browser.wait_for(".o_action_manager .o_view_controller" if who == "admin" else "#wrap")
                script = then(odoo) if callable(then) else then
                if script:
                    browser.evaluate(script)
                browser.wait_for(ready)
                shot = browser.send("Page.captureScreenshot", format="png")
                target = os.path.join(OUT, f"{number:02d}-{name}.png")
                with open(target, "wb") as file:
                    file.write(base64.b64decode(shot["data"]))
                print(f"[crm_vtiger_like] screenshot {target}")
            except RuntimeError as error:
                failed.append(name)
                print(f"[crm_vtiger_like] screenshot {name} FAILED: {error}", file=sys.stderr)
    finally:
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
