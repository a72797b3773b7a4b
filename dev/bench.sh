#!/usr/bin/env bash
# Scale figures: query count, time and peak memory of Connect Moss's operations on a fresh database
# and on a large one (see LARGE in dev/bench.py), side by side; then Moss's traffic (dev/traffic.py):
# each call Moss makes with its key and with the administrator's, and a two-client burst. Both databases are created once and
# kept; in-process calls are rolled back, and the JSON-2 call runs against Odoo in prefork mode
# (--workers=2) on a throwaway copy. MOSS_BENCH_RESET=1 rebuilds them.
source "$(dirname "$0")/common.sh"
PORT=${MOSS_BENCH_HTTP_PORT:-8178}

prepare_all
bench() { "$PY" "$ROOT/dev/bench.py" --addons-path="$ADDONS_PATH" "$@"; }
trap 'stop_server' EXIT
for size in fresh large; do
  db=${MOSS_BENCH_DB:-moss_connect_bench}_$size
  [[ ${MOSS_BENCH_RESET:-} == 1 ]] && drop_db "$db"
  if ! db_exists "$db"; then
    log "creating $db with moss_connect installed"
    new_db_with_moss "$db"
    [[ $size == large ]] && { log "growing $db (a few minutes, once)"; bench populate "$db"; }
  else
    update_db "$db"
  fi
  log "measuring $db"
  bench measure "$db" "$BUILD/bench-$size.json"
  odoo_bin db duplicate --force "$db" "${db}_http" > "$BUILD/${db}_http.log" 2>&1
  "$PY" "$ROOT/dev/api.py" --addons-path="$ADDONS_PATH" prepare "${db}_http" "$BUILD/bench-$size.key"
  "$PY" "$ROOT/dev/traffic.py" --addons-path="$ADDONS_PATH" admin-key "${db}_http" "$BUILD/bench-$size.admin-key"
  : > "$BUILD/bench-$size-server.log"
  start_prefork_server "${db}_http" "$PORT" "$BUILD/bench-$size-server.log"
  "$PY" "$ROOT/dev/api.py" measure "http://127.0.0.1:$PORT" "${db}_http" "$BUILD/bench-$size.key" \
    "$BUILD/bench-$size-server.log" > "$BUILD/bench-$size-http.json"
  log "Moss's traffic on $db, with Moss's key and the administrator's"
  "$PY" "$ROOT/dev/traffic.py" measure "http://127.0.0.1:$PORT" "${db}_http" "$BUILD/bench-$size.key" \
    "$BUILD/bench-$size.admin-key" "$BUILD/bench-$size-server.log" "$BUILD/bench-$size-traffic.json"
  "$PY" "$ROOT/dev/traffic.py" --addons-path="$ADDONS_PATH" renew "${db}_http"
  "$PY" "$ROOT/dev/traffic.py" after-renewal "http://127.0.0.1:$PORT" "${db}_http" "$BUILD/bench-$size.key" \
    "$BUILD/bench-$size-server.log" "$BUILD/bench-$size-traffic.json"
  stop_server
  rm -f "$BUILD/bench-$size.key" "$BUILD/bench-$size.admin-key"
  drop_db "${db}_http"
done
status=0
bench report "$BUILD"/bench-{fresh,large}.json "$BUILD"/bench-{fresh,large}-http.json || status=1
"$PY" "$ROOT/dev/traffic.py" report "$BUILD"/bench-{fresh,large}-traffic.json || status=1
exit "$status"
