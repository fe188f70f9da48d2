"""Install, upgrade, uninstall and reinstall crm_vtiger_like on a database
without demo data that already holds 10,000 leads and 10,000 partners.

Runs real odoo-bin processes against PostgreSQL (started by scripts/test.sh,
which sets the environment) and checks the database between the steps.
Prints ``LIFECYCLE run=N failed=F errors=E skipped=S`` last.
"""

import json
import os
import subprocess
import sys
import unittest

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = os.environ["LIFECYCLE_DB"]
ODOO = [
    os.path.join(os.environ["VENV"], "bin", "python"),
    os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
]
OPTIONS = [
    f"--addons-path={os.environ['ODOO_SRC']}/addons,{os.environ['ODOO_SRC']}/odoo/addons,{ROOT}",
    f"--data-dir={os.environ['STATE']}/data",
    f"--db_host={os.environ['PGHOST']}",
    f"--db_port={os.environ['PGPORT']}",
    f"--db_user={os.environ['DB_USER']}",
]
DEPENDENCIES = "crm,contacts,portal,sms,phone_validation,utm,mail"
CODES = ("lead", "deal", "account", "contact", "communication")
EMAIL_INDEX = "SELECT count(*) FROM pg_indexes WHERE indexname = 'crm_lead_email_normalized_btree_idx'"

# A few dozen records made through the ORM (the assertions below name them).
SEED = """
company_2 = env['res.company'].create({'name': 'Second Company'})
Lead = env['crm.lead'].with_context(mail_create_nolog=True, tracking_disable=True)
Lead.create([{'name': f'Lead {i}', 'type': 'lead', 'active': i % 7 != 0, 'phone': f'8 (912) 345-67-{i:02d}'}
             for i in range(15)])
Lead.create([{'name': f'Deal {i}', 'type': 'opportunity'} for i in range(8)])
Lead.with_company(company_2).create([
    {'name': f'Lead B{i}', 'type': 'lead', 'company_id': company_2.id} for i in range(4)])
Partner = env['res.partner'].with_context(tracking_disable=True)
companies = Partner.create([{'name': f'Company {i}', 'is_company': True, 'phone': f'+7 495 211-34-{i:02d}'}
                            for i in range(12)])
Partner.create([{'name': f'Person {i}', 'parent_id': companies[i % 12].id} for i in range(20)])
Partner.create([{'name': f'Depot {i}', 'parent_id': companies[i].id, 'type': 'delivery'} for i in range(5)])
env['utm.source'].create({'name': 'Instagram'})
env.cr.commit()
"""

