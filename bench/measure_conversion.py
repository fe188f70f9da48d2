"""Mass conversion of leads (issue 6), run inside ``odoo-bin shell`` on the
databases of bench/run.sh. Converts BENCH_LEADS leads with Odoo's mass
wizard (default options), rolls everything back, prints ``BENCH_CONVERT {json}``."""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import json
import os
import time

MODE = os.environ.get("BENCH_MODE", "plain")
COUNT = int(os.environ.get("BENCH_LEADS", "1000"))
cr = env.cr
admin = env.ref("base.user_admin")
cr.execute("SELECT id FROM crm_lead WHERE type = 'lead' AND active ORDER BY id DESC LIMIT %s", [COUNT])
ids = [row[0] for row in cr.fetchall()]
cr.execute("SELECT count(*) FROM res_partner")
partners_before = cr.fetchone()[0]
cr.execute("SAVEPOINT bench_convert")
Wizard = (
    env["crm.lead2opportunity.partner.mass"]
    .with_user(admin)
    .with_context(active_model="crm.lead", active_ids=ids, active_id=ids[0])
)
start = time.perf_counter()
wizard = Wizard.create({})
wizard.action_mass_convert()
env.flush_all()
elapsed = time.perf_counter() - start
cr.execute("SELECT count(*) FROM crm_lead WHERE id = ANY(%s) AND type = 'opportunity'", [ids])
converted = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM res_partner")
created = cr.fetchone()[0] - partners_before
cr.execute("ROLLBACK TO SAVEPOINT bench_convert")
print(
    "BENCH_CONVERT "
    + json.dumps(
        {
            "mode": MODE,
            "leads": len(ids),
            "converted": converted,
            "partners_created": created,
            "seconds": round(elapsed, 1),
            "ms_per_lead": round(elapsed * 1000 / len(ids), 1),
        }
    ),
    flush=True,
)
cr.rollback()
