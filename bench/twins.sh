# Sourced by the bench scripts (after scripts/common.sh and setup_all):
# bench_twins builds, when missing, the twin databases of size $N on the same
# generated data: $PLAIN (plain Odoo 18: $DEPS) and $OURS (a copy with
# crm_vtiger_like installed over the existing records). BUILT_OURS=1 when
# $OURS was installed by this call (it then runs the current code).
bench_twins() {
    BUILT_OURS=""
    if ! db_exists "$PLAIN"; then
        say "plain Odoo database $PLAIN: installing $DEPS, then generating $N partners and $N leads"
        odoo_bin -d "$PLAIN" -i "$DEPS" --without-demo=all --stop-after-init --log-level=warn
        "$VENV/bin/python" "$ROOT/bench/gen_data.py" "$PLAIN" "$N"
    fi
    if ! db_exists "$OURS"; then
        say "copying it to $OURS and installing crm_vtiger_like over the existing records"
        psql_as "$DB_USER" -c "CREATE DATABASE \"$OURS\" TEMPLATE \"$PLAIN\"" >/dev/null
        local start
        start=$(date +%s)
        odoo_bin -d "$OURS" -i crm_vtiger_like --without-demo=all --stop-after-init --log-level=warn
        mkdir -p "$ROOT/bench/out"
        echo "{\"install_s\": $(( $(date +%s) - start ))}" > "$ROOT/bench/out/install-$N.json"
        # what autovacuum does on a live server after such a bulk load (gen_data.py did it for the plain one)
        psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$OURS" -c "VACUUM ANALYZE"
        BUILT_OURS=1
    fi
}
