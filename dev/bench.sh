#!/usr/bin/env bash
# Scale figures: query count, time and peak memory of Connect Moss's operations on a fresh database
# and on a large one (see LARGE in dev/bench.py), side by side. Both databases are created once and
# kept; every measured call is rolled back. MOSS_BENCH_RESET=1 rebuilds them.
source "$(dirname "$0")/common.sh"
FRESH=${MOSS_BENCH_DB:-moss_connect_bench}_fresh
LARGE=${MOSS_BENCH_DB:-moss_connect_bench}_large

require_odoo
link_addon
ensure_venv
link_odoo_into_venv
ensure_postgres
for db in "$FRESH" "$LARGE"; do
  [[ ${MOSS_BENCH_RESET:-} == 1 ]] && "$PY" "$ROOT/dev/db.py" drop "$db"
  if ! "$PY" "$ROOT/dev/db.py" exists "$db"; then
    log "creating $db with moss_connect installed"
    odoo_bin -d "$db" -i moss_connect --stop-after-init --log-level=warn
    [[ $db == "$LARGE" ]] && { log "growing $db (a few minutes, once)"; "$PY" "$ROOT/dev/bench.py" --addons-path="$ADDONS_PATH" populate "$db"; }
  else
    odoo_bin -d "$db" -u moss_connect --stop-after-init --log-level=warn
  fi
done
"$PY" "$ROOT/dev/bench.py" --addons-path="$ADDONS_PATH" measure "$FRESH" "$LARGE"
