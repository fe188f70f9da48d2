"""Install, upgrade, uninstall and reinstall crm_vtiger_like on a database
without demo data that already holds leads and partners.

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


def odoo(*args, stdin=None, command=()):
    proc = subprocess.run(
        [*ODOO, *command, *OPTIONS, "-d", DB, *args],
        check=False,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=1200,
    )
    sys.stdout.write(proc.stdout + proc.stderr)
    if proc.returncode != 0 or " ERROR " in proc.stderr:
        raise AssertionError(f"odoo-bin {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout


def columns(table):
    return {r[0] for r in sql("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])}


class TestLifecycle(unittest.TestCase):
    """Each step builds on the previous one: they run in name order."""

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
        for table, col in (
            ("crm_lead", "lead_no"),
            ("crm_lead", "deal_no"),
            ("res_partner", "account_no"),
            ("res_partner", "contact_no"),
        ):
            self.assertEqual(
                scalar(
                    f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {col} IS NOT NULL"
                    f" GROUP BY COALESCE(company_id, 0), {col} HAVING count(*) > 1) dup"
                ),
                0,
                col,
            )

    def test_01_dependencies_and_existing_records(self):
        odoo("-i", DEPENDENCIES, "--without-demo=all", "--stop-after-init")
        odoo("--no-http", stdin=SEED, command=["shell"])
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead"), 27)

    def test_02_install_without_demo_numbers_existing_records(self):
        odoo("-i", "crm_vtiger_like", "--without-demo=all", "--stop-after-init")
        self.assertEqual(scalar("SELECT state FROM ir_module_module WHERE name = 'crm_vtiger_like'"), "installed")
        self.assert_all_numbered()
        self.assertEqual(
            scalar(
                "SELECT count(*) FROM crm_lead WHERE company_id IS NOT NULL AND company_id != 1 AND lead_no IS NOT NULL"
            ),
            4,
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
        # existing persons got name parts
        persons = "SELECT count(*) FROM res_partner WHERE name LIKE 'Person %%' AND first_name = 'Person'"
        self.assertEqual(scalar(persons), 20)
        # the phone index covers the numbers that were there before the install
        self.assertEqual(scalar("SELECT count(*) FROM crm_vtiger_phone WHERE res_model = 'crm.lead'"), 15)
        self.assertEqual(scalar("SELECT count(*) FROM crm_vtiger_phone WHERE number = '+79123456705'"), 1)
        self.assertEqual(
            scalar(
                "SELECT count(*) FROM crm_vtiger_phone WHERE res_model = 'res.partner' AND number LIKE '+7495211%%'"
            ),
            12,
        )
        self.assertEqual(scalar(EMAIL_INDEX), 1, "equality look-ups on lead e-mails have a btree")

    def test_03_upgrade_keeps_numbers_and_admin_changes(self):
        before = sql("SELECT id, lead_no, deal_no FROM crm_lead ORDER BY id")
        partners = sql("SELECT id, account_no, contact_no FROM res_partner ORDER BY id")
        sql("UPDATE ir_sequence SET prefix = 'ОБР-' WHERE code = 'crm_vtiger_like.lead' AND company_id = 1")
        sql(
            "UPDATE crm_lead_status SET name = %s WHERE id = (SELECT res_id FROM ir_model_data"
            " WHERE module = 'crm_vtiger_like' AND name = 'lead_status_hot')",
            [json.dumps({"en_US": "Very hot"})],
        )
        # an account made "member of" another by 1.1.0 (through parent_id)
        group_id, member_id = (
            r[0] for r in sql("SELECT id FROM res_partner WHERE name IN ('Company 0', 'Company 1') ORDER BY name")
        )
        sql("UPDATE res_partner SET parent_id = %s WHERE id = %s", [group_id, member_id])
        sql("UPDATE ir_module_module SET latest_version = '18.0.1.1.0' WHERE name = 'crm_vtiger_like'")
        odoo("-u", "crm_vtiger_like", "--stop-after-init")
        self.assertEqual(
            sql("SELECT member_of_id, parent_id, commercial_partner_id FROM res_partner WHERE id = %s", [member_id]),
            [(group_id, None, member_id)],
            "the migration moved the link to Member Of",
        )
        self.assertEqual(sql("SELECT id, lead_no, deal_no FROM crm_lead ORDER BY id"), before)
        self.assertEqual(sql("SELECT id, account_no, contact_no FROM res_partner ORDER BY id"), partners)
        self.assertEqual(
            scalar("SELECT prefix FROM ir_sequence WHERE code = 'crm_vtiger_like.lead' AND company_id = 1"),
            "ОБР-",
        )
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead_status"), 11)
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead_status WHERE name->>'en_US' = 'Very hot'"), 1)
        self.assertEqual(scalar("SELECT count(*) FROM utm_source WHERE name = 'Venyoo'"), 1)

    def test_04_uninstall_removes_the_addon_and_keeps_the_data(self):
        leads, partners = scalar("SELECT count(*) FROM crm_lead"), scalar("SELECT count(*) FROM res_partner")
        odoo(
            "--no-http",
            command=["shell"],
            stdin=("env['ir.module.module'].search([('name', '=', 'crm_vtiger_like')]).button_immediate_uninstall()\n"),
        )
        self.assertEqual(scalar("SELECT state FROM ir_module_module WHERE name = 'crm_vtiger_like'"), "uninstalled")
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
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead"), leads)
        self.assertEqual(scalar("SELECT count(*) FROM res_partner"), partners)
        self.assertEqual(
            scalar("SELECT count(*) FROM utm_source WHERE name IN ('Venyoo', 'Instagram')"),
            2,
            "lead sources are shared data and stay",
        )

    def test_05_reinstall(self):
        odoo("-i", "crm_vtiger_like", "--without-demo=all", "--stop-after-init")
        self.assert_all_numbered()
        self.assertEqual(scalar("SELECT count(*) FROM utm_source WHERE name = 'Venyoo'"), 1)
        self.assertEqual(scalar("SELECT count(*) FROM crm_lead_status"), 11)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    print(
        f"LIFECYCLE run={result.testsRun} failed={len(result.failures)} errors={len(result.errors)}"
        f" skipped={len(result.skipped)}"
    )
    sys.exit(0 if result.wasSuccessful() else 1)
