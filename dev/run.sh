#!/usr/bin/env bash
# Serve Odoo with moss_connect on http://localhost:8069 (login admin / admin).
source "$(dirname "$0")/common.sh"
DB=${MOSS_DB:-moss_connect}
PORT=${MOSS_HTTP_PORT:-8069}

prepare_all
# Created once with demo data; later, click-odoo-update updates the modules whose files changed.
if db_exists "$DB"; then
  update_db "$DB"
else
  "$VENV/bin/click-odoo-initdb" --addons-path="$ADDONS_PATH" -n "$DB" -m moss_connect --demo --no-cache
  track_updates "$DB"
fi
log "serving $DB on http://localhost:$PORT (login: admin, password: admin)"
exec "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" "$@"
