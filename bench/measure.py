"""Measurements for issue 5, run inside ``odoo-bin shell`` on a database made
by bench/gen_data.py (see bench/run.sh). Prints one ``BENCH {json}`` line.

BENCH_MODE=plain  : plain Odoo 18 (crm, sms, phone_validation...)
BENCH_MODE=vtiger : the same data with crm_vtiger_like installed
Nothing is committed: every write is rolled back.
"""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import json
import os
import random
import re
import runpy
import statistics
import time

MODE = os.environ.get("BENCH_MODE", "plain")
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "300"))
CREATE_N = int(os.environ.get("BENCH_CREATE", "10000"))
rng = random.Random(42)
cr = env.cr
results = {"mode": MODE}

FORMATS = runpy.run_path(os.path.join(os.environ["BENCH_ROOT"], "bench", "phone_formats.py"))["FORMATS"]


def digits_of(value):
    digits = re.sub(r"\D", "", value)
    return digits[-10:]


def retype(value):
    """The same number typed in another of the usual formats."""
    digits = digits_of(value)
    formats = [f for f in FORMATS if f(digits) != value]
    return rng.choice(formats)(digits)


def timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return (time.perf_counter() - start) * 1000, result


def median_ms(values):
    return round(statistics.median(values), 3)


# -- a sample of (model, id, field, value) over every phone field ------------
sample = []
for model, table, fnames in (
    ("crm.lead", "crm_lead", ("phone", "mobile")),
    ("res.partner", "res_partner", ("phone", "mobile")),
):
    for fname in fnames:
        cr.execute(
            f"SELECT id, {fname} FROM {table} WHERE {fname} IS NOT NULL AND email LIKE '%%@example.ru'"
            f" ORDER BY md5(id::text) LIMIT %s"
            if table == "res_partner"
            else f"SELECT id, {fname} FROM {table} WHERE {fname} IS NOT NULL ORDER BY md5(id::text) LIMIT %s",
            [SAMPLES // 4],
        )
        sample += [(model, rid, fname, value) for rid, value in cr.fetchall()]
typed = [(model, rid, fname, retype(value)) for model, rid, fname, value in sample]
results["sample_size"] = len(typed)

# -- phone search in any format: latency and recall --------------------------
times, found = [], 0
for model, rid, _fname, number in typed:
    if MODE == "plain":
        ms, records = timed(env[model].search, [("phone_mobile_search", "ilike", number)])
        hit = rid in records.ids
    else:
        ms, hits = timed(env["crm.vtiger.phone"]._vtiger_lookup, number)
        hit = rid in hits.get(model, ())
    times.append(ms)
    found += hit
results["search_any_format_median_ms"] = median_ms(times)
results["search_any_format_recall"] = round(found / len(typed), 3)
if MODE == "vtiger":
    times = [
        timed(env[model].search, [("vtiger_phone_search", "ilike", number)])[0]
        for model, _rid, _fname, number in typed[:100]
    ]
    results["orm_search_vtiger_phone_median_ms"] = median_ms(times)

# -- the ORM's own floor: the cheapest search, on the primary key, same sample --
times = [timed(env[model].search, [("id", "=", rid)])[0] for model, rid, _fname, _number in typed[:100]]
results["orm_search_by_id_median_ms"] = median_ms(times)

# -- exact lookup on Odoo's own indexed column (plain baseline) --------------
times = []
for _model, _rid, _fname, number in typed[:200]:
    e164 = "+7" + digits_of(number)
    times.append(timed(cr.execute, "SELECT id FROM crm_lead WHERE phone_sanitized = %s", [e164])[0])
results["exact_phone_sanitized_lookup_median_ms"] = median_ms(times)

# -- "all duplicate groups" scans ---------------------------------------------
ms, _ = timed(
    cr.execute,
    "SELECT phone_sanitized, count(*) FROM crm_lead WHERE phone_sanitized IS NOT NULL GROUP BY 1 HAVING count(*) > 1",
)
results["groupby_one_sanitized_column_s"] = round(ms / 1000, 2)
if MODE == "vtiger":
    query = env["crm.vtiger.phone"]._vtiger_duplicate_groups(excluded_fields=("assistant_phone",))
    ms, _ = timed(cr.execute, query)
    results["all_phone_duplicate_groups_s"] = round(ms / 1000, 2)
    results["all_phone_duplicate_groups"] = cr.rowcount
    finder = env["crm.vtiger.duplicate.finder"].create({"res_model": "res.partner", "by_phone": True})
    ms, _ = timed(finder.action_find)
    results["find_duplicates_wizard_partners_s"] = round(ms / 1000, 2)
    cr.execute("SELECT count(*), count(number) FROM crm_vtiger_phone")
    results["index_rows"], results["index_rows_normalized"] = cr.fetchone()

# -- ORM create: partners with two phones -------------------------------------
vals = [
    {
        "name": f"Новый клиент {i}",
        "phone": FORMATS[i % 7](f"495{i:07d}"),
        "mobile": FORMATS[(i + 3) % 7](f"9{(i * 7919) % 10**9:09d}"),
    }
    for i in range(CREATE_N)
]
env.invalidate_all()
cr.execute("SAVEPOINT bench_create")
ms, _ = timed(lambda: (env["res.partner"].create(vals), env.flush_all()))
results["orm_create_partners"] = CREATE_N
results["orm_create_s"] = round(ms / 1000, 2)
results["orm_create_per_s"] = round(CREATE_N / (ms / 1000))
cr.execute("ROLLBACK TO SAVEPOINT bench_create")
env.invalidate_all()


# -- merge: 1,000 messages, 500 activities, 100 leads, 20 contacts ------------
def merge_workload():
    Partner = env["res.partner"]
    master = Partner.create({"name": "ООО «Слияние»", "is_company": True, "phone": "+7 495 700-00-01"})
    source = Partner.create({"name": "Слияние ООО", "is_company": True, "mobile": "8 495 700 00 01"})
    cr.execute(
        """
        INSERT INTO mail_message (model, res_id, body, message_type, author_id, date, create_date, write_date,
                                  create_uid, write_uid)
        SELECT 'res.partner', %s, '<p>Сообщение ' || i || '</p>', 'comment', 3, now(), now(), now(), 1, 1
        FROM generate_series(1, 1000) i
    """,
        [source.id],
    )
    activity_type = env.ref("mail.mail_activity_data_call")
    cr.execute(
        """
        INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id, summary, date_deadline,
                                   user_id, create_date, write_date, create_uid, write_uid)
        SELECT %s, 'res.partner', %s, %s, 'Звонок ' || i, current_date + i, 2, now(), now(), 1, 1
        FROM generate_series(1, 500) i
    """,
        [env["ir.model"]._get_id("res.partner"), source.id, activity_type.id],
    )
    cr.execute(
        "UPDATE crm_lead SET partner_id = %s WHERE id IN (SELECT id FROM crm_lead ORDER BY id LIMIT 100)", [source.id]
    )
    Partner.create([{"name": f"Сотрудник {i}", "parent_id": source.id} for i in range(20)])
    env.invalidate_all()
    return master, source


def merge_once(master, source):
    if MODE == "plain":
        wizard = env["base.partner.merge.automatic.wizard"].with_user(2)
        wizard._merge([master.id, source.id], master, extra_checks=False)
    else:
        env["crm.vtiger.merge"].with_user(2).merge(master.with_user(2) | source.with_user(2), master.with_user(2))
    env.flush_all()


times = []
for _attempt in range(3):
    cr.execute("SAVEPOINT bench_merge")
    master, source = merge_workload()
    env.flush_all()
    ms, _ = timed(merge_once, master, source)
    times.append(ms)
    cr.execute("ROLLBACK TO SAVEPOINT bench_merge")
    env.invalidate_all()
results["merge_median_s"] = round(statistics.median(times) / 1000, 3)

cr.execute("SELECT count(*) FROM res_partner")
results["partners"] = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM crm_lead")
results["leads"] = cr.fetchone()[0]
print("BENCH " + json.dumps(results, ensure_ascii=False), flush=True)
cr.rollback()