# The bulk of the existing data, in SQL (the ORM would take minutes): rows
# as Odoo's create() writes them, numbered 1..N in their names and refs.
#   leads i = 1..10000: opportunity when i % 3 = 0, archived when i % 11 = 0,
#     of the second company when i % 10 = 0; phone by i % 8 (see ru_phone:
#     0-2 three Russian formats of +7912<i>, 3 not a number, 4 empty, 5 blank,
#     6 a German number, 7 none); mobile +7903<i> when i % 4 = 0, not a
#     number when i % 12 = 2; person's name when i % 5 is 0 or 1.
#   accounts j = 1..2000 (ref bulk-c<j>): second company when j % 10 = 0,
#     archived when j % 17 = 0, phone +74953<j> in formats 0-2 by j % 4 (none at 3).
#   contacts k = 1..6000 (ref bulk-p<k>) of account (k - 1) % 2000 + 1:
#     archived when k % 13 = 0, two, three or one word names by k % 3, phone
#     by k % 5 (formats 0-4 of +7916<k>), mobile +79031<k> when k % 3 = 0.
#   delivery addresses j = 1..2000 (ref bulk-d<j>) of account j: a name
#     unless j % 4 = 0, phone +74954<j> when j is even.
BULK_SQL = r"""
CREATE FUNCTION pg_temp.ru_phone(digits text, style int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE style
        WHEN 0 THEN format('8 (%s) %s-%s-%s', substr(digits, 1, 3), substr(digits, 4, 3),
                           substr(digits, 7, 2), substr(digits, 9, 2))
        WHEN 1 THEN format('+7 %s %s %s %s', substr(digits, 1, 3), substr(digits, 4, 3),
                           substr(digits, 7, 2), substr(digits, 9, 2))
        WHEN 2 THEN '8' || digits
        WHEN 3 THEN '123-45'
        WHEN 4 THEN ''
        WHEN 5 THEN '   '
        WHEN 6 THEN '+49 30 901820'
    END
$$;
CREATE TEMP TABLE bulk_const AS SELECT
    (SELECT id FROM res_company WHERE name = 'Second Company') AS company_2,
    (SELECT id FROM res_users WHERE login = 'admin') AS admin,
    (SELECT res_id FROM ir_model_data WHERE module = 'sales_team' AND name = 'team_sales_department') AS team,
    ARRAY(SELECT res_id FROM ir_model_data WHERE module = 'crm'
          AND name IN ('stage_lead1', 'stage_lead2', 'stage_lead3') ORDER BY name) AS stages,
    now() AT TIME ZONE 'UTC' AS now;

INSERT INTO res_partner (id, name, complete_name, commercial_partner_id, commercial_company_name, ref, is_company,
                         type, company_id, active, phone, email, lang, color, partner_share, message_bounce,
                         calendar_last_notif_ack, create_uid, write_uid, create_date, write_date)
SELECT id, name, name, id, name, 'bulk-c' || j, true, 'contact', CASE WHEN j % 10 = 0 THEN company_2 END,
       j % 17 != 0, CASE WHEN j % 4 != 3 THEN pg_temp.ru_phone('4953' || lpad(j::text, 6, '0'), j % 4) END,
       'info' || j || '@company.example', 'en_US', 0, true, 0, now, 1, 1, now, now
FROM (SELECT nextval('res_partner_id_seq') AS id, j, 'Bulk company ' || j AS name
      FROM generate_series(1, 2000) j) c, bulk_const;

INSERT INTO res_partner (name, complete_name, commercial_partner_id, commercial_company_name, parent_id, ref,
                         is_company, type, company_id, active, phone, mobile, email, lang, color, partner_share,
                         message_bounce, calendar_last_notif_ack, create_uid, write_uid, create_date, write_date)
SELECT p.name, c.name || ', ' || p.name, c.id, c.name, c.id, 'bulk-p' || k, false, 'contact', c.company_id,
       k % 13 != 0, pg_temp.ru_phone('916' || lpad(k::text, 7, '0'), k % 5),
       CASE WHEN k % 3 = 0 THEN pg_temp.ru_phone('9031' || lpad(k::text, 6, '0'), 2) END,
       'person' || k || '@example.com', 'en_US', 0, true, 0, now, 1, 1, now, now
FROM generate_series(1, 6000) k
JOIN res_partner c ON c.ref = 'bulk-c' || ((k - 1) % 2000 + 1)
CROSS JOIN LATERAL (SELECT CASE k % 3 WHEN 0 THEN format('Ivan%s Petrov%s', k, k)
                                     WHEN 1 THEN format('Anna%s Sergeevna Ivanova%s', k, k)
                                     ELSE 'Smirnov' || k END AS name) p, bulk_const
ORDER BY k;

INSERT INTO res_partner (name, complete_name, commercial_partner_id, commercial_company_name, parent_id, ref,
                         is_company, type, company_id, active, phone, lang, color, partner_share, message_bounce,
                         calendar_last_notif_ack, create_uid, write_uid, create_date, write_date)
SELECT a.name, c.name || ', ' || COALESCE(a.name, 'Delivery Address'), c.id, c.name, c.id, 'bulk-d' || j, false,
       'delivery', c.company_id, true,
       CASE WHEN j % 2 = 0 THEN pg_temp.ru_phone('4954' || lpad(j::text, 6, '0'), 1) END,
       'en_US', 0, true, 0, now, 1, 1, now, now
FROM generate_series(1, 2000) j
JOIN res_partner c ON c.ref = 'bulk-c' || j
CROSS JOIN LATERAL (SELECT CASE WHEN j % 4 != 0 THEN 'Warehouse ' || j END AS name) a, bulk_const
ORDER BY j;

INSERT INTO crm_lead (name, type, active, company_id, team_id, user_id, stage_id, priority, probability,
                      automated_probability, expected_revenue, prorated_revenue, recurring_revenue,
                      recurring_revenue_monthly, recurring_revenue_monthly_prorated, recurring_revenue_prorated,
                      contact_name, partner_name, partner_id, phone, mobile, email_from, color, message_bounce,
                      day_open, day_close, date_open, date_last_stage_update, create_uid, write_uid, create_date,
                      write_date)
SELECT 'Bulk lead ' || i, CASE WHEN i % 3 = 0 THEN 'opportunity' ELSE 'lead' END, i % 11 != 0,
       CASE WHEN i % 10 = 0 THEN company_2 ELSE 1 END, team, admin, stages[i % 3 + 1], (i % 4)::text, 10, 10,
       i % 50 * 1000, i % 50 * 100, 0, 0, 0, 0,
       CASE i % 5 WHEN 0 THEN format('Ivan%s Petrov%s', i, i) WHEN 1 THEN format('Anna%s Sergeevna Ivanova%s', i, i)
       END,
       CASE WHEN i % 2 = 1 THEN 'Org ' || i END, partner.id,
       pg_temp.ru_phone('912' || lpad(i::text, 7, '0'), i % 8),
       CASE WHEN i % 4 = 0 THEN pg_temp.ru_phone('903' || lpad(i::text, 7, '0'), i / 4 % 3)
            WHEN i % 12 = 2 THEN pg_temp.ru_phone('', 3) END,
       CASE WHEN i % 2 = 0 THEN 'lead' || i || '@example.com' END,
       0, 0, 0, 0, now, now, 1, 1, now, now
FROM generate_series(1, 10000) i
CROSS JOIN bulk_const
LEFT JOIN res_partner partner ON i % 9 = 0 AND i % 10 != 0 AND partner.ref = 'bulk-c' || (10 * (i / 9 % 200) + 1)
ORDER BY i;
"""

# The stored fields Odoo computes from the inserted columns, computed by Odoo.
SEED_BULK = f"""
env.cr.execute({BULK_SQL!r})
env.invalidate_all()
leads = env['crm.lead'].with_context(active_test=False).search([('name', '=like', 'Bulk lead %')])
partners = env['res.partner'].with_context(active_test=False).search([('ref', '=like', 'bulk-%')])
for records, fnames in (
    (leads, ['phone_sanitized', 'phone_state', 'email_normalized', 'email_state', 'email_domain_criterion']),
    (partners, ['phone_sanitized', 'email_normalized']),
):
    for fname in fnames:
        env.add_to_compute(records._fields[fname], records)
env.flush_all()
env.cr.commit()
"""

