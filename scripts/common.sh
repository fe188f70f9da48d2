# shellcheck shell=bash
# Shared setup for `make run` and `make test`: finds Odoo 18, builds the
# virtualenv, makes sure PostgreSQL (and for tests Chromium) is there.
# Every step is idempotent; a second run only checks.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.state"
VENV="$ROOT/.venv"
ODOO_BRANCH=18.0
ODOO_URL="https://github.com/odoo/odoo.git"
ODOO_FETCHED="$ROOT/.odoo-src"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGDATA_LOCAL="$ROOT/.pgdata"
DB_USER="${DB_USER:-$(id -un)}"
[ "$DB_USER" = postgres ] && DB_USER=odoo
export PGHOST PGPORT

say() { printf '[crm_vtiger_like] %s\n' "$*" >&2; }
die() { printf '[crm_vtiger_like] ERROR: %s\n' "$*" >&2; exit 2; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
    is_root && command -v apt-get >/dev/null || return 1
    say "installing Debian package(s): $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

# --- Odoo source -----------------------------------------------------------
find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -x "$ODOO_SRC/odoo-bin" ] \
            || die "no Odoo tree at ODOO_SRC=$ODOO_SRC (odoo-bin missing). Point ODOO_SRC at an Odoo 18.0 checkout, or unset it to use /opt/odoo."
    elif [ -x /opt/odoo/odoo-bin ]; then
        ODOO_SRC=/opt/odoo
    elif [ -x "$ODOO_FETCHED/odoo-bin" ]; then
        ODOO_SRC="$ODOO_FETCHED"
    elif timeout 20 git ls-remote --heads "$ODOO_URL" "$ODOO_BRANCH" >/dev/null 2>&1; then
        say "no Odoo at /opt/odoo: fetching the official $ODOO_BRANCH branch into $ODOO_FETCHED (shallow)"
        rm -rf "$ODOO_FETCHED.part"
        git clone -q --depth 1 --branch "$ODOO_BRANCH" "$ODOO_URL" "$ODOO_FETCHED.part" \
            || die "could not clone $ODOO_URL; set ODOO_SRC to an Odoo 18.0 tree"
        mv "$ODOO_FETCHED.part" "$ODOO_FETCHED"
        ODOO_SRC="$ODOO_FETCHED"
    else
        die "Odoo 18.0 source not found at /opt/odoo and no internet to fetch it: put an Odoo 18.0 tree there or set ODOO_SRC=/path/to/odoo."
    fi
    grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" 2>/dev/null \
        || die "the Odoo tree at $ODOO_SRC is not Odoo 18.0 (odoo/release.py); set ODOO_SRC to an 18.0 tree."
    export ODOO_SRC
}

# --- Python virtualenv -----------------------------------------------------
ensure_venv() {
    local py="${PYTHON:-python3}" stamp want
    command -v "$py" >/dev/null || die "python3 not found: install Python 3.10-3.12 (Odoo 18 supports these)."
    want="$( { cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt"; "$py" --version; } | sha1sum | cut -c1-40)"
    stamp="$VENV/.crm_vtiger_like-requirements"
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    say "building the virtualenv $VENV (Odoo requirements + ours); this takes a few minutes once"
    [ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV" || die "could not create $VENV (Debian: apt-get install python3-venv)"
    mkdir -p "$STATE"
    "$VENV/bin/python" -m pip install -q --upgrade pip > "$STATE/pip.log" 2>&1 || die "pip upgrade failed (no access to PyPI?)"
    grep -viE '^\s*python-ldap' "$ODOO_SRC/requirements.txt" > "$STATE/odoo-requirements.txt"
    echo 'setuptools<81' > "$STATE/build-constraints.txt"
    if ! "$VENV/bin/python" -m pip install -q --build-constraint "$STATE/build-constraints.txt" \
            -r "$STATE/odoo-requirements.txt" -r "$ROOT/requirements.txt" > "$STATE/pip.log" 2>&1; then
        grep -v "^WARNING: Location 'file:" "$STATE/pip.log" >&2
        die "installing Python requirements into $VENV failed (pip's output above, full log in $STATE/pip.log)"
    fi
    echo "$want" > "$stamp"
}

