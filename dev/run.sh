#!/usr/bin/env bash
# Serve Odoo with moss_connect on http://localhost:8069 (login admin / admin).
source "$(dirname "$0")/common.sh"
DB=${MOSS_DB:-moss_connect}
PORT=${MOSS_HTTP_PORT:-8069}

prepare_all
if ! "$PY" "$ROOT/dev/db.py" exists "$DB"; then
  log "creating database $DB with moss_connect installed (demo data included)"
  odoo_bin -d "$DB" -i moss_connect --with-demo --stop-after-init --http-port="$PORT" --log-level=warn
fi
log "serving $DB on http://localhost:$PORT (login: admin, password: admin)"
exec "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" "$@"
