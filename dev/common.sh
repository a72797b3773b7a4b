# Shared by the dev/ scripts: paths, the Odoo check, the venv and PostgreSQL. Sourced, not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PATH=${ODOO_PATH:-/opt/odoo/19.0}
# Logs and the private PostgreSQL cluster stay in the checkout's ignored .build folder.
BUILD=$ROOT/.build
# The venv and the addons link live outside the checkout: the checkout *is* the addon, and Odoo walks
# an addon's whole folder (following links) when it exports terms or packages the module.
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/moss_connect
VENV=${MOSS_VENV:-$CACHE/venv}
PY=$VENV/bin/python
# Odoo finds addons by folder name: the checkout may be called anything, so link it as moss_connect.
ADDONS_DIR=$CACHE/addons-$(printf %s "$ROOT" | sha256sum | cut -c1-12)
ADDONS_PATH=$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$ADDONS_DIR
mkdir -p "$BUILD" "$CACHE"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

require_odoo() {
  grep -qs "^version_info = (19, 0," "$ODOO_PATH/odoo/release.py" || die "no Odoo 19.0 source tree at ODOO_PATH=$ODOO_PATH.
  Get one with:  git clone -b 19.0 --depth 1 https://github.com/odoo/odoo.git $ODOO_PATH
  or point ODOO_PATH at an existing Odoo 19.0 tree."
}

link_addon() {
  mkdir -p "$ADDONS_DIR"
  link "$ROOT" "$ADDONS_DIR/moss_connect"
  link "$ROOT/dev/addons/moss_test_assets" "$ADDONS_DIR/moss_test_assets"  # make test's, never shipped
}

# A link already right is left alone: ln -sfn replaces it through a link of a random name in the same
# folder, which another script listing the addons at that moment takes for a module that then vanishes.
link() {  # TARGET LINK
  [[ $(readlink "$2") == "$1" ]] || ln -sfn "$1" "$2"
}

pick_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.11 python3.12 python3.10 python3.13 python3; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))'; then
      echo "$candidate"; return
    fi
  done
  die "Odoo 19 needs Python 3.10 to 3.13; install one (Debian: python3 python3-venv python3-dev) or set PYTHON."
}

# The venv is rebuilt only when Odoo's or our requirements change.
ensure_venv() {
  local stamp=$VENV/.moss-requirements wanted
  wanted=$(cat "$ODOO_PATH/requirements.txt" "$ROOT/dev/requirements.txt" | sha256sum | cut -c1-16)
  [[ -x $PY && -f $stamp && $(cat "$stamp") == "$wanted" ]] && return
  log "preparing the venv at $VENV"
  [[ -x $PY ]] || "$(pick_python)" -m venv "$VENV"
  # python-ldap only serves auth_ldap and needs LDAP headers to build: leave it out.
  grep -v '^python-ldap' "$ODOO_PATH/requirements.txt" > "$VENV/odoo-requirements.txt"
  "$PY" -m pip install -q --upgrade pip wheel
  "$PY" -m pip install -q -r "$VENV/odoo-requirements.txt" -r "$ROOT/dev/requirements.txt"
  echo "$wanted" > "$stamp"
}

# OCA's module and .po checks, in a venv of their own (their pins clash with pylint-odoo's).
OCA_VENV=$CACHE/oca-venv
ensure_oca_venv() {
  cmp -s "$ROOT/dev/requirements-oca.txt" "$OCA_VENV/requirements-oca.txt" && return
  log "preparing the OCA checks venv at $OCA_VENV"
  "$(pick_python)" -m venv "$OCA_VENV"
  "$OCA_VENV/bin/pip" install -q -r "$ROOT/dev/requirements-oca.txt"
  cp "$ROOT/dev/requirements-oca.txt" "$OCA_VENV/requirements-oca.txt"
}

# pytest-odoo imports odoo as a package: put this Odoo tree on the venv's path.
link_odoo_into_venv() {
  local site
  site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$ODOO_PATH" > "$site/odoo-path.pth"
}

pg_reachable() { "$PY" - <<'PY' 2>/dev/null
import psycopg2
psycopg2.connect(dbname="postgres").close()
PY
}

# Standard PG* variables win; else a running server; else a private cluster in .build on a socket.
ensure_postgres() {
  pg_reachable && return
  [[ -n ${PGHOST:-}${PGPORT:-}${PGUSER:-} ]] && die "PostgreSQL is not reachable with PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-}."
  local bindir
  bindir=$(dirname "$(command -v pg_ctl 2>/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -1)")
  [[ -x $bindir/initdb && -x $bindir/pg_ctl ]] || die "no PostgreSQL server is reachable and none is installed.
  Install PostgreSQL 13 or newer (Debian: apt-get install postgresql), or set PGHOST/PGPORT/PGUSER."
  start_private_cluster "$bindir"
  pg_reachable || die "the private PostgreSQL cluster in $BUILD/pgdata did not answer; see $BUILD/pg.log"
}