# What an administrator changes before an upgrade: picklist values renamed,
# added and archived, two numbering sequences, the CRM settings.
CUSTOMISE = """
ref = lambda name: env.ref('crm_vtiger_like.' + name)
ref('lead_status_hot').name = 'Very hot'
env['crm.lead.status'].create({'name': 'Waiting for budget', 'sequence': 75})
ref('lead_status_junk_lead').active = False
ref('rating_active').name = 'Active client'
env['crm.vtiger.rating'].create({'name': 'Strategic', 'sequence': 60})
ref('rating_shutdown').active = False
ref('account_type_press').name = 'Media'
env['crm.account.type'].create({'name': 'Supplier', 'sequence': 5})
ref('account_type_analyst').active = False
ref('purpose_send_a_quote').name = 'Send a commercial offer'
env['crm.communication.purpose'].create({'name': 'Invite to an event', 'sequence': 45})
ref('purpose_remind_about_payment').active = False
env['crm.lead'].search([('name', 'in', ('Bulk lead 1', 'Bulk lead 2'))]).write(
    {'lead_status_id': ref('lead_status_hot').id, 'rating_id': ref('rating_active').id})
env['res.partner'].search([('ref', '=', 'bulk-c1')]).account_type_id = ref('account_type_press')
company_2 = env['res.company'].search([('name', '=', 'Second Company')])
Sequence = env['ir.sequence']
Sequence.search([('code', '=', 'crm_vtiger_like.lead'), ('company_id', '=', env.ref('base.main_company').id)]).write(
    {'prefix': 'ОБР-', 'padding': 6, 'number_next': 50000})
Sequence.search([('code', '=', 'crm_vtiger_like.account'), ('company_id', '=', company_2.id)]).write(
    {'prefix': 'K2-', 'padding': 4, 'number_next': 700, 'implementation': 'no_gap'})
env['res.config.settings'].create({
    'crm_vtiger_name_order': 'last_first',
    'crm_vtiger_repeat_days': 30,
    'crm_vtiger_inbound_source_id': env['utm.source'].search([('name', '=', 'Instagram')]).id,
    'crm_vtiger_inbound_purpose_id': ref('purpose_repeat_sale').id,
    'crm_vtiger_duplicate_weight_phone': 45,
    'crm_vtiger_duplicate_weight_phone_tail': 20,
    'crm_vtiger_duplicate_weight_inn': 90,
    'crm_vtiger_duplicate_weight_email': 55,
    'crm_vtiger_duplicate_weight_name': 35,
    'crm_vtiger_duplicate_threshold': 65,
    'crm_vtiger_duplicate_block_leads': True,
    'crm_vtiger_unmerge_days': 14,
}).execute()
env.cr.commit()
"""

# After the upgrade: new records continue the customised sequences.
AFTER_UPGRADE = """
import json
company_2 = env['res.company'].search([('name', '=', 'Second Company')])
Lead = env['crm.lead'].with_context(mail_create_nolog=True)
lead = Lead.create({'name': 'After upgrade', 'type': 'lead', 'last_name': 'Upgradov'})
deal = Lead.create({'name': 'Deal after upgrade', 'type': 'opportunity'})
account = env['res.partner'].with_company(company_2).create(
    {'name': 'Account after upgrade', 'is_company': True, 'company_id': company_2.id})
env.cr.commit()
print('LIFECYCLE_MARK', json.dumps([lead.lead_no, deal.deal_no, account.account_no]))
"""

# After the uninstall, as the administrator: Odoo's own CRM and contacts work.
AFTER_UNINSTALL = """
import json
env = env(user=env.ref('base.user_admin'))
done = {}
for model in ('crm.lead', 'res.partner'):
    env[model].get_views([(False, 'list'), (False, 'form'), (False, 'kanban'), (False, 'search')])
done['views'] = True
lead = env['crm.lead'].create({
    'name': 'Request after uninstall', 'type': 'lead', 'contact_name': 'Oleg Olegov',
    'partner_name': 'Post Uninstall LLC', 'phone': '+7 912 555-44-33', 'email_from': 'oleg@post-uninstall.example'})
wizard = env['crm.lead2opportunity.partner'].with_context(
    active_model='crm.lead', active_id=lead.id, active_ids=lead.ids).create({'name': 'convert', 'action': 'create'})
wizard.action_apply()
done['converted'] = [lead.type, lead.partner_id.name, lead.partner_id.parent_id.name]
Partner = env['res.partner'].with_context(active_test=False)
kept, merged = (Partner.search([('ref', '=', ref)]) for ref in ('bulk-p1', 'bulk-p2001'))
their_lead = env['crm.lead'].create({'name': 'Lead of a duplicate', 'type': 'opportunity', 'partner_id': merged.id})
env.flush_all()  # saved before the merge, which comes as a request of its own
env.invalidate_all()
merge = env['base.partner.merge.automatic.wizard'].create(
    {'partner_ids': [(6, 0, (kept | merged).ids)], 'dst_partner_id': kept.id})
merge.action_merge()
done['merged'] = [kept.exists().ref, bool(merged.exists()), their_lead.partner_id.ref]
done['by_phone'] = sorted(Partner.search([('phone_mobile_search', 'ilike', value)]).mapped('ref')
                          for value in ('+7 916 000-00-01', '8 916 000 00 05', '8 (495) 300-00-04'))
env.cr.commit()
print('LIFECYCLE_MARK', json.dumps(done))
"""

