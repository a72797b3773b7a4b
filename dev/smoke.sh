#!/usr/bin/env bash
# Smoke test of Moss's HTTP calls against real servers, each database a copy of click-odoo-initdb's
# template with moss_connect installed:
#  - the key's life under Moss's traffic on a threaded and a prefork server at once (dev/lifecycle.py:
#    grace end, Moss's own renewal, Revoke previous key and Disconnect during slow transactions);
#  - meanwhile, with Odoo in prefork mode (--workers=2, one cron worker): connect, then JSON-2 reads
#    the journals, creates and posts a bill, XML-RPC authenticates and reads, a wrong key is refused,
#    and two clients post card transactions on the default supplier at once, with a clean log;
#  - a copy duplicated with `odoo-bin db duplicate --neutralize`, as a staging copy is, refuses the key
#    (served by the threaded server of the key's life).
source "$(dirname "$0")/common.sh"
DB=${MOSS_SMOKE_DB:-moss_connect_smoke}_run
PORT=${MOSS_SMOKE_HTTP_PORT:-8179}
LOG=$BUILD/$DB.log

prepare_all
KEYFILE=$BUILD/$DB.key
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true; stop_server; rm -f "$KEYFILE" "$BUILD"/*_lifecycle_*.json' EXIT

# The key's life waits a minute for Odoo's cron: it runs in the background while the rest goes on.
log "the key's life under Moss's traffic, on a threaded and a prefork server at once"
for workers in 0 2; do
  db=${DB}_lifecycle_$workers
  new_db "$db" moss_connect
  "$PY" "$ROOT/dev/lifecycle.py" --addons-path="$ADDONS_PATH" prepare "$db" "$BUILD/$db.json"
  filter="^$db\$"
  ((workers == 0)) && filter="^($db|${DB}_neutralized)\$"  # the threaded one serves the copy below too
  start_prefork_server "$db" "$((PORT + 1 + workers))" "$BUILD/$db.log" "$workers" "$filter"
  servers+=("$SERVER_PID")
done
runs=()
for workers in 0 2; do
  "$PY" "$ROOT/dev/lifecycle.py" run "http://127.0.0.1:$((PORT + 1 + workers))" "${DB}_lifecycle_$workers" \
    "$BUILD/${DB}_lifecycle_$workers.json" &
  runs+=($!)
done

log "Moss's calls on a prefork server"
new_db "$DB" moss_connect
"$PY" "$ROOT/dev/api.py" --addons-path="$ADDONS_PATH" prepare "$DB" "$KEYFILE"
: > "$LOG"
start_prefork_server "$DB" "$PORT" "$LOG"
grep -q "Worker WorkerHTTP" "$LOG" || die "Odoo did not start in prefork mode (see $LOG)"
"$PY" "$ROOT/dev/api.py" smoke "http://127.0.0.1:$PORT" "$DB" "$KEYFILE"
"$PY" "$ROOT/dev/api.py" burst "http://127.0.0.1:$PORT" "$DB" "$KEYFILE"
stop_server
check_log "$LOG" || die "the server logged the records above (log: $LOG)"

log "neutralizing a copy of $DB, as for a staging database"
odoo_bin db duplicate --force --neutralize "$DB" "${DB}_neutralized" > "$BUILD/${DB}_neutralized.log" 2>&1
"$PY" "$ROOT/dev/api.py" refused "http://127.0.0.1:$((PORT + 1))" "${DB}_neutralized" "$KEYFILE"

failed=0
for run in "${runs[@]}"; do wait "$run" || failed=1; done
kill "${servers[@]}" && wait "${servers[@]}" 2>/dev/null || true
((failed == 0)) || die "the key's life under traffic failed (logs: $BUILD/${DB}_lifecycle_*.log)"
for db in "${DB}_lifecycle_0" "${DB}_lifecycle_2" "${DB}_neutralized"; do drop_db "$db"; done
echo "smoke ok: Moss's calls work with --workers=2, keys stop when they should on threaded and prefork servers,"
echo "and a neutralized copy refuses the key"
