"""Bulk merge (issue 17), run inside ``odoo-bin shell`` on a twin database of
bench/run.sh (see bench/bulk_merge.sh). Prints one ``BENCH_BULK {json}`` line.

Both modes first make BENCH_PAIRS duplicate pairs: that many persons, evenly
spread over the generated ones, copied with the ORM (same name, phone,
mobile, e-mail and account), in one batch create.

BENCH_MODE=plain  : plain Odoo's ``base.partner.merge.automatic.wizard``
                    merges the pairs one at a time (BENCH_PLAIN_SAMPLE pairs of
                    them when > 0, the time per pair then extrapolated), as the
                    admin; everything is rolled back.
BENCH_MODE=vtiger : a bulk merge run (phone and e-mail, threshold 80, batches
                    of 200) finds the groups and merges them, as the admin;
                    its batches are committed, so this runs on a throwaway copy.
"""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import json
import os
import time

MODE = os.environ.get("BENCH_MODE", "plain")
PAIRS = int(os.environ.get("BENCH_PAIRS", "4000"))
PLAIN_SAMPLE = int(os.environ.get("BENCH_PLAIN_SAMPLE", "0"))
cr = env.cr
ADMIN = env.ref("base.user_admin").id
results = {"mode": MODE, "pairs": PAIRS}


def make_pairs():
    """(originals, copies): PAIRS persons of the generated data and their copies."""
    cr.execute(
        "SELECT id FROM res_partner WHERE NOT is_company AND active AND email LIKE 'client%%@example.ru' ORDER BY id"
    )
    ids = [row[0] for row in cr.fetchall()]
    step = max(len(ids) // PAIRS, 1)
    originals = env["res.partner"].browse(ids[::step][:PAIRS])
    started = time.monotonic()
    copies = env["res.partner"].create(
        [
            {
                "name": partner.name,
                "phone": partner.phone,
                "mobile": partner.mobile,
                "email": partner.email,
                "parent_id": partner.parent_id.id,
            }
            for partner in originals
        ]
    )
    env.flush_all()
    results["create_copies_s"] = round(time.monotonic() - started, 2)
    return originals, copies


originals, copies = make_pairs()
if MODE == "plain":
    wizard = env["base.partner.merge.automatic.wizard"].with_user(ADMIN)
    sample = PLAIN_SAMPLE or PAIRS
    started = time.monotonic()
    for original, copy in list(zip(originals, copies, strict=True))[:sample]:
        wizard._merge([original.id, copy.id], original.with_user(ADMIN), extra_checks=False)
        env.flush_all()
    elapsed = time.monotonic() - started
    results.update(
        merged_pairs=sample,
        merge_s=round(elapsed, 1),
        per_pair_s=round(elapsed / sample, 4),
        all_pairs_s=round(elapsed / sample * PAIRS, 1),
        extrapolated=sample < PAIRS,
        left=env["res.partner"].search_count([("id", "in", copies.ids)]),
    )
    cr.rollback()
else:
    cr.commit()  # the copies, so that the run's batches can commit on top of them
    run = (
        env["crm.vtiger.bulk.merge"]
        .with_user(ADMIN)
        .create(
            {
                "name": "bench",
                "res_model": "res.partner",
                "by_phone": True,
                "by_email": True,
                "threshold": 80,
                "batch_size": 200,
            }
        )
    )
    cr.commit()
    started = time.monotonic()
    run._start()
    cr.commit()
    found = time.monotonic() - started
    while run.state == "running":
        run._process(3600)
    elapsed = time.monotonic() - started
    run.invalidate_recordset()
    copies.invalidate_recordset()
    results.update(
        find_s=round(found, 1),
        groups=run.group_count,
        merged_groups=run.merged_count,
        skipped_groups=run.skipped_count,
        failed_groups=run.failed_count,
        merged_records=run.merged_record_count,
        state=run.state,
        merge_s=round(elapsed, 1),
        run_duration_s=round(run.duration, 1),
        per_pair_s=round(elapsed / max(run.merged_count, 1), 4),
        copies_archived=sum(not copy.active for copy in copies),
        originals_kept=sum(original.active for original in originals),
    )
    failures = run.line_ids.filtered(lambda line: line.state == "failed")[:3]
    results["failures"] = failures.mapped("message")
cr.execute("SELECT count(*) FROM res_partner")
results["partners"] = cr.fetchone()[0]
print("BENCH_BULK " + json.dumps(results, ensure_ascii=False), flush=True)
