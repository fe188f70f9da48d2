#!/usr/bin/env bash
# `make bench` (N=1000000 by default): plain Odoo 18 and crm_vtiger_like on the
# same generated data, measured in the same run. Databases are kept for reuse
# (drop them with: DROP=1 make bench). Results: bench/out/results-N.json.
source "$(dirname "$0")/../scripts/common.sh"
setup_all

N="${N:-1000000}"
PLAIN="bench_plain_$N"
OURS="bench_vtiger_$N"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
DEPS="crm,contacts,portal,sms,phone_validation,utm,mail"

if [ -n "${DROP:-}" ]; then db_drop "$OURS"; db_drop "$PLAIN"; exit 0; fi

if ! db_exists "$PLAIN"; then
    say "plain Odoo database $PLAIN: installing $DEPS, then generating $N partners and $N leads"
    odoo_bin -d "$PLAIN" -i "$DEPS" --without-demo=all --stop-after-init --log-level=warn
    "$VENV/bin/python" "$ROOT/bench/gen_data.py" "$PLAIN" "$N"
fi
if ! db_exists "$OURS"; then
    say "copying it to $OURS and installing crm_vtiger_like over the existing records"
    psql_as "$DB_USER" -c "CREATE DATABASE \"$OURS\" TEMPLATE \"$PLAIN\"" >/dev/null
    start=$(date +%s)
    odoo_bin -d "$OURS" -i crm_vtiger_like --without-demo=all --stop-after-init --log-level=warn
    echo "{\"install_s\": $(( $(date +%s) - start ))}" > "$OUT/install-$N.json"
    # what autovacuum does on a live server after such a bulk load (gen_data.py did it for the plain one)
    psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$OURS" -c "VACUUM ANALYZE"
fi

for mode in plain vtiger; do
    db="$PLAIN"; [ "$mode" = vtiger ] && db="$OURS"
    say "measuring $mode on $db"
    BENCH_MODE="$mode" odoo_shell -d "$db" --log-level=warn < "$ROOT/bench/measure.py" \
        | sed -n 's/^BENCH //p' > "$OUT/$mode-$N.json"
    say "mass conversion of ${BENCH_LEADS:-1000} leads, $mode"
    BENCH_MODE="$mode" odoo_shell -d "$db" --log-level=warn < "$ROOT/bench/measure_conversion.py" \
        | sed -n 's/^BENCH_CONVERT //p' > "$OUT/convert-$mode-$N.json"
done
"$VENV/bin/python" "$ROOT/bench/report.py" "$OUT" "$N"
