"""Merge the per-measure files of bench/out/ into bench/results.json and print
the Markdown table of bench/README.md (issue 19).

    python bench/results.py bench/out SIZE
    python bench/results.py --median OUT.json RUN1.json RUN2.json ...

The first form reads what bench/run.sh and the scripts it calls wrote for
SIZE (and bench/vtiger_import.json, 100,000 rows whatever SIZE); a measure
without its file is null in results.json and "not run" in the table, never
estimated. The second form writes the key-by-key median of repeated runs of
one measure (numbers: median; anything else: the last run's value).
"""

import datetime
import json
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = (
    "size",
    "phone_lookup_ms",
    "phone_lookup_orm_ms",
    "phone_scan_s",
    "create_ratio_leads",
    "create_ratio_partners",
    "convert_ratio",
    "merge_ratio",
    "merge_s",
    "bulk_merge_4000_s",
    "comm_create_queries",
    "inbound_rps",
    "card_queries_10",
    "card_queries_10000",
    "list_first_page_ms",
    "vtiger_import_100k_s",
)


def median_of(runs):
    """Key-by-key median of a list of run dicts."""
    merged = {}
    for key in runs[-1]:
        values = [run[key] for run in runs if key in run]
        if all(isinstance(v, dict) for v in values):
            merged[key] = median_of(values)
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            merged[key] = round(statistics.median(values), 4)
        else:
            merged[key] = values[-1]
    merged["runs"] = len(runs)
    return merged


def write_median(target, sources):
    runs = [json.loads(Path(p).read_text()) for p in sources if Path(p).exists() and Path(p).stat().st_size]
    if runs:
        Path(target).write_text(json.dumps(median_of(runs), ensure_ascii=False))
    else:
        Path(target).unlink(missing_ok=True)


def ratio(ours, plain):
    return round(ours / plain, 3) if ours is not None and plain else None


def get(data, *path):
    for key in path:
        if not isinstance(data, dict) or data.get(key) is None:
            return None
        data = data[key]
    return data


def fmt(value, suffix=""):
    if value is None:
        return "not run"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        value = f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:,.1f}"
    elif isinstance(value, int):
        value = f"{value:,}"
    return f"{value}{suffix}"


def fmt_ratio(value):
    return "not run" if value is None else f"{value:.2f}x"


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    ram_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {ram_kb / 2**20:.0f} GB RAM, {platform.system()} {platform.release()}"


