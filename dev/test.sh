#!/usr/bin/env bash
# Install moss_connect into a fresh database with Odoo's test runner and report
# "N passed, N failed". Skipped tests (a browser tour without Chromium) count as failed,
# and so does any WARNING or ERROR about moss_connect, or any ERROR at all, in the log.
source "$(dirname "$0")/common.sh"
DB=${MOSS_TEST_DB:-moss_connect_test}
PORT=${MOSS_TEST_HTTP_PORT:-8169}
TAGS=${MOSS_TEST_TAGS:-/moss_connect}
LOG=$BUILD/$DB.log  # one log per database, so parallel runs on other databases do not mix

prepare_all
"$PY" -c 'import websocket' 2>/dev/null || die "websocket-client is missing from the venv: browser tours cannot run."
command -v chromium >/dev/null || command -v google-chrome >/dev/null ||
  die "no Chromium: browser tours cannot run. Install it (Debian: apt-get install chromium)."

"$PY" "$ROOT/dev/db.py" drop "$DB"
log "installing moss_connect into a fresh database $DB and running tests tagged $TAGS (log: $LOG)"
set +e
# The German and Dutch localizations, so that the tests can load SKR03, SKR04 and the Dutch chart.
odoo_bin -d "$DB" -i moss_connect,l10n_de,l10n_nl --test-enable --test-tags "$TAGS" --stop-after-init \
  --http-port="$PORT" --log-level=info --max-cron-threads=0 "$@" 2>&1 | tee "$LOG"
odoo_rc=${PIPESTATUS[0]}
set -e
"$PY" "$ROOT/dev/test_report.py" "$LOG" "$odoo_rc"
