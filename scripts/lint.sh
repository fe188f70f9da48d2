#!/usr/bin/env bash
# `make lint`: ruff and pylint-odoo through pre-commit (hooks come from PyPI).
source "$(dirname "$0")/common.sh"
find_odoo
ensure_venv
[ -x "$VENV/bin/pre-commit" ] || "$VENV/bin/python" -m pip install -q pre-commit > "$STATE/pip.log" 2>&1 \
    || die "could not install pre-commit into $VENV (see $STATE/pip.log)"
cd "$ROOT"
exec "$VENV/bin/pre-commit" run --all-files "$@"
