#!/usr/bin/env bash
# Install moss_connect into new databases with Odoo's test runner and report "N passed, N failed".
# By default two runs side by side: the tests that talk to Odoo's HTTP server (tag moss_http), in a
# database with only Invoicing, and every other test, in a database that also has the German and
# Dutch localizations (for the charts' tests, tag moss_charts; its company keeps Odoo's generic chart).
# MOSS_TEST_TAGS runs those tags only, in one database (MOSS_TEST_MODULES adds modules to it).
# Each database starts as a copy of click-odoo-initdb's cached template of its modules.
# Skipped tests (a browser tour without Chromium) count as failed, and so does a log that
# checklog-odoo refuses (any WARNING, ERROR or CRITICAL record dev/checklog-odoo.cfg does not expect).
source "$(dirname "$0")/common.sh"
DB=${MOSS_TEST_DB:-moss_connect_test}
PORT=${MOSS_TEST_HTTP_PORT:-8169}

prepare_all
"$PY" -c 'import websocket' 2>/dev/null || die "websocket-client is missing from the venv: browser tours cannot run."
command -v chromium >/dev/null || command -v google-chrome >/dev/null ||
  die "no Chromium: browser tours cannot run. Install it (Debian: apt-get install chromium)."

run() {  # DB TAGS PORT [odoo-bin arguments]: moss_connect installed into DB and its tests run, logged to .build/DB.log
  local db=$1 tags=$2 port=$3 log=$BUILD/$1.log
  shift 3
  log "running the tests tagged $tags in $db (log: $log)"
  odoo_bin -d "$db" -i moss_connect --test-enable --test-tags "$tags" --stop-after-init --http-interface=127.0.0.1 \
    --http-port="$port" --log-level=info --max-cron-threads=0 "$@" > "$log" 2>&1
}

report() {  # DB EXIT_CODE: the log's test counts, with checklog-odoo's verdict on it
  local log=$BUILD/$1.log checked=0
  check_log "$log" > "$log.checklog" 2>&1 || checked=1
  RESULTS+=("$log" "$2" "$checked")
}

RESULTS=()
if [[ -n ${MOSS_TEST_TAGS:-} ]]; then
  new_db "$DB" "${MOSS_TEST_MODULES:-}"
  status=0 && run "$DB" "$MOSS_TEST_TAGS" "$PORT" "$@" || status=$?
  report "$DB" "$status"
else
  # Two databases side by side, one Odoo each: the tests that talk to Odoo's HTTP server (tag
  # moss_http: the browser tours, the JSON-RPC sessions and Moss's calls; Odoo's runner generates the
  # asset bundles before them, so they share one database), and every other test, the charts' with
  # their localizations. Each copies its own cached template (dev/prepare.sh builds them; without,
  # each run builds its own once).
  (new_db "$DB" "$LOCALIZATIONS" && run "$DB" "/moss_connect,-moss_http" "$PORT" "$@") &
  main=$!
  (new_db "${DB}_http" moss_test_assets && run "${DB}_http" moss_http,-moss_screenshots "$((PORT + 1))" "$@") &
  http=$!
  for db_and_pid in "$DB:$main" "${DB}_http:$http"; do
    status=0 && wait "${db_and_pid##*:}" || status=$?
    report "${db_and_pid%:*}" "$status"
  done
fi
"$PY" "$ROOT/dev/test_report.py" "${RESULTS[@]}"
