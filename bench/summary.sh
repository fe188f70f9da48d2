#!/usr/bin/env bash
# Summary tab (issue 15): SQL queries and time of opening an account card with
# every summary widget, for an account with 10 and one with 10,000 related
# records of each kind (contacts, deals, communications, activities, documents,
# notes). Not run by CI. The database bench_summary is kept (DROP=1 to drop it).
#
#   bench/summary.sh
#
# Results: bench/out/summary.json.
source "$(dirname "$0")/../scripts/common.sh"
setup_all

DB="bench_summary"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"

if [ -n "${DROP:-}" ]; then db_drop "$DB"; exit 0; fi
if ! db_exists "$DB"; then
    say "$DB: installing crm_vtiger_like without demo data"
    odoo_bin -d "$DB" -i crm_vtiger_like --without-demo=all --stop-after-init --log-level=warn
else
    say "$DB: upgrading crm_vtiger_like to the current code"
    odoo_bin -d "$DB" -u crm_vtiger_like --stop-after-init --log-level=warn
fi
odoo_shell -d "$DB" --log-level=warn < "$ROOT/bench/measure_summary.py" | sed -n 's/^BENCH //p' > "$OUT/summary.json"
cat "$OUT/summary.json"
