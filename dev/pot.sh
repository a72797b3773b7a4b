#!/usr/bin/env bash
# Export i18n/moss_connect.pot from Odoo. With --check, fail when the committed .pot is stale.
source "$(dirname "$0")/common.sh"
DB=${MOSS_POT_DB:-moss_connect_pot}
POT=$ROOT/i18n/moss_connect.pot

prepare_all
# The database of the previous export serves when there is one, moss_connect updated if its files
# changed since; otherwise a new one.
if db_exists "$DB"; then
  update_db "$DB" --log-level=warn
else
  new_db_with_moss "$DB"
fi
"$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ADDONS_PATH" i18n export -d "$DB" -o "$BUILD/moss_connect.pot" moss_connect
# Only the terms matter: the export stamps its own creation date in the header.
strip_dates() { grep -v -e '^"POT-Creation-Date:' -e '^"PO-Revision-Date:' "$1"; }
if [[ ${1:-} == --check ]]; then
  if ! diff -u <(strip_dates "$POT") <(strip_dates "$BUILD/moss_connect.pot"); then
    die "i18n/moss_connect.pot is stale: run 'make pot' and commit the result."
  fi
  log "i18n/moss_connect.pot is current"
elif diff -q <(strip_dates "$POT") <(strip_dates "$BUILD/moss_connect.pot") >/dev/null 2>&1; then
  log "$POT is already current (left as is, so its dates do not churn)"
else
  cp "$BUILD/moss_connect.pot" "$POT"
  log "wrote $POT"
fi
