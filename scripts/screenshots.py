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

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.rpc("/web/session/authenticate", {"db": DB, "login": "admin", "password": "admin"})

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(URL + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=60) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        [row] = self.rpc(
            "/web/dataset/call_kw",
            {
                "model": "ir.model.data",
                "method": "search_read",
                "args": [[("module", "=", module), ("name", "=", name)], ["res_id"]],
                "kwargs": {},
            },
        )
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


def screens(odoo):
    lead = odoo.ref("crm_vtiger_like.lead_03")
    account = odoo.ref("crm_vtiger_like.account_stroymaster")
    contact = odoo.ref("crm_vtiger_like.contact_ivanov")
    twin = odoo.ref("crm_vtiger_like.contact_ivanov_duplicate")
    return [
        ("leads", "/odoo/action-crm_vtiger_like.crm_lead_action_leads", ".o_list_view .o_data_row", None),
        (
            "lead-card",
            f"/odoo/action-crm_vtiger_like.crm_lead_action_leads/{lead}",
            ".o_form_view .o_field_widget[name='lead_no']",
            None,
        ),
        (
            "convert",
            f"/odoo/action-crm_vtiger_like.crm_lead_action_leads/{lead}",
            ".modal .o_field_widget[name='vtiger_account_action']",
            do_action(
                "crm_vtiger_like.crm_lead_action_convert",
                {"active_model": "crm.lead", "active_id": lead, "active_ids": [lead]},
            ),
        ),
        ("deals", "/odoo/action-crm.crm_lead_action_pipeline", ".o_kanban_view .o_kanban_record", None),
        ("accounts", "/odoo/action-crm_vtiger_like.action_crm_accounts", ".o_list_view .o_data_row", None),
        (
            "account-card",
            f"/odoo/action-crm_vtiger_like.action_crm_accounts/{account}",
            ".o_form_view .o_field_widget[name='account_no']",
            None,
        ),
        ("contacts", "/odoo/action-crm_vtiger_like.action_crm_contacts", ".o_list_view .o_data_row", None),
        (
            "contact-card",
            f"/odoo/action-crm_vtiger_like.action_crm_contacts/{contact}",
            ".o_form_view button[name='action_view_duplicates']",
            None,
        ),
        (
            "find-duplicates",
            "/odoo/action-crm_vtiger_like.action_crm_contacts",
            ".modal .o_field_widget[name='group_ids'] .o_data_row",
            do_action("crm_vtiger_like.action_crm_vtiger_duplicate_finder", {})
            + ".then(() => new Promise((ok) => setTimeout(ok, 1500)))"
            + ".then(() => document.querySelector(\".modal button[name='action_find']\").click())",
        ),
        (
            "merge",
            "/odoo/action-crm_vtiger_like.action_crm_contacts",
            ".modal .o_field_widget[name='line_ids'] .o_data_row",
            do_action(
                "crm_vtiger_like.action_crm_vtiger_merge_partners",
                {"active_model": "res.partner", "active_ids": [contact, twin]},
            ),
        ),
    ]


def main():
    os.makedirs(OUT, exist_ok=True)
    odoo = Odoo()
    browser = Chromium()
    failed = []
    try:
        browser.send(
            "Network.setCookie",
            name="session_id",
            value=odoo.session_id,
            domain=urllib.request.urlparse(URL).hostname,
            path="/",
        )
        for number, (name, path, ready, action) in enumerate(screens(odoo), 1):
            try:
                browser.send("Page.navigate", url=URL + path)
                browser.wait_for(".o_action_manager .o_view_controller")
                if action:
                    browser.evaluate(action)
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
