"""Fill a database with N partners and N leads carrying realistic Russian
phone numbers typed in mixed formats, in bulk SQL (minutes, not hours).

    python bench/gen_data.py DBNAME N

Partners: 30% companies, the others persons working at one of them; each has
a landline ``phone`` and a mobile. Leads: a mobile ``phone``, a second
number for 30% of them. One lead in 33 reuses a partner's mobile and one
partner in 50 reuses its neighbour's mobile, typed in another format: the
duplicates to find. ``phone_sanitized`` is filled as Odoo would (E.164, mobile
first) so plain Odoo's own indexes can be measured on the same data.
"""

import os
import sys
import time

import psycopg2

# a national 10-digit number typed in one of seven usual ways
FORMAT = """
CASE ({i}) % 7
  WHEN 0 THEN '+7 (' || substr({d},1,3) || ') ' || substr({d},4,3) || '-' || substr({d},7,2) || '-' || substr({d},9,2)
  WHEN 1 THEN '8 (' || substr({d},1,3) || ') ' || substr({d},4,3) || '-' || substr({d},7,2) || '-' || substr({d},9,2)
  WHEN 2 THEN '7' || {d}
  WHEN 3 THEN '8' || {d}
  WHEN 4 THEN '+7 ' || substr({d},1,3) || ' ' || substr({d},4,3) || ' ' || substr({d},7,2) || ' ' || substr({d},9,2)
  WHEN 5 THEN {d}
  ELSE '8-' || substr({d},1,3) || '-' || substr({d},4,3) || '-' || substr({d},7,2) || '-' || substr({d},9,2)
END"""


def fmt(digits, index):
    return FORMAT.format(d=digits, i=index)


def mobile(seed):
    """A mobile number (9XX XXX XX XX) drawn from ``seed``."""
    return f"('9' || lpad((abs(hashtext(({seed})::text || 'm')) % 1000000000)::text, 9, '0'))"


def landline(seed):
    return (
        f"((ARRAY['495','499','812','343','383'])[1 + abs(hashtext(({seed})::text || 'c')) % 5]"
        f" || lpad((abs(hashtext(({seed})::text || 'l')) % 10000000)::text, 7, '0'))"
    )


def main(dbname, n):
    conn = psycopg2.connect(
        dbname=dbname,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=os.environ.get("DB_USER", "root"),
    )
    cr = conn.cursor()
    started = time.time()
    cr.execute("SELECT id FROM res_country WHERE code = 'RU'")
    ru = cr.fetchone()[0]
    companies = n * 3 // 10
    # companies first, then persons attached to them
    cr.execute(f"""
        INSERT INTO res_partner (name, complete_name, active, type, is_company, partner_share, country_id,
                                 email, email_normalized, phone, mobile, phone_sanitized, color,
                                 create_uid, write_uid, create_date, write_date)
        SELECT name, name, true, 'contact', i <= {companies}, true, {ru},
               'client' || i || '@example.ru', 'client' || i || '@example.ru',
               {fmt(landline("i"), "i + 3")},
               CASE WHEN i % 50 = 0 THEN {fmt(mobile("i + 1"), "i + 5")} ELSE {fmt(mobile("i"), "i")} END,
               '+7' || CASE WHEN i % 50 = 0 THEN {mobile("i + 1")} ELSE {mobile("i")} END,
               0, 1, 1, now(), now()
        FROM (SELECT i, CASE WHEN i <= {companies} THEN 'ООО «Клиент ' || i || '»'
                             ELSE 'Клиент ' || i || ' Иванов' END AS name
              FROM generate_series(1, {n}) i) s
    """)
    cr.execute("SELECT min(id) FROM res_partner WHERE email = 'client1@example.ru'")
    first = cr.fetchone()[0]
    cr.execute(f"""
        UPDATE res_partner SET parent_id = {first} + (id - {first}) % {companies}
        WHERE id >= {first} + {companies} AND email LIKE 'client%@example.ru'
    """)
    cr.execute(f"UPDATE res_partner SET commercial_partner_id = COALESCE(parent_id, id) WHERE id >= {first}")
    cr.execute(f"""
        UPDATE res_partner p SET complete_name = parent.name || ', ' || p.name
        FROM res_partner parent WHERE parent.id = p.parent_id AND p.id >= {first}
    """)
    print(f"{n} partners in {time.time() - started:.0f} s", flush=True)
    # leads; one in 33 reuses a partner's mobile, typed another way
    cr.execute(f"""
        INSERT INTO crm_lead (name, type, active, contact_name, partner_name, email_from, email_normalized,
                              phone, mobile, phone_sanitized, country_id, probability, priority,
                              create_uid, write_uid, create_date, write_date, date_open)
        SELECT 'Заявка ' || i, CASE WHEN i % 10 < 7 THEN 'lead' ELSE 'opportunity' END, true,
               'Клиент ' || i, 'ООО «Лид ' || i || '»', 'lead' || i || '@example.ru', 'lead' || i || '@example.ru',
               {fmt("digits", "i + 2")},
               CASE WHEN i % 10 < 3 THEN {fmt(mobile("i + 7777777"), "i + 4")} END,
               '+7' || CASE WHEN i % 10 < 3 THEN {mobile("i + 7777777")} ELSE digits END,
               {ru}, 10, '0', 1, 1, now(), now(), now()
        FROM (SELECT i, CASE WHEN i % 33 = 0 THEN {mobile(f"(i * 37) % {n} + 1")}
                             ELSE {mobile(f"i + {n * 3}")} END AS digits
              FROM generate_series(1, {n}) i) s
    """)
    conn.commit()
    print(f"{n} leads in {time.time() - started:.0f} s", flush=True)
    conn.autocommit = True
    cr.execute("VACUUM ANALYZE res_partner")
    cr.execute("VACUUM ANALYZE crm_lead")
    print(f"done in {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
