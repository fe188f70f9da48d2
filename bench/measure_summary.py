"""Opening an account card's Summary tab (issue 15), inside ``odoo-bin
shell`` on the database of bench/summary.sh: SQL queries and milliseconds of
``crm.summary.widget.get_summary`` (the one call a card makes) as a sales
manager, for an account with 10 and one with 10,000 related records of each
kind. The accounts are generated once and committed; prints one
``BENCH {json}`` line.
"""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import json
import statistics
import time

SIZES = (10, 10000)
SAMPLES = 20
cr = env.cr
Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)


def account_with(n):
    """An account with n contacts, deals, communications, activities,
    documents and notes, made once."""
    name = f"BENCH summary {n}"
    account = Partner.search([("name", "=", name)])
    if account:
        return account
    account = Partner.create({"name": name, "is_company": True})
    contacts = Partner.create([{"name": f"Контакт {i}", "parent_id": account.id} for i in range(n)])
    env["crm.lead"].with_context(tracking_disable=True).create(
        [
            {"name": f"Сделка {i}", "type": "opportunity", "partner_id": contact.id, "expected_revenue": i}
            for i, contact in enumerate(contacts)
        ]
    )
    source = env.ref("crm_vtiger_like.utm_source_venyoo")
    purpose = env.ref("crm_vtiger_like.purpose_send_a_quote")
    env["crm.communication"].with_context(tracking_disable=True).create(
        [
            {"partner_id": contact.id, "channel": "call", "source_id": source.id, "purpose_id": purpose.id}
            for contact in contacts
        ]
    )
    model_id = env["ir.model"]._get_id("res.partner")
    todo = env.ref("mail.mail_activity_data_todo")
    env["mail.activity"].create(
        [
            {"res_model_id": model_id, "res_id": account.id, "activity_type_id": todo.id, "summary": f"Дело {i}"}
            for i in range(n)
        ]
    )
    env["ir.attachment"].create(
        [{"name": f"файл {i}.txt", "res_model": "res.partner", "res_id": account.id, "raw": b"x"} for i in range(n)]
    )
    note = env.ref("mail.mt_note")
    env["mail.message"].create(
        [
            {
                "model": "res.partner",
                "res_id": account.id,
                "body": f"<p>Заметка {i}</p>",
                "message_type": "comment",
                "subtype_id": note.id,
            }
            for i in range(n)
        ]
    )
    cr.commit()
    return account


accounts = [account_with(n) for n in SIZES]
manager = env.ref("base.user_admin")
Widget = env["crm.summary.widget"].with_user(manager)
result = {"widgets": len(Widget.get_summary("res.partner", accounts[0].id)["widgets"])}
for n, account in zip(SIZES, accounts, strict=True):
    Widget.get_summary("res.partner", account.id)  # warm the caches
    counts, times = [], []
    for _sample in range(SAMPLES):
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        payload = Widget.get_summary("res.partner", account.id)
        times.append((time.perf_counter() - start) * 1000)
        counts.append(cr.sql_log_count - before)
    assert all(w["count"] == n for w in payload["widgets"]), [(w["source"], w["count"]) for w in payload["widgets"]]
    result[f"card_queries_{n}"] = statistics.median(counts)
    result[f"card_ms_{n}"] = round(statistics.median(times), 1)
cr.rollback()
print("BENCH " + json.dumps(result))