def main(out, size):
    files = {}

    def load(name):
        path = Path(name) if os.path.isabs(name) else out / name
        if path.exists() and path.stat().st_size:
            files[path.name] = datetime.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            return json.loads(path.read_text())
        return {}

    plain, ours = load(f"plain-{size}.json"), load(f"vtiger-{size}.json")
    create_plain, create_ours = load(f"create-plain-{size}.json"), load(f"create-vtiger-{size}.json")
    convert_plain, convert_ours = load(f"convert-plain-{size}.json"), load(f"convert-vtiger-{size}.json")
    lists_plain, lists_ours = load(f"lists-plain-{size}.json"), load(f"lists-vtiger-{size}.json")
    card = load(f"summary-{size}.json")
    comm = load(f"communication-{size}.json")
    bulk = load(f"bulk-merge-{size}.json")
    vimport = load(str(ROOT / "bench" / "vtiger_import.json"))

    bulk_ours = bulk.get("vtiger") or {}
    results = {
        "size": size,
        "phone_lookup_ms": ours.get("search_any_format_median_ms"),
        "phone_lookup_orm_ms": ours.get("orm_search_vtiger_phone_median_ms"),
        "phone_scan_s": ours.get("all_phone_duplicate_groups_s"),
        "create_ratio_leads": ratio(create_ours.get("leads_s"), create_plain.get("leads_s")),
        "create_ratio_partners": ratio(create_ours.get("partners_s"), create_plain.get("partners_s")),
        "convert_ratio": ratio(convert_ours.get("ms_per_lead"), convert_plain.get("ms_per_lead")),
        "merge_ratio": ratio(ours.get("merge_median_s"), plain.get("merge_median_s")),
        "merge_s": ours.get("merge_median_s"),
        "bulk_merge_4000_s": bulk_ours.get("merge_s") if bulk_ours.get("pairs") == 4000 else None,
        "comm_create_queries": comm.get("comm_create_queries"),
        "inbound_rps": comm.get("inbound_rps"),
        "card_queries_10": card.get("card_queries_10"),
        "card_queries_10000": card.get("card_queries_10000"),
        "list_first_page_ms": lists_ours.get("list_first_page_ms"),
        "vtiger_import_100k_s": vimport.get("vtiger_import_100k_s"),
    }
    assert tuple(results) == KEYS
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1) + "\n")

    def met(value, ok):
        return "not run" if value is None else ("yes" if ok(value) else "**no**")

    rows = [
        (
            "phone lookup, a stored number typed in another format: median ms (plain: its ORM phone search)",
            fmt(plain.get("search_any_format_median_ms")),
            fmt(results["phone_lookup_ms"]),
            "<= 0.15 ms",
            met(results["phone_lookup_ms"], lambda v: v <= 0.15),
        ),
        (
            "same lookup through the ORM search field: median ms",
            fmt(plain.get("search_any_format_median_ms")),
            fmt(results["phone_lookup_orm_ms"]),
            "<= 0.3 ms",
            met(results["phone_lookup_orm_ms"], lambda v: v <= 0.3),
        ),
        (
            "reference: Odoo's exact lookup on its indexed `phone_sanitized`, same database: median ms",
            fmt(plain.get("exact_phone_sanitized_lookup_median_ms")),
            fmt(ours.get("exact_phone_sanitized_lookup_median_ms")),
            "reference",
            "",
        ),
        (
            "reference: Odoo's cheapest ORM search (`search([('id', '=', id)])`), same records: median ms",
            fmt(plain.get("orm_search_by_id_median_ms")),
            fmt(ours.get("orm_search_by_id_median_ms")),
            "reference",
            "",
        ),
        (
            "recall of that lookup (share of the records found)",
            fmt(plain.get("search_any_format_recall")),
            fmt(ours.get("search_any_format_recall")),
            "1.00",
            met(ours.get("search_any_format_recall"), lambda v: v >= 1),
        ),
        (
            "full phone duplicate scan: s (plain: GROUP BY one sanitized column, for reference)",
            fmt(plain.get("groupby_one_sanitized_column_s")),
            fmt(results["phone_scan_s"]),
            "<= 2 s",
            met(results["phone_scan_s"], lambda v: v <= 2),
        ),
    ]
    for key, label in (("leads", "leads"), ("partners", "partners")):
        value = results[f"create_ratio_{key}"]
        rows.append(
            (
                f"ORM create of {create_plain.get('count') or create_ours.get('count') or 10000:,} {label}: median s",
                fmt(create_plain.get(f"{key}_s")),
                f"{fmt(create_ours.get(f'{key}_s'))} (ratio {fmt_ratio(value)})",
                "ratio <= 1.05",
                met(value, lambda v: v <= 1.05),
            )
        )
    rows += [
        (
            f"mass conversion of {convert_plain.get('leads') or 1000:,} leads (Odoo's mass wizard): ms per lead",
            fmt(convert_plain.get("ms_per_lead")),
            f"{fmt(convert_ours.get('ms_per_lead'))} (ratio {fmt_ratio(results['convert_ratio'])})",
            "ratio <= 0.5",
            met(results["convert_ratio"], lambda v: v <= 0.5),
        ),
        (
            "merge of two partners, 1,000 messages, 500 activities, 100 leads, 20 contacts: median s",
            fmt(plain.get("merge_median_s")),
            f"{fmt(results['merge_s'])} (ratio {fmt_ratio(results['merge_ratio'])})",
            "ratio <= 0.5",
            met(results["merge_ratio"], lambda v: v <= 0.5),
        ),
    ]
    plain_bulk = bulk.get("plain") or {}
    pairs = bulk_ours.get("pairs") or plain_bulk.get("pairs") or 4000
    extrapolated = " (extrapolated)" if plain_bulk.get("extrapolated") else ""
    rows.append(
        (
            f"bulk merge of {fmt(pairs)} duplicate pairs: s (plain: its wizard pair by pair)",
            fmt(plain_bulk.get("all_pairs_s")) + (extrapolated if plain_bulk else ""),
            fmt(bulk_ours.get("merge_s")),
            "4,000 pairs < 600 s",
            met(results["bulk_merge_4000_s"], lambda v: v < 600)
            if pairs == 4000
            else f"not measured at 4,000 pairs ({pairs:,})",
        )
    )
    rows += [
        (
            "SQL queries of one communication create, worst case",
            "n/a",
            fmt(results["comm_create_queries"]),
            "<= 25",
            met(results["comm_create_queries"], lambda v: v <= 25),
        ),
        (
            "inbound endpoint, 2 workers: requests / s",
            "n/a",
            fmt(results["inbound_rps"]),
            ">= 50",
            met(results["inbound_rps"], lambda v: v >= 50),
        ),
        (
            "account card, every summary widget: SQL queries (ms), 10 / 10,000 related records",
            "n/a",
            f"{fmt(card.get('card_queries_10'))} ({fmt(card.get('card_ms_10'))} ms) / "
            f"{fmt(card.get('card_queries_10000'))} ({fmt(card.get('card_ms_10000'))} ms)"
            if card
            else "not run",
            "constant",
            met(card.get("card_queries_10000"), lambda v: v == card.get("card_queries_10")),
        ),
    ]
    for label in ("leads", "accounts", "contacts"):
        mine, theirs = lists_ours.get(label) or {}, lists_plain.get(label) or {}

        def cell(data):
            if not data:
                return "not run"
            return f"{fmt(data['ms'])} ms, {fmt(data['queries'])} queries, {data['columns']} columns"

        rows.append(
            (
                f"{label.capitalize()} list, first page of 80 (web_search_read, default columns, count)",
                cell(theirs),
                cell(mine),
                "<= 50 ms",
                met(mine.get("ms"), lambda v: v <= 50),
            )
        )
    modules = vimport.get("modules") or {}
    plain_total = (
        round(sum(m["plain_import_s"] for m in modules.values()), 1)
        if modules and all("plain_import_s" in m for m in modules.values())
        else None
    )
    plain_extrapolated = any(m.get("plain_extrapolated_from") for m in modules.values())
    rows.append(
        (
            "vtiger import, 100,000 rows per module (" + ", ".join(modules) + "): s in all"
            if modules
            else "vtiger import, 100,000 rows per module: s in all",
            fmt(plain_total)
            + (" (Odoo's base_import" + (", extrapolated" if plain_extrapolated else "") + ")" if plain_total else ""),
            fmt(results["vtiger_import_100k_s"])
            + (" (" + ", ".join(f"{k} {fmt(m.get('import_s'))}" for k, m in modules.items()) + ")" if modules else ""),
            "< 300 s",
            met(results["vtiger_import_100k_s"], lambda v: v < 300),
        )
    )

    partners = plain.get("partners") or ours.get("partners")
    print(
        f"SIZE = {size:,} ({fmt(partners)} partners, {fmt(plain.get('leads') or ours.get('leads'))} leads);"
        f" {datetime.date.today().isoformat()}; {machine()}. Targets are those of issue 19, set for SIZE = 1,000,000.\n"
    )
    print("| measure | plain Odoo 18 | crm_vtiger_like | target | met? |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print("\nMeasured: " + ", ".join(f"{name} {date}" for name, date in sorted(files.items())))
    print(f"Written: {ROOT / 'bench' / 'results.json'}")


if __name__ == "__main__":
    if sys.argv[1] == "--median":
        write_median(sys.argv[2], sys.argv[3:])
    else:
        main(Path(sys.argv[1]), int(sys.argv[2]))
