#!/usr/bin/env bash
# Communications (issue 11): queries per communication create and inbound
# requests per second, on a database with N partners / leads (bench/gen_data.py)
# and HISTORY communications of them. Not run by CI.
#
#   N=100000 HISTORY=200000 bench/communication.sh
#
# Results: bench/out/communication-N.json.
source "$(dirname "$0")/../scripts/common.sh"
setup_all

N="${N:-100000}"
HISTORY="${HISTORY:-200000}"
DB="bench_comm_$N"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"

if [ -n "${DROP:-}" ]; then db_drop "$DB"; exit 0; fi
if ! db_exists "$DB"; then
    if db_exists "bench_vtiger_$N"; then
        # the addon's twin of bench/run.sh has these partners and leads already, numbered and their
        # phones indexed (bench/run.sh upgraded it to the current code and sets NO_UPGRADE)
        say "$DB: a copy of bench_vtiger_$N, then $HISTORY communications"
        psql_as "$DB_USER" -c "CREATE DATABASE \"$DB\" TEMPLATE \"bench_vtiger_$N\"" >/dev/null
        [ -n "${NO_UPGRADE:-}" ] || odoo_bin -d "$DB" -u crm_vtiger_like --stop-after-init --log-level=warn
    else
        say "$DB: installing crm_vtiger_like without demo data, $N partners and leads, $HISTORY communications"
        odoo_bin -d "$DB" -i crm_vtiger_like --without-demo=all --stop-after-init --log-level=warn
        "$VENV/bin/python" "$ROOT/bench/gen_data.py" "$DB" "$N"
        odoo_shell -d "$DB" --log-level=warn <<'PY'
env["crm.vtiger.phone"]._vtiger_backfill("res.partner")
env["crm.vtiger.phone"]._vtiger_backfill("crm.lead")
env["res.partner"]._vtiger_backfill_numbers()
env["crm.lead"]._vtiger_backfill_numbers()
env.cr.commit()
PY
    fi
    BENCH_HISTORY="$HISTORY" "$VENV/bin/python" "$ROOT/bench/gen_communications.py" "$DB"
    # what autovacuum does on a live server after such a bulk load
    psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$DB" -c "VACUUM ANALYZE"
else
    say "$DB: upgrading crm_vtiger_like to the current code"
    odoo_bin -d "$DB" -u crm_vtiger_like --stop-after-init --log-level=warn
fi

say "queries per communication create"
odoo_shell -d "$DB" --log-level=warn < "$ROOT/bench/measure_communication.py" | sed -n 's/^BENCH //p' > "$OUT/communication-create-$N.json"

PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "inbound endpoint: odoo-bin with 2 workers on port $PORT"
# the Odoo command itself in the background (not the odoo_bin function, whose
# subshell would be the only process killed at the end)
"${ODOO_CMD[@]}" "${ODOO_OPTS[@]}" -d "$DB" --db-filter="^$DB\$" --workers=2 --max-cron-threads=0 --http-port "$PORT" \
    --gevent-port "$((PORT + 1))" --log-level=warn --limit-time-real=120 > "$OUT/communication-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
TOKEN="$(odoo_shell -d "$DB" --log-level=warn < "$ROOT/bench/inbound_channel.py" | sed -n 's/^TOKEN //p')"
"$VENV/bin/python" "$ROOT/bench/inbound_load.py" "http://127.0.0.1:$PORT" "$TOKEN" > "$OUT/communication-inbound-$N.json"
kill "$server"; wait "$server" 2>/dev/null || true
"$VENV/bin/python" - "$OUT" "$N" <<'PY'
import json, sys
out, n = sys.argv[1], sys.argv[2]
merged = {**json.load(open(f"{out}/communication-create-{n}.json")), **json.load(open(f"{out}/communication-inbound-{n}.json"))}
json.dump(merged, open(f"{out}/communication-{n}.json", "w"), indent=1)
print(json.dumps(merged, indent=1))
PY
