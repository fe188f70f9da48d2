"""First page of the Leads, Accounts and Contacts lists (issue 19), inside
``odoo-bin shell`` on a twin database of bench/run.sh: the one
``web_search_read`` the web client makes when a list opens, as the admin,
with the list view's own fields (default columns), the action's domain and
default filters, limit 80 and count limit 10,001 as the web client sends
them. SQL queries and ms, median of BENCH_LIST_RUNS runs (default 20), caches
cleared between runs. Prints one ``BENCH_LISTS {json}`` line.

BENCH_MODE=plain  : plain Odoo's menus: CRM > Leads (crm.crm_lead_all_leads)
                    and Contacts (contacts.action_contacts, list view) with
                    its "Companies" / "Individuals" domain
BENCH_MODE=vtiger : crm_vtiger_like's Leads, Accounts and Contacts menus
"""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import json
import os
import statistics
import time

from lxml import etree

from odoo.tools.safe_eval import datetime, dateutil, safe_eval
from odoo.tools.safe_eval import time as safe_time

MODE = os.environ.get("BENCH_MODE", "plain")
RUNS = int(os.environ.get("BENCH_LIST_RUNS", "20"))
LIMIT, COUNT_LIMIT = 80, 10001
cr = env.cr
admin = env.ref("base.user_admin")

if MODE == "plain":
    LISTS = {
        "leads": ("crm.crm_lead_all_leads", []),
        "accounts": ("contacts.action_contacts", [("is_company", "=", True)]),
        "contacts": ("contacts.action_contacts", [("is_company", "=", False)]),
    }
else:
    LISTS = {
        "leads": ("crm_vtiger_like.crm_lead_action_leads", []),
        "accounts": ("crm_vtiger_like.action_crm_accounts", []),
        "contacts": ("crm_vtiger_like.action_crm_contacts", []),
    }


def eval_context(user):
    return {
        "uid": user.id,
        "context_today": lambda: datetime.date.today(),
        "datetime": datetime,
        "relativedelta": dateutil.relativedelta.relativedelta,
        "time": safe_time,
        "current_date": time.strftime("%Y-%m-%d"),
    }


def list_request(xmlid, extra_domain):
    """(model, domain, specification, order, context) of the list's first page."""
    action = env.ref(xmlid).sudo()
    Model = env[action.res_model].with_user(admin)
    context = {**admin.context_get(), **safe_eval(action.context or "{}", eval_context(admin)), "bin_size": True}
    list_view = next((view.view_id.id for view in action.view_ids if view.view_mode == "list"), False)
    if not list_view and action.view_id.type == "list":
        list_view = action.view_id.id
    views = Model.with_context(context).get_views([(list_view, "list"), (action.search_view_id.id, "search")])
    fields = views["models"][Model._name]["fields"]
    arch = etree.fromstring(views["views"]["list"]["arch"])
    specification = {}
    for node in arch.iterchildren("field"):
        name = node.get("name")
        kind = fields[name]["type"]
        if kind in ("many2one", "many2many", "one2many"):
            specification[name] = {"fields": {"display_name": {}}}
        else:
            specification[name] = {}
    domain = list(safe_eval(action.domain or "[]", eval_context(admin))) + extra_domain
    search = etree.fromstring(views["views"]["search"]["arch"])
    for key, value in context.items():
        if not key.startswith("search_default_") or not value:
            continue
        name = key[len("search_default_") :]
        node = search.find(f".//filter[@name='{name}']")
        if node is not None and node.get("domain"):
            domain += safe_eval(node.get("domain"), eval_context(admin))
    order = arch.get("default_order") or ""
    return Model.with_context(context), domain, specification, order


results = {"mode": MODE, "limit": LIMIT}
for label, (xmlid, extra) in LISTS.items():
    Model, domain, specification, order = list_request(xmlid, extra)
    Model.web_search_read(domain, specification, limit=LIMIT, order=order, count_limit=COUNT_LIMIT)  # warm up
    counts, times = [], []
    for _run in range(RUNS):
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        page = Model.web_search_read(domain, specification, limit=LIMIT, order=order, count_limit=COUNT_LIMIT)
        times.append((time.perf_counter() - start) * 1000)
        counts.append(cr.sql_log_count - before)
    results[label] = {
        "action": xmlid,
        "columns": len(specification),
        "rows": len(page["records"]),
        "length": page["length"],
        "queries": statistics.median(counts),
        "ms": round(statistics.median(times), 1),
    }
results["list_first_page_ms"] = max(results[label]["ms"] for label in LISTS)
cr.rollback()
print("BENCH_LISTS " + json.dumps(results), flush=True)
