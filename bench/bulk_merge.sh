#!/usr/bin/env bash
# Bulk merge (issue 17): PAIRS duplicate pairs of partners merged by plain
# Odoo's merge wizard one pair at a time and by crm_vtiger_like's bulk merge,
# on the twin databases of bench/run.sh (same generated data, N partners and
# N leads). Not run by CI.
#
#   N=100000 PAIRS=4000 bench/bulk_merge.sh            # plain: every pair
#   N=1000000 PLAIN_SAMPLE=200 bench/bulk_merge.sh      # plain: 200 pairs, extrapolated
#   MODES=vtiger bench/bulk_merge.sh                    # one side only (the other's last result is kept)
#
# The twins are built as bench/run.sh builds them when missing, and kept (DROP=1
# drops them). The pairs are created and merged inside one transaction that is
# rolled back on the plain twin; on ours the bulk merge commits its batches, so
# it runs on a throwaway copy of the twin (bench_bulk_N, dropped afterwards).
# Results: bench/out/bulk-merge-N.json.
source "$(dirname "$0")/../scripts/common.sh"
source "$(dirname "$0")/twins.sh"
setup_all

N="${N:-100000}"
PLAIN="bench_plain_$N"
OURS="bench_vtiger_$N"
COPY="bench_bulk_$N"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
DEPS="crm,contacts,portal,sms,phone_validation,utm,mail"
export BENCH_PAIRS="${PAIRS:-4000}" BENCH_PLAIN_SAMPLE="${PLAIN_SAMPLE:-0}"

if [ -n "${DROP:-}" ]; then db_drop "$COPY"; db_drop "$OURS"; db_drop "$PLAIN"; exit 0; fi

bench_twins
[ -n "${BUILD_ONLY:-}" ] && exit 0

if [[ " ${MODES:-plain vtiger} " == *" vtiger "* ]]; then
    if [ -z "${NO_UPGRADE:-}" ]; then  # bench/run.sh upgrades it first and sets NO_UPGRADE
        say "upgrading crm_vtiger_like on $OURS to the current code"
        odoo_bin -d "$OURS" -u crm_vtiger_like --stop-after-init --log-level=warn
    fi
    db_drop "$COPY"
    psql_as "$DB_USER" -c "CREATE DATABASE \"$COPY\" TEMPLATE \"$OURS\"" >/dev/null
    trap 'db_drop "$COPY"' EXIT
fi

for mode in ${MODES:-plain vtiger}; do
    db="$PLAIN"; [ "$mode" = vtiger ] && db="$COPY"
    say "$BENCH_PAIRS duplicate pairs merged, $mode, on $db"
    BENCH_MODE="$mode" odoo_shell -d "$db" --log-level=warn < "$ROOT/bench/measure_bulk_merge.py" \
        | sed -n 's/^BENCH_BULK //p' > "$OUT/bulk-merge-$mode-$N.json"
done
"$VENV/bin/python" - "$OUT" "$N" <<'PY'
import json, os, sys
out, n = sys.argv[1], sys.argv[2]
def load(mode):
    path = f"{out}/bulk-merge-{mode}-{n}.json"
    return json.load(open(path)) if os.path.exists(path) and os.path.getsize(path) else {}
plain, ours = load("plain"), load("vtiger")
merged = {"n": int(n), "plain": plain, "vtiger": ours}
if plain.get("per_pair_s") and ours.get("per_pair_s"):
    merged["ratio"] = round(ours["per_pair_s"] / plain["per_pair_s"], 3)
json.dump(merged, open(f"{out}/bulk-merge-{n}.json", "w"), indent=1, ensure_ascii=False)
print(json.dumps(merged, indent=1, ensure_ascii=False))
PY