# What 1.5.0 gave portal users on leads: an access right and a record rule.
OLD_PORTAL_ACCESS = """
WITH access AS (
    INSERT INTO ir_model_access (name, model_id, group_id, perm_read, perm_write, perm_create, perm_unlink, active)
    SELECT 'crm.lead portal', m.id, g.res_id, true, false, false, false, true
      FROM ir_model m, ir_model_data g
     WHERE m.model = 'crm.lead' AND g.module = 'base' AND g.name = 'group_portal'
    RETURNING id
), rule AS (
    INSERT INTO ir_rule (name, model_id, domain_force, perm_read, perm_write, perm_create, perm_unlink, active, global)
    SELECT 'Leads and deals: portal users, their own company''s', id,
           '[(''partner_id.commercial_partner_id'', ''='', user.commercial_partner_id.id)]',
           true, false, false, false, true, false
      FROM ir_model WHERE model = 'crm.lead'
    RETURNING id
)
INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
SELECT 'crm_vtiger_like', 'access_crm_lead_portal', 'ir.model.access', id, false FROM access
UNION ALL SELECT 'crm_vtiger_like', 'crm_lead_rule_portal', 'ir.rule', id, false FROM rule
"""
PORTAL_LEAD_ACCESS = """
SELECT count(*) FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id
  JOIN ir_model_data g ON g.res_id = a.group_id AND g.model = 'res.groups' AND g.module = 'base'
 WHERE m.model = 'crm.lead' AND g.name = 'group_portal'
"""

# The foreign keys pointing at partners and leads: (table, column, name).
FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text, a.attname, c.conname FROM pg_constraint c
  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
 WHERE c.contype = 'f' AND c.confrelid IN ('res_partner'::regclass, 'crm_lead'::regclass)
"""

# Odoo's own columns, compared before and after the uninstall.
ODOO_COLUMNS = {
    "crm_lead": "id, name, type, active, company_id, team_id, user_id, stage_id, partner_id, contact_name,"
    " partner_name, phone, mobile, email_from, phone_sanitized, email_normalized, priority, expected_revenue",
    "res_partner": "id, name, complete_name, type, is_company, active, parent_id, commercial_partner_id, company_id,"
    " ref, phone, mobile, email, phone_sanitized",
}
NUMBER_FIELDS = (
    ("crm_lead", "lead_no"),
    ("crm_lead", "deal_no"),
    ("res_partner", "account_no"),
    ("res_partner", "contact_no"),
)

# Picklists after the admin's changes (CUSTOMISE): (name, active) in their order.
PICKLISTS = {
    "crm_lead_status": [
        ("Not Contacted", True),
        ("Attempted to Contact", True),
        ("Contact in Future", True),
        ("Contacted", True),
        ("Cold", True),
        ("Warm", True),
        ("Very hot", True),
        ("Waiting for budget", True),
        ("Pre-Qualified", True),
        ("Qualified", True),
        ("Junk Lead", False),
        ("Lost Lead", True),
    ],
    "crm_vtiger_rating": [
        ("Acquired", True),
        ("Active client", True),
        ("Market Failed", True),
        ("Project Cancelled", True),
        ("Shutdown", False),
        ("Strategic", True),
    ],
    "crm_account_type": [
        ("Supplier", True),
        ("Analyst", False),
        ("Competitor", True),
        ("Customer", True),
        ("Integrator", True),
        ("Investor", True),
        ("Partner", True),
        ("Media", True),
        ("Prospect", True),
        ("Reseller", True),
        ("Other", True),
    ],
    "crm_communication_purpose": [
        ("Clarify the request", True),
        ("Send a commercial offer", True),
        ("Remind about payment", False),
        ("Repeat sale", True),
        ("Invite to an event", True),
        ("Collect feedback", True),
        ("Other", True),
    ],
}
SETTINGS = {
    "crm_vtiger_like.name_order": "last_first",
    "crm_vtiger_like.repeat_days": "30",
    "crm_vtiger_like.duplicate_weight_phone": "45",
    "crm_vtiger_like.duplicate_weight_phone_tail": "20",
    "crm_vtiger_like.duplicate_weight_inn": "90",
    "crm_vtiger_like.duplicate_weight_email": "55",
    "crm_vtiger_like.duplicate_weight_name": "35",
    "crm_vtiger_like.duplicate_threshold": "65",
    "crm_vtiger_like.duplicate_block_leads": "True",
    "crm_vtiger_like.unmerge_days": "14",
}


def sql(query, params=None):
    with (
        psycopg2.connect(
            dbname=DB, host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["DB_USER"]
        ) as conn,
        conn.cursor() as cr,
    ):
        cr.execute(query, params)
        rows = cr.fetchall() if cr.description else None
    conn.close()
    return rows


def scalar(query, params=None):
    return sql(query, params)[0][0]


def odoo(*args, stdin=None, command=(), errors=None):
    """Run odoo-bin; fail on a non-zero exit or an ERROR in its log, unless
    a list is given as ``errors``: the ERROR lines are added to it."""
    proc = subprocess.run(
        [*ODOO, *command, *OPTIONS, "-d", DB, *args],
        check=False,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=1200,
    )
    sys.stdout.write(proc.stdout + proc.stderr)
    if errors is not None and proc.returncode == 0:
        errors += [line for line in proc.stderr.splitlines() if " ERROR " in line]
    elif proc.returncode != 0 or " ERROR " in proc.stderr:
        raise AssertionError(f"odoo-bin {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout


def odoo_shell(script):
    """Run ``script`` in ``odoo-bin shell``; the JSON it prints after
    ``LIFECYCLE_MARK`` (None when it prints none)."""
    out = odoo("--no-http", command=["shell"], stdin=script)
    marks = [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("LIFECYCLE_MARK ")]
    return json.loads(marks[-1]) if marks else None


def columns(table):
    return {r[0] for r in sql("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])}


def numbering():
    """{(table, field, company): (records, distinct numbers, lowest, highest)}
    of the numeric part of each vtiger number, per company's sequence (a
    record without company draws from the main company's)."""
    result = {}
    for table, col in NUMBER_FIELDS:
        for company, *counts in sql(
            f"SELECT COALESCE(company_id, 1), count(*), count(DISTINCT n), min(n), max(n)"
            f" FROM (SELECT company_id, substring({col} from '[0-9]+$')::int AS n FROM {table}"
            f" WHERE {col} IS NOT NULL) numbers GROUP BY 1"
        ):
            result[table, col, company] = tuple(counts)
    return result


