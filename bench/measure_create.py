"""ORM create of BENCH_CREATE leads and as many partners (issue 19; default
10,000 each), inside ``odoo-bin shell`` on a twin database of bench/run.sh:
one batch ``create`` of each, flushed, BENCH_CREATE_RUNS times (default 3),
each run rolled back; median seconds. The same values on both twins: the
leads have a contact, a company name, an e-mail and one or two phones typed
in the usual formats, the partners two phones (as bench/measure.py's).
Prints one ``BENCH_CREATE {json}`` line.
"""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import json
import os
import runpy
import statistics
import time

MODE = os.environ.get("BENCH_MODE", "plain")
COUNT = int(os.environ.get("BENCH_CREATE", "10000"))
RUNS = int(os.environ.get("BENCH_CREATE_RUNS", "3"))
cr = env.cr
FORMATS = runpy.run_path(os.path.join(os.environ["BENCH_ROOT"], "bench", "phone_formats.py"))["FORMATS"]
VALUES = {
    "crm.lead": [
        {
            "name": f"Новое обращение {i}",
            "type": "lead",
            "contact_name": f"Пётр Сидоров {i}",
            "partner_name": f"ООО «Новый лид {i}»",
            "email_from": f"new-lead{i}@example.ru",
            "phone": FORMATS[i % 7](f"9{(i * 7919 + 13) % 10**9:09d}"),
            "mobile": FORMATS[(i + 2) % 7](f"9{(i * 104729) % 10**9:09d}") if i % 10 < 3 else False,
        }
        for i in range(COUNT)
    ],
    "res.partner": [
        {
            "name": f"Новый клиент {i}",
            "phone": FORMATS[i % 7](f"495{i:07d}"),
            "mobile": FORMATS[(i + 3) % 7](f"9{(i * 7919) % 10**9:09d}"),
        }
        for i in range(COUNT)
    ],
}

results = {"mode": MODE, "count": COUNT, "runs": RUNS}
for model, vals in VALUES.items():
    times = []
    for _run in range(RUNS):
        env.invalidate_all()
        cr.execute("SAVEPOINT bench_create")
        start = time.perf_counter()
        env[model].create(vals)
        env.flush_all()
        times.append(time.perf_counter() - start)
        cr.execute("ROLLBACK TO SAVEPOINT bench_create")
        env.invalidate_all()
    key = "leads" if model == "crm.lead" else "partners"
    results[f"{key}_s"] = round(statistics.median(times), 2)
    results[f"{key}_runs_s"] = [round(t, 2) for t in times]
    results[f"{key}_per_s"] = round(COUNT / statistics.median(times))
cr.rollback()
print("BENCH_CREATE " + json.dumps(results), flush=True)