start_private_cluster() {
  local bindir=$1 data=$BUILD/pgdata sock=$BUILD/pgsock run=()
  # initdb refuses root: run the cluster as the postgres system user then, with an Odoo-safe role name.
  [[ $(id -u) == 0 ]] && run=(runuser -u postgres --)
  mkdir -p "$sock"
  if [[ ! -f $data/PG_VERSION ]]; then
    log "creating a private PostgreSQL cluster in $data"
    mkdir -p "$data"
    [[ ${#run[@]} -gt 0 ]] && chown postgres "$data" "$sock" "$BUILD"
    "${run[@]}" "$bindir/initdb" -D "$data" -U odoo --auth=trust >/dev/null
  fi
  "${run[@]}" "$bindir/pg_ctl" -D "$data" -l "$BUILD/pg.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories='$sock'" status >/dev/null 2>&1 ||
    "${run[@]}" "$bindir/pg_ctl" -D "$data" -l "$BUILD/pg.log" -w \
      -o "-c listen_addresses='' -c unix_socket_directories='$sock'" start >/dev/null
  export PGHOST=$sock PGUSER=odoo
}

# Everything a command needs before it touches Odoo: the tree, the addon link, the venv, PostgreSQL.
prepare_all() {
  require_odoo
  link_addon
  ensure_venv
  link_odoo_into_venv
  ensure_postgres
}

odoo_bin() { "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ADDONS_PATH" "$@"; }

# The modules moss_connect depends on, as its manifest lists them.
moss_depends() { "$PY" -c "import ast; print(','.join(ast.literal_eval(open('$ROOT/__manifest__.py').read())['depends']))"; }

# The charts of the chart tests (tag moss_charts), installed in make test's main database.
LOCALIZATIONS=l10n_de,l10n_nl

# The files of a module that are not what Odoo installs: click-odoo-update's defaults, then the tooling,
# logs and git data that sit beside the addon in the checkout.
export MOSS_HASH_EXCLUDE="*.pyc,*.pyo,i18n/*.pot,i18n_extra/*.pot,static/*,tests/*,.git/*,.build/*,dist/*,dev/*,.ci/*,.ruff_cache/*"

# DB, new, with moss_connect's dependencies and MODULES installed, without demo data. click-odoo-initdb
# (dev/initdb.py) copies it from a template database it keeps per module list and hash of their
# sources, so only the first run with those sources installs the modules. ADDONS_PATH (default: this
# checkout's) serves a previous release of moss_connect.
new_db() {  # DB [MODULES] [ADDONS_PATH]; its log: .build/DB.new_db.log
  local log=$BUILD/$1.new_db.log
  drop_db "$1" > "$log" 2>&1 || die_with_log "$log" "could not drop the previous $1"
  "$PY" "$ROOT/dev/initdb.py" --addons-path="${3:-$ADDONS_PATH}" -n "$1" -m "$(moss_depends)${2:+,$2}" \
    --no-demo --cache-prefix=moss --cache-max-size=8 >> "$log" 2>&1 || die_with_log "$log" "could not create $1"
}

die_with_log() {  # LOG MESSAGE: the end of LOG, so that CI's output shows the cause
  tail -n 30 "$1" >&2
  die "$2 (log: $1)"
}

# click-odoo-update updates the modules whose folder changed since it last recorded their hashes.
# moss_connect's folder is the checkout: click-odoo-update's own setting
# module_auto_update.exclude_patterns leaves out what is not the addon (tooling, logs, git data), and
# dev/initdb.py keys its templates on the same files.
track_updates() {  # DB: once, right after moss_connect is installed into DB
  odoo_bin shell -d "$1" --log-level=warn <<PY >/dev/null
env["ir.config_parameter"].set_param("module_auto_update.exclude_patterns", "$MOSS_HASH_EXCLUDE")
env.cr.commit()
PY
  "$VENV/bin/click-odoo-update" --addons-path="$ADDONS_PATH" -d "$1" --log-level=warn --only-compute-hashes
}

# DB, new, with moss_connect installed on a copy of the template of its dependencies, and tracked
# (track_updates) so that update_db updates it later where the addon's files changed.
new_db_with_moss() {  # DB
  new_db "$1"
  odoo_bin -d "$1" -i moss_connect --stop-after-init --log-level=warn
  track_updates "$1"
}

update_db() { "$VENV/bin/click-odoo-update" --addons-path="$ADDONS_PATH" -d "$@"; }  # DB [options]

# click-odoo-dropdb imports Odoo (a second or two of CPU): asked only for a database that exists. It
# leaves a database its PostgreSQL role does not own in place without a word: checked afterwards.
drop_db() {  # DB
  db_exists "$1" || return 0
  "$VENV/bin/click-odoo-dropdb" "$1" > /dev/null
  ! db_exists "$1" || { printf 'error: %s is still there: is it owned by another PostgreSQL role?\n' "$1" >&2; return 1; }
}

db_exists() { "$PY" - "$1" <<'PY'
import sys

import psycopg2

with psycopg2.connect(dbname="postgres") as connection, connection.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[1]])
    sys.exit(not cursor.fetchone())
PY
}

# LOG holds no WARNING, ERROR or CRITICAL record but those dev/checklog-odoo.cfg expects.
check_log() { "$VENV/bin/checklog-odoo" --no-echo -c "$ROOT/dev/checklog-odoo.cfg" "$1"; }

# Serve DB with Odoo in prefork mode (--workers=2, or WORKERS; 0 is the threaded server) on PORT in
# the background (its gevent port: PORT + 1000), logging to LOG; returns when it answers. DB_FILTER
# (default: DB only) lets it serve more databases. The caller stops it with stop_server.
start_prefork_server() {
  local db=$1 port=$2 logfile=$3 workers=${4:-2} db_filter=${5:-^$1\$}
  # Not through odoo_bin: $! must be Odoo's own master process, which stops its workers on TERM.
  "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ADDONS_PATH" -d "$db" --db-filter="$db_filter" --http-port="$port" \
    --http-interface=127.0.0.1 --gevent-port=$((port + 1000)) --workers="$workers" --max-cron-threads=1 \
    --log-level=info --logfile="$logfile" &
  SERVER_PID=$!
  for _ in $(seq 120); do
    "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/web/health', timeout=1)" \
      2>/dev/null && return
    sleep 0.5
  done
  stop_server
  die "Odoo did not answer on port $port; see $logfile"
}

stop_server() { [[ -z ${SERVER_PID:-} ]] || { kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; } || true; }