def checksum(table):
    """Row count and md5 of Odoo's own columns of ``table``."""
    return sql(f"SELECT count(*), md5(string_agg(row({ODOO_COLUMNS[table]})::text, '|' ORDER BY id)) FROM {table}")[0]


def phone_rows(model, names_sql, names):
    """The phone index rows of the records of ``model`` whose name is in ``names``."""
    table = model.replace(".", "_")
    return sql(
        f"SELECT r.name, p.field, p.raw, p.number FROM crm_vtiger_phone p JOIN {table} r ON r.id = p.res_id"
        f" WHERE p.res_model = %s AND {names_sql} = ANY(%s) ORDER BY r.name, p.field",
        [model, list(names)],
    )


class TestLifecycle(unittest.TestCase):
    """Each step builds on the previous one: they run in name order."""

    maxDiff = None

    def assert_all_numbered(self):
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead WHERE type = 'lead' AND lead_no IS NULL"), 0)
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead WHERE type = 'opportunity' AND deal_no IS NULL"), 0)
        self.assertEqual(scalar("SELECT count(*) FROM res_partner WHERE is_company AND account_no IS NULL"), 0)
        self.assertEqual(
            scalar("SELECT count(*) FROM res_partner WHERE NOT is_company AND type = 'contact' AND contact_no IS NULL"),
            0,
        )
        self.assertEqual(
            scalar("SELECT count(*) FROM res_partner WHERE type = 'delivery' AND contact_no IS NOT NULL"), 0
        )
        for table, col in NUMBER_FIELDS:
            self.assertEqual(
                scalar(
                    f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {col} IS NOT NULL"
                    f" GROUP BY COALESCE(company_id, 0), {col} HAVING count(*) > 1) dup"
                ),
                0,
                col,
            )

    def assert_numbers_consecutive(self):
        """Each company's numbers of each kind are 1..N, without a gap."""
        found = numbering()
        for key, (count, distinct, lowest, highest) in found.items():
            self.assertEqual((distinct, lowest, highest), (count, 1, count), key)
        return found

    def test_01_dependencies_and_existing_records(self):
        odoo("-i", DEPENDENCIES, "--without-demo=all", "--stop-after-init")
        odoo_shell(SEED + SEED_BULK)
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead"), 10027)
        self.assertEqual(scalar("SELECT count(*) FROM res_partner WHERE ref LIKE 'bulk-%'"), 10000)
        self.assertEqual(
            sql(
                "SELECT phone_sanitized, phone_state FROM crm_lead"
                " WHERE name IN ('Bulk lead 9', 'Bulk lead 11') ORDER BY id"
            ),
            [("+79120000009", "correct"), (None, "incorrect")],
            "Odoo's own stored fields were computed",
        )

    def test_02_install_without_demo_numbers_existing_records(self):
        odoo("-i", "crm_vtiger_like", "--without-demo=all", "--stop-after-init")
        self.assertEqual(scalar("SELECT state FROM ir_module_module WHERE name = 'crm_vtiger_like'"), "installed")
        self.assert_all_numbered()
        self.assertEqual(
            scalar(
                "SELECT count(*) FROM crm_lead WHERE company_id IS NOT NULL AND company_id != 1 AND lead_no IS NOT NULL"
            ),
            671,
        )
        for company_id in (r[0] for r in sql("SELECT id FROM res_company")):
            codes = {r[0] for r in sql("SELECT code FROM ir_sequence WHERE company_id = %s", [company_id])}
            self.assertTrue({f"crm_vtiger_like.{c}" for c in CODES} <= codes, company_id)
        self.assertEqual(
            scalar(
                "SELECT count(*) FROM ir_model_data WHERE module = 'crm_vtiger_like'"
                " AND name IN ('account_stroymaster', 'lead_01', 'deal_01')"
            ),
            0,
            "no demo data",
        )
        self.assertEqual(
            scalar(
                "SELECT count(*) FROM res_groups_implied_rel r JOIN ir_model_data g ON g.res_id = r.hid"
                " AND g.model = 'res.groups' AND g.module = 'crm' AND g.name = 'group_use_lead'"
                " JOIN ir_model_data u ON u.res_id = r.gid AND u.model = 'res.groups'"
                " AND u.module = 'base' AND u.name = 'group_user'"
            ),
            1,
        )
        self.assertEqual(scalar("SELECT count(*) FROM utm_source WHERE name = 'Instagram'"), 1)
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead_status"), 11)
        self.assertEqual(scalar(EMAIL_INDEX), 1, "equality look-ups on lead e-mails have a btree")
        self.check_install_numbers()
        self.check_install_phone_index()
        self.check_install_name_parts()

    def check_install_numbers(self):
        """Every company's records are numbered 1..N in id order, archived ones included."""
        self.assertEqual(
            self.assert_numbers_consecutive(),
            {
                ("crm_lead", "lead_no", 1): (6015, 6015, 1, 6015),
                ("crm_lead", "lead_no", 2): (671, 671, 1, 671),
                ("crm_lead", "deal_no", 1): (3008, 3008, 1, 3008),
                ("crm_lead", "deal_no", 2): (333, 333, 1, 333),
                # My Company, Second Company, Company 0-11, 1800 bulk accounts
                ("res_partner", "account_no", 1): (1814, 1814, 1, 1814),
                ("res_partner", "account_no", 2): (200, 200, 1, 200),
                # OdooBot, Administrator, 3 user templates, Person 0-19, 5400 bulk contacts
                ("res_partner", "contact_no", 1): (5425, 5425, 1, 5425),
                ("res_partner", "contact_no", 2): (600, 600, 1, 600),
            },
        )
        self.assertEqual(
            sql(
                "SELECT name, lead_no, deal_no FROM crm_lead WHERE name IN"
                " ('Lead 0', 'Deal 0', 'Lead B0', 'Bulk lead 1', 'Bulk lead 3', 'Bulk lead 10', 'Bulk lead 30',"
                " 'Bulk lead 9999') ORDER BY id"
            ),
            [
                ("Lead 0", "LEA1", None),
                ("Deal 0", None, "POT1"),
                ("Lead B0", "LEA1", None),
                ("Bulk lead 1", "LEA16", None),
                ("Bulk lead 3", None, "POT9"),
                ("Bulk lead 10", "LEA5", None),
                ("Bulk lead 30", None, "POT1"),
                ("Bulk lead 9999", None, "POT3008"),
            ],
        )
        self.assertEqual(
            sql(
                "SELECT ref, account_no, contact_no FROM res_partner"
                " WHERE ref IN ('bulk-c1', 'bulk-c10', 'bulk-p1', 'bulk-p10', 'bulk-d1') ORDER BY id"
            ),
            [
                ("bulk-c1", "ACC15", None),
                ("bulk-c10", "ACC1", None),
                ("bulk-p1", None, "CON26"),
                ("bulk-p10", None, "CON1"),
                ("bulk-d1", None, None),
            ],
        )

    def check_install_phone_index(self):
        """One index row per (record, phone field) holding a value; its
        E.164 number, or none (the value kept as typed) when it is not a
        number; no row for empty or blank values."""
        self.assertEqual(
            sql(
                "SELECT res_model, field, count(*), count(number), count(*) FILTER (WHERE NOT active)"
                " FROM crm_vtiger_phone GROUP BY 1, 2 ORDER BY 1, 2"
            ),
            [
                ("crm.lead", "mobile", 3334, 2500, 302),
                ("crm.lead", "phone", 6265, 5015, 571),
                ("res.partner", "mobile", 2000, 2000, 153),
                ("res.partner", "phone", 7312, 6112, 457),
            ],
        )
        self.assertEqual(
            scalar(
                "SELECT count(*) FROM (SELECT 1 FROM crm_vtiger_phone GROUP BY res_model, res_id, field"
                " HAVING count(*) > 1) twice"
            ),
            0,
        )
        for table, model, fields in (
            ("crm_lead", "crm.lead", ("phone", "mobile")),
            ("res_partner", "res.partner", ("phone", "mobile")),
        ):
            for field in fields:
                self.assertEqual(
                    scalar(f"SELECT count(*) FROM {table} WHERE btrim({field}) != ''"),
                    scalar("SELECT count(*) FROM crm_vtiger_phone WHERE res_model = %s AND field = %s", [model, field]),
                    f"{model}.{field}: one row per value",
                )
        self.assertEqual(scalar("SELECT count(*) FROM crm_vtiger_phone WHERE number = '+79123456705'"), 1)
        self.assertEqual(
            scalar(
                "SELECT count(*) FROM crm_vtiger_phone WHERE res_model = 'res.partner' AND number LIKE '+7495211%%'"
            ),
            12,
        )
        self.assertEqual(scalar("SELECT count(*) FROM crm_vtiger_phone WHERE number = '+4930901820'"), 1250)
        self.assertEqual(
            phone_rows("crm.lead", "r.name", [f"Bulk lead {i}" for i in range(8, 16)]),
            [
                ("Bulk lead 10", "phone", "89120000010", "+79120000010"),
                ("Bulk lead 11", "phone", "123-45", None),
                ("Bulk lead 12", "mobile", "8 (903) 000-00-12", "+79030000012"),
                ("Bulk lead 14", "mobile", "123-45", None),
                ("Bulk lead 14", "phone", "+49 30 901820", "+4930901820"),
                ("Bulk lead 8", "mobile", "89030000008", "+79030000008"),
                ("Bulk lead 8", "phone", "8 (912) 000-00-08", "+79120000008"),
                ("Bulk lead 9", "phone", "+7 912 000 00 09", "+79120000009"),
            ],
        )
        self.assertEqual(
            phone_rows(
                "res.partner",
                "r.ref",
                ["bulk-c4", "bulk-c5", "bulk-c6", "bulk-c7", "bulk-p1", "bulk-p3", "bulk-p4", "bulk-p5", "bulk-d2"],
            ),
            [
                ("Anna1 Sergeevna Ivanova1", "phone", "+7 916 000 00 01", "+79160000001"),
                ("Bulk company 4", "phone", "8 (495) 300-00-04", "+74953000004"),
                ("Bulk company 5", "phone", "+7 495 300 00 05", "+74953000005"),
                ("Bulk company 6", "phone", "84953000006", "+74953000006"),
                ("Ivan3 Petrov3", "mobile", "89031000003", "+79031000003"),
                ("Ivan3 Petrov3", "phone", "123-45", None),
                ("Smirnov5", "phone", "8 (916) 000-00-05", "+79160000005"),
                ("Warehouse 2", "phone", "+7 495 400 00 02", "+74954000002"),
            ],
        )
        self.assertEqual(
            sql("SELECT DISTINCT segment FROM crm_vtiger_phone WHERE res_model = 'res.partner' ORDER BY 1"),
            [("company",), ("person",)],
        )

    def check_install_name_parts(self):
        """Persons' and leads' names are split into first / middle / last."""
        persons = "SELECT count(*) FROM res_partner WHERE name LIKE 'Person %%' AND first_name = 'Person'"
        self.assertEqual(scalar(persons), 20)
        self.assertEqual(
            scalar("SELECT count(*) FROM res_partner WHERE NOT is_company AND name IS NOT NULL AND last_name IS NULL"),
            0,
        )
        self.assertEqual(scalar("SELECT count(*) FROM res_partner WHERE is_company AND last_name IS NOT NULL"), 0)
        self.assertEqual(
            sql(
                "SELECT count(*), count(first_name), count(middle_name), count(last_name) FROM res_partner"
                " WHERE ref LIKE 'bulk-p%%'"
            ),
            [(6000, 4000, 2000, 6000)],
        )
        self.assertEqual(
            sql(
                "SELECT name, first_name, middle_name, last_name FROM res_partner"
                " WHERE ref IN ('bulk-p1', 'bulk-p2', 'bulk-p3') ORDER BY id"
            ),
            [
                ("Anna1 Sergeevna Ivanova1", "Anna1", "Sergeevna", "Ivanova1"),
                ("Smirnov2", None, None, "Smirnov2"),
                ("Ivan3 Petrov3", "Ivan3", None, "Petrov3"),
            ],
        )
        self.assertEqual(
            sql(
                "SELECT count(*), count(first_name), count(middle_name), count(last_name) FROM crm_lead"
                " WHERE name LIKE 'Bulk lead %%' AND contact_name IS NOT NULL"
            ),
            [(4000, 4000, 2000, 4000)],
        )
        self.assertEqual(
            scalar("SELECT count(*) FROM crm_lead WHERE contact_name IS NULL AND last_name IS NOT NULL"), 0
        )
        self.assertEqual(
            sql(
                "SELECT contact_name, first_name, middle_name, last_name FROM crm_lead"
                " WHERE name IN ('Bulk lead 5', 'Bulk lead 6') ORDER BY id"
            ),
            [
                ("Ivan5 Petrov5", "Ivan5", None, "Petrov5"),
                ("Anna6 Sergeevna Ivanova6", "Anna6", "Sergeevna", "Ivanova6"),
            ],
        )

    def test_03_upgrade_keeps_numbers_and_admin_changes(self):
        before = sql("SELECT id, lead_no, deal_no FROM crm_lead ORDER BY id")
        partners = sql("SELECT id, account_no, contact_no FROM res_partner ORDER BY id")
        odoo_shell(CUSTOMISE)
        # an account made "member of" another by 1.1.0 (through parent_id)
        group_id, member_id = (
            r[0] for r in sql("SELECT id FROM res_partner WHERE name IN ('Company 0', 'Company 1') ORDER BY name")
        )
        sql("UPDATE res_partner SET parent_id = %s WHERE id = %s", [group_id, member_id])
        # the portal's read access to leads of up to 1.5.0 (every field through JSON-RPC)
        sql(OLD_PORTAL_ACCESS)
        self.assertEqual(scalar(PORTAL_LEAD_ACCESS), 1)
        sql("UPDATE ir_module_module SET latest_version = '18.0.1.1.0' WHERE name = 'crm_vtiger_like'")
        odoo("-u", "crm_vtiger_like", "--stop-after-init")
        self.assertEqual(scalar(PORTAL_LEAD_ACCESS), 0, "the upgrade withdrew it")
        self.assertEqual(
            sql("SELECT member_of_id, parent_id, commercial_partner_id FROM res_partner WHERE id = %s", [member_id]),
            [(group_id, None, member_id)],
            "the migration moved the link to Member Of",
        )
        self.assertEqual(sql("SELECT id, lead_no, deal_no FROM crm_lead ORDER BY id"), before)
        self.assertEqual(sql("SELECT id, account_no, contact_no FROM res_partner ORDER BY id"), partners)
        self.assertEqual(scalar("SELECT count(*) FROM utm_source WHERE name = 'Venyoo'"), 1)
        for table, values in PICKLISTS.items():
            self.assertEqual(sql(f"SELECT name->>'en_US', active FROM {table} ORDER BY sequence, id"), values, table)
        self.assertEqual(
            sql(
                "SELECT c.name, s.code, s.prefix, s.padding, s.implementation FROM ir_sequence s"
                " JOIN res_company c ON c.id = s.company_id"
                " WHERE s.code IN ('crm_vtiger_like.lead', 'crm_vtiger_like.account') ORDER BY c.id, s.code"
            ),
            [
                ("My Company", "crm_vtiger_like.account", "ACC", 0, "standard"),
                ("My Company", "crm_vtiger_like.lead", "ОБР-", 6, "standard"),
                ("Second Company", "crm_vtiger_like.account", "K2-", 4, "no_gap"),
                ("Second Company", "crm_vtiger_like.lead", "LEA", 0, "standard"),
            ],
        )
        self.assertEqual(
            sql(
                "SELECT l.name, s.name->>'en_US', r.name->>'en_US' FROM crm_lead l JOIN crm_lead_status s"
                " ON s.id = l.lead_status_id JOIN crm_vtiger_rating r ON r.id = l.rating_id ORDER BY l.id"
            ),
            [("Bulk lead 1", "Very hot", "Active client"), ("Bulk lead 2", "Very hot", "Active client")],
        )
        self.assertEqual(
            sql(
                "SELECT p.ref, t.name->>'en_US' FROM res_partner p JOIN crm_account_type t ON t.id = p.account_type_id"
            ),
            [("bulk-c1", "Media")],
        )
        self.assertEqual(
            dict(sql("SELECT key, value FROM ir_config_parameter WHERE key = ANY(%s)", [list(SETTINGS)])), SETTINGS
        )
        self.assertEqual(
            sql(
                "SELECT (SELECT name FROM utm_source WHERE id = p.value::int) FROM ir_config_parameter p"
                " WHERE key = 'crm_vtiger_like.inbound_source_id'"
                " UNION ALL SELECT (SELECT name->>'en_US' FROM crm_communication_purpose WHERE id = p.value::int)"
                " FROM ir_config_parameter p WHERE key = 'crm_vtiger_like.inbound_purpose_id'"
            ),
            [("Instagram",), ("Repeat sale",)],
        )
        self.assertEqual(
            sql("SELECT name FROM res_partner WHERE ref IN ('bulk-p1', 'bulk-p3') ORDER BY id"),
            [("Ivanova1 Anna1 Sergeevna",), ("Petrov3 Ivan3",)],
            "names in the customised order",
        )
        self.assertEqual(
            odoo_shell(AFTER_UPGRADE), ["ОБР-050000", "POT3009", "K2-0700"], "numbers continue the customised sequences"
        )

    def test_04_uninstall_removes_the_addon_and_keeps_the_data(self):
        leads, partners = checksum("crm_lead"), checksum("res_partner")
        keys = set(sql(FOREIGN_KEYS))
        errors = []
        odoo(
            "--no-http",
            command=["shell"],
            stdin=("env['ir.module.module'].search([('name', '=', 'crm_vtiger_like')]).button_immediate_uninstall()\n"),
            errors=errors,
        )
        self.assertEqual(scalar("SELECT state FROM ir_module_module WHERE name = 'crm_vtiger_like'"), "uninstalled")
        # those of the columns that are still there (Odoo's): every one kept
        kept_columns = {key for key in keys if key[1] in columns(key[0])}
        self.assertGreater(len(kept_columns), 40)
        self.assertEqual(set(sql(FOREIGN_KEYS)), kept_columns, "Odoo's foreign keys are all kept")
        self.assertFalse({"lead_no", "deal_no"} & columns("crm_lead"))
        self.assertFalse({"account_no", "contact_no", "kpp"} & columns("res_partner"))
        self.assertFalse(columns("crm_lead_status"), "picklist tables dropped")
        self.assertFalse(columns("crm_vtiger_phone"), "phone index dropped")
        self.assertEqual(scalar(EMAIL_INDEX), 0, "our index on Odoo's column dropped")
        self.assertEqual(scalar("SELECT count(*) FROM ir_sequence WHERE code LIKE 'crm\\_vtiger\\_like.%%'"), 0)
        self.assertEqual(
            scalar(
                "SELECT w.binding_model_id = m.id FROM ir_act_window w, ir_model m, ir_model_data d"
                " WHERE d.module = 'base' AND d.name = 'action_partner_merge' AND w.id = d.res_id"
                " AND m.model = 'res.partner'"
            ),
            True,
            "Odoo's partner merge is back in the Actions menu of the partner lists",
        )
        self.assertEqual(
            scalar(
                "SELECT m.active FROM ir_ui_menu m JOIN ir_model_data d ON d.res_id = m.id"
                " AND d.model = 'ir.ui.menu' AND d.module = 'crm' AND d.name = 'crm_menu_leads'"
            ),
            True,
            "crm's Leads menu is back",
        )
        self.assertEqual(checksum("crm_lead"), leads, "leads: Odoo's columns unchanged")
        self.assertEqual(checksum("res_partner"), partners, "partners: Odoo's columns unchanged")
        self.assertEqual(
            scalar("SELECT count(*) FROM utm_source WHERE name IN ('Venyoo', 'Instagram')"),
            2,
            "lead sources are shared data and stay",
        )
        self.assertEqual(
            odoo_shell(AFTER_UNINSTALL),
            {
                "views": True,
                "converted": ["opportunity", "Oleg Olegov", "Post Uninstall LLC"],
                "merged": ["bulk-p1", False, "bulk-p1"],
                "by_phone": [["bulk-c4"], ["bulk-p1"], ["bulk-p5"]],
            },
            "Odoo's CRM and contacts work without the addon",
        )
        # records use picklist values (``ondelete="restrict"``), which Odoo
        # deletes before the columns pointing at them: nothing refused
        self.assertEqual(errors, [], "the uninstall logs no ERROR")

    def test_05_reinstall(self):
        odoo("-i", "crm_vtiger_like", "--without-demo=all", "--stop-after-init")
        self.assert_all_numbered()
        self.assert_numbers_consecutive()
        self.assertEqual(scalar("SELECT count(*) FROM utm_source WHERE name = 'Venyoo'"), 1)
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead_status"), 11)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    print(
        f"LIFECYCLE run={result.testsRun} failed={len(result.failures)} errors={len(result.errors)}"
        f" skipped={len(result.skipped)}"
    )
    sys.exit(0 if result.wasSuccessful() else 1)
