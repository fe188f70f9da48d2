#!/usr/bin/env bash
# `make run`: Odoo 18 with crm_vtiger_like and its Russian demo data on http://localhost:$PORT
# (PORT=, DB=, UI_LANG=, ODOO_ARGS="--workers=2 ..." for more odoo-bin options)
source "$(dirname "$0")/common.sh"

DB="${DB:-crm_vtiger_like}"
PORT="${PORT:-8069}"
UI_LANG="${UI_LANG:-ru_RU}"

setup_all

module_state() {
    db_exists "$DB" || return 0
    psql -X -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$DB" -tAc \
        "select state from ir_module_module where name = 'crm_vtiger_like'" 2>/dev/null || true
}
addon_hash() { (cd "$ROOT" && find crm_vtiger_like -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40); }
stamp="$STATE/run-$DB.addon-hash"

if [ "$(module_state)" != installed ]; then
    db_exists "$DB" && { say "database '$DB' exists without the addon installed: recreating it"; db_drop "$DB"; }
    say "creating database '$DB' with crm_vtiger_like and its demo data (a few minutes, once)"
    odoo_bin -d "$DB" -i crm_vtiger_like --load-language="$UI_LANG" --stop-after-init --log-level=warn \
        || die "installing crm_vtiger_like into '$DB' failed (see the log above)"
    psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$DB" -c \
        "update res_partner set lang = '$UI_LANG' where id in (select partner_id from res_users where login in ('admin', 'demo'))"
    addon_hash > "$stamp"
elif [ "$(addon_hash)" != "$(cat "$stamp" 2>/dev/null)" ]; then
    say "the addon changed since the last run: updating it in '$DB'"
    odoo_bin -d "$DB" -u crm_vtiger_like --stop-after-init --log-level=warn \
        || die "updating crm_vtiger_like in '$DB' failed (see the log above)"
    addon_hash > "$stamp"
fi

say "Odoo is starting on http://localhost:$PORT  (database '$DB')"
say "log in as admin / admin (sales manager) or demo / demo (sales rep); Ctrl-C stops it"
# ODOO_ARGS: more odoo-bin options, e.g. ODOO_ARGS="--workers=2" (multi-worker mode, see bench/README.md)
read -r -a extra <<< "${ODOO_ARGS:-}"
exec "${ODOO_CMD[@]}" "${ODOO_OPTS[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=info "${extra[@]}"
