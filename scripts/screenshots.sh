#!/usr/bin/env bash
# `make screenshots`: the addon's screens with its Russian demo data, taken by
# headless Chromium, into docs/screenshots/ (regenerated, never hand-edited).
source "$(dirname "$0")/common.sh"

setup_all
ensure_chromium
DB="crmvt_shots_$$"
PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
LOG="$STATE/screenshots.log"
mkdir -p "$STATE"
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    db_drop "$DB" 2>/dev/null || true
}
trap cleanup EXIT

say "creating the throwaway database '$DB' with the addon and its demo data, in Russian"
odoo_bin -d "$DB" -i crm_vtiger_like --load-language=ru_RU --stop-after-init --log-level=warn > "$LOG" 2>&1 \
    || { tail -40 "$LOG" >&2; die "installing the addon failed (log: $LOG)"; }
psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$DB" -c \
    "update res_partner set lang = 'ru_RU', tz = 'Europe/Moscow' where id in (select partner_id from res_users where login in ('admin', 'demo'))"

"${ODOO_CMD[@]}" "${ODOO_OPTS[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --http-interface=127.0.0.1 \
    --max-cron-threads=0 --log-level=warn >> "$LOG" 2>&1 &
server_pid=$!
"$VENV/bin/python" - "$PORT" <<'PY' || die "Odoo did not answer on port $PORT (log: $LOG)"
import sys, time, urllib.request
for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/web/login", timeout=5)
        sys.exit(0)
    except OSError:
        time.sleep(1)
sys.exit(1)
PY
say "taking the screenshots (log: $LOG)"
ODOO_URL="http://127.0.0.1:$PORT" DB="$DB" "$VENV/bin/python" "$ROOT/scripts/screenshots.py"
