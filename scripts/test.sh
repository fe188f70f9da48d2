#!/usr/bin/env bash
# `make test`: every test of crm_vtiger_like in a real Odoo 18 + PostgreSQL +
# Chromium, on throwaway databases. Last line: "N passed, M failed".
source "$(dirname "$0")/common.sh"

setup_all
ensure_chromium
"$VENV/bin/python" -c 'import websocket' 2>/dev/null \
    || die "the Python package websocket-client is missing from $VENV (Odoo would skip every tour): rm -rf $VENV and rerun."

RUN_ID="$$"
TEST_DB="crmvt_test_$RUN_ID"
LIFE_DB="crmvt_life_$RUN_ID"
SALE_DB="crmvt_sale_$RUN_ID"
LOGS="${TEST_LOGS:-$STATE/test-logs}"
mkdir -p "$LOGS"
cleanup() { for db in "$TEST_DB" "$LIFE_DB" "$SALE_DB"; do db_drop "$db" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Print what deserves attention in an Odoo log: warnings, errors and their tracebacks.
show_problems() {
    awk '/^[0-9]{4}-[0-9]{2}-[0-9]{2} / { show = ($4 == "WARNING" || $4 == "ERROR" || $4 == "CRITICAL") }
         show { print }' "$1" >&2
}

passed=0 failed=0 skipped=0

# Add the counts of an odoo-bin test run (its log, its exit code) to the totals.
count_odoo_run() {
    local label="$1" log="$2" rc="$3" summary f e n s
    show_problems "$log"
    summary="$(grep -oE 'odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -1 || true)"
    if [ -z "$summary" ]; then
        say "$label: Odoo printed no test summary (exit code $rc): the install or the run crashed"
        failed=$((failed + 1))
        return
    fi
    read -r f e n < <(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests/\1 \2 \3/' <<<"$summary")
    s="$(grep -cE ': skipped .* : ' "$log" || true)"
    say "$label: $n tests run, $f failed, $e errors, $s skipped (exit code $rc)"
    passed=$((passed + n - f - e - s)); failed=$((failed + f + e + s)); skipped=$((skipped + s))
    [ "$n" -gt 0 ] || { say "$label ran no test"; failed=$((failed + 1)); }
    [ "$rc" = 0 ] || [ $((f + e)) -gt 0 ] || { say "$label: odoo-bin exited $rc with no failing test"; failed=$((failed + 1)); }
}

# 1. The addon's own tests (Python + Chromium tours), installed with demo data.
TEST_TAGS="${TEST_TAGS:-/crm_vtiger_like}"
log="$LOGS/odoo-tests.log"
say "phase 1: installing crm_vtiger_like with demo data and running its tests ($TEST_TAGS); log: $log"
set +e
odoo_bin -d "$TEST_DB" -i crm_vtiger_like --test-tags "$TEST_TAGS" --stop-after-init \
    --http-port "$(free_port)" --log-level=info --max-cron-threads=0 > "$log" 2>&1
rc=$?
set -e
count_odoo_run "phase 1" "$log" "$rc"

# 2. The test suites of the Odoo modules we extend, on the same database (the
#    addon and its demo data installed), crm's query-count budgets included.
#    Deselected, with the reason: a multi-company form test that assumes Odoo's
#    "Leads" setting is off, while the addon switches it on (SPEC 1). On a plain
#    crm database (no addon) it passes with the setting off and fails with it on,
#    as here: "can't write on invisible field 'partner_id'" (a new record is a
#    lead, whose form hides the customer).
UPSTREAM_TAGS="${UPSTREAM_TAGS-/crm,/contacts,/phone_validation,/utm,/sms,/portal,\
-/crm:TestCRMLeadMultiCompany.test_lead_mc_company_form_w_partner_id}"
if [ -n "$UPSTREAM_TAGS" ]; then
    log="$LOGS/upstream-tests.log"
    say "phase 2: the test suites of crm, contacts, phone_validation, utm, sms, portal with the addon installed; log: $log"
    set +e
    odoo_bin -d "$TEST_DB" --test-tags "$UPSTREAM_TAGS" --stop-after-init \
        --http-port "$(free_port)" --log-level=info --max-cron-threads=0 > "$log" 2>&1
    rc=$?
    set -e
    count_odoo_run "phase 2" "$log" "$rc"
fi

# 3. Install without demo, upgrade, uninstall and reinstall on pre-existing data.
if [ -z "${SKIP_LIFECYCLE:-}" ]; then
    log="$LOGS/lifecycle.log"
    say "phase 3: install / upgrade / uninstall / reinstall without demo data; log: $log"
    set +e
    LIFECYCLE_DB="$LIFE_DB" "$VENV/bin/python" "$ROOT/scripts/lifecycle_test.py" > "$log" 2>&1
    rc=$?
    set -e
    counts="$(grep -oE '^LIFECYCLE run=[0-9]+ failed=[0-9]+ errors=[0-9]+ skipped=[0-9]+' "$log" | tail -1 || true)"
    if [ -z "$counts" ]; then
        tail -40 "$log" >&2
        say "phase 3 crashed before reporting (exit code $rc)"
        failed=$((failed + 1))
    else
        read -r n f e s < <(sed -E 's/LIFECYCLE run=([0-9]+) failed=([0-9]+) errors=([0-9]+) skipped=([0-9]+)/\1 \2 \3 \4/' <<<"$counts")
        [ $((f + e)) -eq 0 ] || grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2} .* INFO ' "$log" | tail -80 >&2
        say "phase 3: $n tests run, $f failed, $e errors, $s skipped"
        passed=$((passed + n - f - e - s)); failed=$((failed + f + e + s)); skipped=$((skipped + s))
    fi
fi

# 4. With Odoo's Sales app installed (sale, sale_crm): the cards' related
#    quotations and orders (tests tagged crm_vtiger_like_sale, not run above).
if [ -z "${SKIP_SALE:-}" ]; then
    log="$LOGS/sale-tests.log"
    say "phase 4: crm_vtiger_like with Sales installed (tests tagged crm_vtiger_like_sale); log: $log"
    set +e
    odoo_bin -d "$SALE_DB" -i crm_vtiger_like,sale_crm --without-demo=all --test-tags crm_vtiger_like_sale \
        --stop-after-init --http-port "$(free_port)" --log-level=info --max-cron-threads=0 > "$log" 2>&1
    rc=$?
    set -e
    count_odoo_run "phase 4" "$log" "$rc"
fi

status=0
[ "$skipped" -eq 0 ] || { say "$skipped test(s) were skipped: a skipped test counts as failed here"; status=1; }
[ "$failed" -eq 0 ] || status=1
[ $((passed + failed)) -gt 0 ] || { say "no test ran"; status=1; }
echo "$passed passed, $failed failed"
exit "$status"
