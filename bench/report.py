"""Print the comparison table of bench/run.sh (plain Odoo vs crm_vtiger_like)."""

import json
import sys
from pathlib import Path

out, n = Path(sys.argv[1]), sys.argv[2]
plain = json.loads((out / f"plain-{n}.json").read_text())
ours = json.loads((out / f"vtiger-{n}.json").read_text())
install = json.loads((out / f"install-{n}.json").read_text()) if (out / f"install-{n}.json").exists() else {}

rows = [
    (
        "phone search, number typed in another format: median ms",
        plain["search_any_format_median_ms"],
        ours["search_any_format_median_ms"],
        "<= 1 ms",
    ),
    ("  recall (share of records found)", plain["search_any_format_recall"], ours["search_any_format_recall"], "1.00"),
    (
        "  same through the ORM search field (vtiger_phone_search): median ms",
        "",
        ours.get("orm_search_vtiger_phone_median_ms"),
        "",
    ),
    (
        "exact indexed lookup on crm_lead.phone_sanitized: median ms",
        plain["exact_phone_sanitized_lookup_median_ms"],
        "",
        "reference",
    ),
    ("GROUP BY one sanitized column (crm_lead): s", plain["groupby_one_sanitized_column_s"], "", "reference"),
    (
        "all phone duplicate groups, every phone field of leads and partners: s",
        "",
        ours.get("all_phone_duplicate_groups_s"),
        "<= 5 s",
    ),
    ("  groups found", "", ours.get("all_phone_duplicate_groups"), ""),
    ("Find duplicates wizard (partners, by phone): s", "", ours.get("find_duplicates_wizard_partners_s"), ""),
    (
        f"ORM create {plain['orm_create_partners']} partners with two phones: s",
        plain["orm_create_s"],
        ours["orm_create_s"],
        "<= 1.2x",
    ),
    ("  partners / s", plain["orm_create_per_s"], ours["orm_create_per_s"], ""),
    (
        "merge (1,000 messages, 500 activities, 100 leads, 20 contacts): median s",
        plain["merge_median_s"],
        ours["merge_median_s"],
        "<= 1.0x",
    ),
]
print(f"| measure ({plain['partners']} partners, {plain['leads']} leads) | plain Odoo 18 | crm_vtiger_like | target |")
print("|---|---|---|---|")
for label, a, b, target in rows:
    print(f"| {label} | {a} | {b} | {target} |")
print(
    f"\ncreate ratio: {ours['orm_create_s'] / plain['orm_create_s']:.2f}x;"
    f" merge ratio: {ours['merge_median_s'] / plain['merge_median_s']:.2f}x;"
    f" index rows: {ours.get('index_rows')} ({ours.get('index_rows_normalized')} normalized)"
)
convert = {
    mode: json.loads((out / f"convert-{mode}-{n}.json").read_text())
    for mode in ("plain", "vtiger")
    if (out / f"convert-{mode}-{n}.json").exists()
}
if len(convert) == 2:
    p, o = convert["plain"], convert["vtiger"]
    print(
        f"\nmass conversion of {p['leads']} leads (Odoo's mass wizard, default options):"
        f" plain {p['ms_per_lead']} ms/lead ({p['partners_created']} partners created),"
        f" crm_vtiger_like {o['ms_per_lead']} ms/lead ({o['partners_created']} partners created);"
        f" ratio {o['ms_per_lead'] / p['ms_per_lead']:.2f}x"
    )
if install:
    print(
        f"installing crm_vtiger_like over the generated records (numbers + phone index backfill): "
        f"{install['install_s']} s"
    )
