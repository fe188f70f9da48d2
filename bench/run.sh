#!/usr/bin/env bash
# `make bench` (SIZE=100000 by default, 1000000 supported; N is an alias):
# plain Odoo 18 and crm_vtiger_like on the same generated data, every hot path
# measured in the same run, then bench/results.py merges the per-measure files
# of bench/out/ into bench/results.json and prints the Markdown table.
#
#   SIZE=1000000 bench/run.sh                  # everything (hours at that size)
#   ONLY=lists,create bench/run.sh             # a subset; the other measures keep their last result
#   SKIP=import,bulk bench/run.sh              # everything but these
#   REPEAT=3                                   # runs of measure.py and of the conversion (median taken)
#   PAIRS=4000 BULK_PLAIN_SAMPLE=200           # bulk merge (bench/bulk_merge.sh): plain Odoo's wizard on the
#                                              # first 200 pairs, extrapolated (the default; 0: every pair)
#   IMPORT_MODES=vtiger IMPORT_PLAIN_SAMPLE=1000   # vtiger import (bench/vtiger_import.sh): one side only /
#                                              # plain contacts and deals on their first 1,000 rows,
#                                              # extrapolated (the default; 0: every row, about 5 hours)
#                                              # (PLAIN_SAMPLE sets both samples)
#
# Measures: core (phone lookup, scan, merge: measure.py), create (10,000 leads
# and partners: measure_create.py), convert (measure_conversion.py), lists
# (measure_lists.py), card (measure_summary.py, on a throwaway copy of the
# addon's twin), comm (bench/communication.sh), bulk (bench/bulk_merge.sh),
# import (bench/vtiger_import.sh, 100,000 rows, independent of SIZE).
# Databases are kept for reuse; DROP=1 bench/run.sh drops those of SIZE.
source "$(dirname "$0")/../scripts/common.sh"
source "$(dirname "$0")/twins.sh"
setup_all

SIZE="${SIZE:-${N:-100000}}"
N="$SIZE"
PLAIN="bench_plain_$N"
OURS="bench_vtiger_$N"
CARD="bench_card_$N"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
DEPS="crm,contacts,portal,sms,phone_validation,utm,mail"
REPEAT="${REPEAT:-3}"
STEPS="core create convert lists card comm bulk import"
ONLY="${ONLY:-}"; ONLY="${ONLY//,/ }"
SKIP="${SKIP:-}"; SKIP="${SKIP//,/ }"
for name in $ONLY $SKIP; do
    [[ " $STEPS " == *" $name "* ]] || die "unknown measure '$name' (measures: $STEPS)"
done
wanted() { [[ " ${ONLY:-$STEPS} " == *" $1 "* && " $SKIP " != *" $1 "* ]]; }
failed=()

if [ -n "${DROP:-}" ]; then
    db_drop "$CARD"; db_drop "$OURS"; db_drop "$PLAIN"
    N="$N" DROP=1 "$ROOT/bench/communication.sh"
    exit 0
fi

bench_twins
if [ -z "$BUILT_OURS" ] && [ -z "${NO_UPGRADE:-}" ]; then
    say "upgrading crm_vtiger_like on $OURS to the current code (NO_UPGRADE=1 skips it)"
    odoo_bin -d "$OURS" -u crm_vtiger_like --stop-after-init --log-level=warn
fi

# measure DB MODE SCRIPT PREFIX FILE: one odoo-bin shell run, its "PREFIX {json}" line into FILE;
# a failed run leaves no FILE (results.py then reports the measure as not run) and is listed at the end
measure() {
    local db="$1" mode="$2" script="$3" prefix="$4" file="$5"
    rm -f "$file"
    if BENCH_MODE="$mode" BENCH_ROOT="$ROOT" odoo_shell -d "$db" --log-level=warn < "$ROOT/bench/$script" \
            | sed -n "s/^$prefix //p" > "$file.part" && [ -s "$file.part" ]; then
        mv "$file.part" "$file"
    else
        rm -f "$file.part"
        say "WARNING: $script ($mode on $db) gave no result"
        failed+=("$(basename "$file")")
    fi
}
# repeated DB MODE SCRIPT PREFIX BASE LABEL: REPEAT runs of measure into BASE.runK.json, their median into BASE.json
repeated() {
    local db="$1" mode="$2" script="$3" prefix="$4" base="$5" label="$6"
    rm -f "$base".run*.json
    for run in $(seq "$REPEAT"); do
        say "$label, run $run of $REPEAT"
        measure "$db" "$mode" "$script" "$prefix" "$base.run$run.json"
    done
    "$VENV/bin/python" "$ROOT/bench/results.py" --median "$base.json" "$base".run*.json
}
# step NAME COMMAND...: one of the existing bench scripts; a failure is listed at the end
step() {
    local name="$1"; shift
    "$@" || { say "WARNING: $name failed"; failed+=("$name"); }
}

for mode in plain vtiger; do
    db="$PLAIN"; [ "$mode" = vtiger ] && db="$OURS"
    if wanted core; then
        repeated "$db" "$mode" measure.py BENCH "$OUT/$mode-$N" "phone lookup, scan, partner create, merge: $mode"
    fi
    if wanted create; then
        say "ORM create of ${BENCH_CREATE:-10000} leads and partners, $mode"
        measure "$db" "$mode" measure_create.py BENCH_CREATE "$OUT/create-$mode-$N.json"
    fi
    if wanted convert; then
        repeated "$db" "$mode" measure_conversion.py BENCH_CONVERT "$OUT/convert-$mode-$N" \
            "mass conversion of ${BENCH_LEADS:-1000} leads, $mode"
    fi
    if wanted lists; then
        say "Leads / Accounts / Contacts lists, first page, $mode"
        measure "$db" "$mode" measure_lists.py BENCH_LISTS "$OUT/lists-$mode-$N.json"
    fi
done

if wanted card; then
    say "account card with every summary widget (10 and 10,000 related records) on $CARD, a copy of $OURS"
    db_drop "$CARD"
    psql_as "$DB_USER" -c "CREATE DATABASE \"$CARD\" TEMPLATE \"$OURS\"" >/dev/null
    measure "$CARD" vtiger measure_summary.py BENCH "$OUT/summary-$N.json"
    db_drop "$CARD"
fi
wanted comm && step communication env N="$N" NO_UPGRADE=1 "$ROOT/bench/communication.sh"
wanted bulk && step bulk_merge env N="$N" NO_UPGRADE=1 PLAIN_SAMPLE="${BULK_PLAIN_SAMPLE:-${PLAIN_SAMPLE:-200}}" \
    "$ROOT/bench/bulk_merge.sh"
wanted import && step vtiger_import env MODES="${IMPORT_MODES:-vtiger plain}" \
    PLAIN_SAMPLE="${IMPORT_PLAIN_SAMPLE:-${PLAIN_SAMPLE:-1000}}" "$ROOT/bench/vtiger_import.sh"

if [ -s "$OUT/plain-$N.json" ] && [ -s "$OUT/vtiger-$N.json" ]; then
    "$VENV/bin/python" "$ROOT/bench/report.py" "$OUT" "$N"
fi
"$VENV/bin/python" "$ROOT/bench/results.py" "$OUT" "$N"
[ ${#failed[@]} -eq 0 ] || die "measures without a result this run: ${failed[*]}"