# --- PostgreSQL ------------------------------------------------------------
pg_bindir() {
    local d
    d="$(pg_config --bindir 2>/dev/null || true)"
    [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
    command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

pg_answers() { command -v pg_isready >/dev/null && pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 3; }

as_pg_owner() {  # initdb/pg_ctl refuse to run as root
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_local_cluster() {
    local bindir
    bindir="$(pg_bindir)"
    if [ -z "$bindir" ]; then
        apt_install postgresql || die "PostgreSQL does not answer on $PGHOST:$PGPORT and is not installed: install it (apt-get install postgresql) or set PGHOST/PGPORT."
        bindir="$(pg_bindir)"
    fi
    if is_root && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir "$PGDATA_LOCAL" --shell /bin/false postgres
    fi
    if [ ! -f "$PGDATA_LOCAL/data/PG_VERSION" ]; then
        say "initialising a project-local PostgreSQL cluster in $PGDATA_LOCAL"
        mkdir -p "$PGDATA_LOCAL"
        is_root && chown postgres "$PGDATA_LOCAL"
        as_pg_owner "$bindir/initdb" -D "$PGDATA_LOCAL/data" -U "$DB_USER" --auth=trust -E UTF8 >/dev/null \
            || die "initdb failed in $PGDATA_LOCAL"
    fi
    say "starting the project-local PostgreSQL on $PGHOST:$PGPORT"
    as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_LOCAL/data" -l "$PGDATA_LOCAL/server.log" -w \
        -o "-p $PGPORT -c listen_addresses=$PGHOST -k $PGDATA_LOCAL" start >/dev/null \
        || die "could not start PostgreSQL (see $PGDATA_LOCAL/server.log)"
}

psql_as() { local role="$1"; shift; psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$role" -d postgres "$@"; }

ensure_postgres() {
    command -v psql >/dev/null || apt_install postgresql-client \
        || die "psql not found: install the PostgreSQL client (apt-get install postgresql-client)."
    pg_answers || start_local_cluster
    pg_answers || die "PostgreSQL does not answer on $PGHOST:$PGPORT: start it, or set PGHOST/PGPORT to a running server."
    if ! psql_as "$DB_USER" -tAc 'select 1' >/dev/null 2>&1; then
        say "creating the PostgreSQL superuser role '$DB_USER' (Odoo refuses the 'postgres' role)"
        psql_as postgres -c "CREATE ROLE \"$DB_USER\" SUPERUSER LOGIN" >/dev/null 2>&1 \
            || { is_root && runuser -u postgres -- psql -X -q -p "$PGPORT" -c "CREATE ROLE \"$DB_USER\" SUPERUSER LOGIN" >/dev/null 2>&1; } \
            || die "PostgreSQL answers on $PGHOST:$PGPORT but role '$DB_USER' cannot log in: create it (createuser -s $DB_USER) or set DB_USER."
    fi
    [ "$(psql_as "$DB_USER" -tAc 'select rolsuper or rolcreatedb from pg_roles where rolname = current_user')" = t ] \
        || die "PostgreSQL role '$DB_USER' may not create databases: ALTER ROLE \"$DB_USER\" CREATEDB, or set DB_USER."
}

db_exists() { [ "$(psql_as "$DB_USER" -tAc "select 1 from pg_database where datname = '$1'")" = 1 ]; }
db_drop() { psql_as "$DB_USER" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null; rm -rf "$STATE/data/filestore/$1"; }

# --- Chromium (tours) ----------------------------------------------------------
ensure_chromium() {
    local b
    for b in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$b" >/dev/null && return 0
    done
    apt_install chromium || die "Chromium not found: install it (apt-get install chromium); Odoo tours need it."
}

# --- Odoo command line -------------------------------------------------------
odoo_bin() { "${ODOO_CMD[@]}" "${ODOO_OPTS[@]}" "$@"; }
odoo_shell() { "${ODOO_CMD[@]}" shell "${ODOO_OPTS[@]}" --no-http "$@"; }

setup_all() {
    find_odoo
    ensure_venv
    ensure_postgres
    ODOO_CMD=("$VENV/bin/python" "$ODOO_SRC/odoo-bin")
    ODOO_OPTS=(--addons-path="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT"
        --data-dir="$STATE/data"
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$DB_USER")
    export ODOO_SRC VENV STATE DB_USER
}
