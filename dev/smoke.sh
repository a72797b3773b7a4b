#!/usr/bin/env bash
# Smoke test of Moss's HTTP calls with Odoo in prefork mode (--workers=2, one cron worker): on a
# copy of a database with moss_connect installed, connect, then JSON-2 reads the journals, creates
# and posts a bill, XML-RPC authenticates and reads, a wrong key is refused, and two clients post card
# transactions on the default supplier at once with no ERROR in the log. Then the key's life
# under Moss's traffic on a threaded and a prefork server (dev/lifecycle.py: grace end, Moss's own
# renewal, Revoke previous key and Disconnect during slow transactions). Last, a copy goes through
# `odoo-bin neutralize`, as a staging copy does, and refuses the key.
source "$(dirname "$0")/common.sh"
BASE=${MOSS_SMOKE_DB:-moss_connect_smoke}
DB=${BASE}_run
PORT=${MOSS_SMOKE_HTTP_PORT:-8179}
LOG=$BUILD/$DB.log

prepare_all
if "$PY" "$ROOT/dev/db.py" exists "$BASE" && [[ $("$PY" "$ROOT/dev/db.py" module-state "$BASE" moss_connect) == installed ]]; then
  odoo_bin -d "$BASE" -u moss_connect --stop-after-init --log-level=warn
else
  "$PY" "$ROOT/dev/db.py" drop "$BASE"
  odoo_bin -d "$BASE" -i moss_connect --stop-after-init --log-level=warn
fi
"$PY" "$ROOT/dev/db.py" copy "$BASE" "$DB"
KEYFILE=$BUILD/$DB.key
SERVER_PID=
trap 'stop_server; rm -f "$KEYFILE"' EXIT
"$PY" "$ROOT/dev/api.py" --addons-path="$ADDONS_PATH" prepare "$DB" "$KEYFILE"
: > "$LOG"
start_prefork_server "$DB" "$PORT" "$LOG"
grep -q "Worker WorkerHTTP" "$LOG" || die "Odoo did not start in prefork mode (see $LOG)"
"$PY" "$ROOT/dev/api.py" smoke "http://127.0.0.1:$PORT" "$DB" "$KEYFILE"
"$PY" "$ROOT/dev/api.py" burst "http://127.0.0.1:$PORT" "$DB" "$KEYFILE"
stop_server
if grep -E '^\S+ \S+ [0-9]+ (ERROR|CRITICAL) ' "$LOG" | grep -v "odoo.http: .*Invalid apikey"; then
  die "the server logged the errors above (log: $LOG)"
fi

log "the key's life under Moss's traffic, on a threaded and a prefork server at once"
pids=()
for workers in 0 2; do
  db=${DB}_lifecycle_$workers
  "$PY" "$ROOT/dev/db.py" copy "$BASE" "$db"
  "$PY" "$ROOT/dev/lifecycle.py" --addons-path="$ADDONS_PATH" prepare "$db" "$BUILD/$db.json"
  start_prefork_server "$db" "$((PORT + 1 + workers))" "$BUILD/$db.log" "$workers"
  pids+=("$SERVER_PID")
done
SERVER_PID=
trap 'kill "${pids[@]}" 2>/dev/null || true; stop_server; rm -f "$KEYFILE" "$BUILD"/*_lifecycle_*.json' EXIT
runs=()
for workers in 0 2; do
  "$PY" "$ROOT/dev/lifecycle.py" run "http://127.0.0.1:$((PORT + 1 + workers))" "${DB}_lifecycle_$workers" \
    "$BUILD/${DB}_lifecycle_$workers.json" &
  runs+=($!)
done
failed=0
for run in "${runs[@]}"; do wait "$run" || failed=1; done
kill "${pids[@]}" && wait "${pids[@]}" 2>/dev/null || true
((failed == 0)) || die "the key's life under traffic failed (logs: $BUILD/${DB}_lifecycle_*.log)"
for workers in 0 2; do "$PY" "$ROOT/dev/db.py" drop "${DB}_lifecycle_$workers"; done

log "neutralizing a copy of $DB, as for a staging database"
"$PY" "$ROOT/dev/db.py" copy "$DB" "${DB}_neutralized"
odoo_bin neutralize -d "${DB}_neutralized" > "$BUILD/${DB}_neutralized.log" 2>&1
start_prefork_server "${DB}_neutralized" "$PORT" "$LOG"
"$PY" "$ROOT/dev/api.py" refused "http://127.0.0.1:$PORT" "${DB}_neutralized" "$KEYFILE"
stop_server
"$PY" "$ROOT/dev/db.py" drop "${DB}_neutralized"
echo "smoke ok: Moss's calls work with --workers=2, keys stop when they should on threaded and prefork servers,"
echo "and a neutralized copy refuses the key"
