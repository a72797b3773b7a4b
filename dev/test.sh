#!/usr/bin/env bash
# Install moss_connect into fresh databases with Odoo's test runner and report "N passed, N failed".
# By default two runs: every test in a database with only Invoicing (and moss_connect), then the
# tests tagged moss_charts in a database that also has the German and Dutch localizations.
# MOSS_TEST_TAGS runs those tags only, in one database (MOSS_TEST_MODULES adds modules to it).
# Skipped tests (a browser tour without Chromium) count as failed, and so does any WARNING or ERROR
# about moss_connect, or any ERROR at all, in the logs.
source "$(dirname "$0")/common.sh"
DB=${MOSS_TEST_DB:-moss_connect_test}
PORT=${MOSS_TEST_HTTP_PORT:-8169}

prepare_all
"$PY" -c 'import websocket' 2>/dev/null || die "websocket-client is missing from the venv: browser tours cannot run."
command -v chromium >/dev/null || command -v google-chrome >/dev/null ||
  die "no Chromium: browser tours cannot run. Install it (Debian: apt-get install chromium)."

run() {  # DB MODULES TAGS [odoo-bin arguments]: one fresh database, its log, its exit code in RESULTS
  local db=$1 modules=$2 tags=$3 log=$BUILD/$1.log
  shift 3
  "$PY" "$ROOT/dev/db.py" drop "$db"
  log "installing $modules into a fresh database $db and running tests tagged $tags (log: $log)"
  set +e
  odoo_bin -d "$db" -i "$modules" --test-enable --test-tags "$tags" --stop-after-init \
    --http-port="$PORT" --log-level=info --max-cron-threads=0 "$@" 2>&1 | tee "$log"
  RESULTS+=("$log" "${PIPESTATUS[0]}")
  set -e
}

RESULTS=()
if [[ -n ${MOSS_TEST_TAGS:-} ]]; then
  run "$DB" "moss_connect${MOSS_TEST_MODULES:+,$MOSS_TEST_MODULES}" "$MOSS_TEST_TAGS" "$@"
else
  run "$DB" moss_connect "/moss_connect,-moss_charts" "$@"
  run "${DB}_charts" moss_connect,l10n_de,l10n_nl moss_charts "$@"
fi
"$PY" "$ROOT/dev/test_report.py" "${RESULTS[@]}"
