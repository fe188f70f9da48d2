"""Give the partners and leads of a bench database a history of communications,
in bulk SQL: BENCH_HISTORY rows (default 200,000) over the last 120 days, on
one partner in five and one lead in ten, half new and half repeat.

    BENCH_HISTORY=200000 python bench/gen_communications.py DBNAME
"""

import os
import sys
import time

import psycopg2


def main(dbname, history):
    start = time.time()
    with psycopg2.connect(dbname=dbname, host=os.environ.get("PGHOST", "127.0.0.1")) as conn, conn.cursor() as cr:
        cr.execute("SELECT id FROM utm_source ORDER BY id LIMIT 1")
        [(source_id,)] = cr.fetchall()
        cr.execute("SELECT id FROM crm_communication_purpose ORDER BY id LIMIT 1")
        [(purpose_id,)] = cr.fetchall()
        cr.execute("SELECT id FROM res_company ORDER BY id LIMIT 1")
        [(company_id,)] = cr.fetchall()
        cr.execute(
            """
            WITH partners AS (
                SELECT row_number() OVER (ORDER BY id) AS n, id, commercial_partner_id
                FROM res_partner WHERE id %% 5 = 0 AND active
            ), leads AS (
                SELECT row_number() OVER (ORDER BY id) AS n, id, partner_id FROM crm_lead WHERE id %% 10 = 0
            ), counts AS (
                SELECT (SELECT count(*) FROM partners) AS partners, (SELECT count(*) FROM leads) AS leads
            )
            INSERT INTO crm_communication (communication_no, partner_id, commercial_partner_id, lead_id, date,
                channel, direction, kind, source_id, purpose_id, summary, company_id, create_date, write_date,
                create_uid, write_uid)
            SELECT 'BCOM' || g, p.id, p.commercial_partner_id, CASE WHEN g %% 3 = 0 THEN l.id END,
                now() - ((g %% 120) || ' days')::interval - ((g %% 86400) || ' seconds')::interval,
                'call', CASE WHEN g %% 2 = 0 THEN 'inbound' ELSE 'outbound' END,
                CASE WHEN g %% 2 = 0 THEN 'new' ELSE 'repeat' END,
                CASE WHEN g %% 2 = 0 THEN %(source)s END, CASE WHEN g %% 2 = 1 THEN %(purpose)s END,
                'bench ' || g, %(company)s, now(), now(), 1, 1
            FROM generate_series(1, %(history)s) AS g
            CROSS JOIN counts
            JOIN partners p ON p.n = 1 + g %% counts.partners
            LEFT JOIN leads l ON l.n = 1 + g %% counts.leads
            """,
            {"source": source_id, "purpose": purpose_id, "company": company_id, "history": history},
        )
        cr.execute("ANALYZE crm_communication")
    print(f"{history} communications in {time.time() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], int(os.environ.get("BENCH_HISTORY", "200000")))
