"""Queries per communication create (issue 11), inside ``odoo-bin shell`` on
the database of bench/communication.sh: the median and maximum SQL query
count of creating one communication through the ORM, classification
included, for the three ways a client is found (a lead with history, a
partner with history, a client with 20,000 communications, a phone number
only). Prints one ``BENCH {json}``
line; everything is rolled back.
"""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import json
import statistics
import time

SAMPLES = 50
cr = env.cr
Communication = env["crm.communication"]
purpose = env["crm.communication.purpose"].search([], limit=1)
source = env["utm.source"].search([], limit=1)
cr.execute(
    "SELECT partner_id, lead_id FROM crm_communication WHERE lead_id IS NOT NULL AND partner_id IS NOT NULL"
    " GROUP BY partner_id, lead_id ORDER BY count(*) DESC LIMIT %s",
    [SAMPLES],
)
busiest = cr.fetchall()
cr.execute(
    "SELECT max(n) FROM (SELECT count(*) AS n FROM crm_communication"
    " WHERE commercial_partner_id IS NOT NULL GROUP BY commercial_partner_id) AS c"
)
[(busiest_history,)] = cr.fetchall()
cr.execute(
    "SELECT raw FROM crm_vtiger_phone WHERE res_model = 'res.partner' AND number IS NOT NULL LIMIT %s",
    [SAMPLES],
)
phones = [raw for (raw,) in cr.fetchall()]
env.flush_all()


def measure(make_vals):
    counts, times = [], []
    for index in range(SAMPLES):
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        Communication.create(make_vals(index))
        env.flush_all()
        times.append((time.perf_counter() - start) * 1000)
        counts.append(cr.sql_log_count - before)
    return {"median": statistics.median(counts), "max": max(counts), "median_ms": round(statistics.median(times), 2)}


# one client with a long history: 20,000 communications within the repeat window
heavy = busiest[0][0]
cr.execute(
    "INSERT INTO crm_communication (communication_no, partner_id, commercial_partner_id, date, channel, direction,"
    " kind, purpose_id, company_id) SELECT 'HEAVY' || g, p.id, p.commercial_partner_id,"
    " now() - (g || ' minutes')::interval, 'call', 'outbound', 'repeat', %s, (SELECT min(id) FROM res_company)"
    " FROM generate_series(1, 20000) AS g, res_partner p WHERE p.id = %s",
    [purpose.id, heavy],
)
cr.execute("ANALYZE crm_communication")

results = {
    "history_rows": Communication.search_count([]),
    "largest_history_of_a_client": busiest_history,
    "on_a_lead": measure(lambda i: {"lead_id": busiest[i][1], "purpose_id": purpose.id, "source_id": source.id}),
    "with_a_partner": measure(
        lambda i: {
            "partner_id": busiest[i][0],
            "purpose_id": purpose.id,
            "source_id": source.id,
            "direction": "outbound",
        }
    ),
    "client_with_20000": measure(
        lambda i: {"partner_id": heavy, "purpose_id": purpose.id, "source_id": source.id, "direction": "outbound"}
    ),
    "by_phone": measure(
        lambda i: {"phone": phones[i], "purpose_id": purpose.id, "source_id": source.id, "direction": "outbound"}
    ),
}
results["comm_create_queries"] = max(value["max"] for value in results.values() if isinstance(value, dict))
cr.rollback()
print("BENCH " + json.dumps(results))
