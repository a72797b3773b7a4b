#!/usr/bin/env bash
# Upgrade and uninstall round trip, each on a real database with odoo-bin:
#  1. install the previous release (MOSS_PREVIOUS_REF, a commit of this repository), connect two
#     companies with it (one shared integration user, one key), and upgrade it with this checkout's
#     code (-u): the log must hold no ERROR and no WARNING about moss, the first company keeps its
#     user and working key, the other is told to create its own;
#  2. with Moss entries posted, uninstall: journals, accounts, supplier and entries stay, the keys are
#     revoked, the users archived, the cron gone; install again: the earlier set-up is found.
source "$(dirname "$0")/common.sh"
DB=${MOSS_ROUNDTRIP_DB:-moss_connect_roundtrip}
# 19.0.1.1.0: the set-up on the companies, one integration user shared by all of them.
PREVIOUS_REF=${MOSS_PREVIOUS_REF:-a4178a4}
LOG=$BUILD/$DB.log

prepare_all
git -C "$ROOT" cat-file -e "$PREVIOUS_REF^{commit}" 2>/dev/null ||
  die "commit $PREVIOUS_REF (the previous release) is not in this clone: fetch the full history (git fetch --unshallow)."

previous=$CACHE/previous-$PREVIOUS_REF
rm -rf "$previous" && mkdir -p "$previous/moss_connect"
git -C "$ROOT" archive "$PREVIOUS_REF" | tar -x -C "$previous/moss_connect"
previous_path="$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$previous"
log "installing the previous release ($PREVIOUS_REF) into $DB"
new_db "$DB"
"$PY" "$ODOO_PATH/odoo-bin" --addons-path="$previous_path" -d "$DB" -i moss_connect --stop-after-init --log-level=warn
"$PY" "$ROOT/dev/roundtrip.py" --addons-path="$previous_path" legacy-setup "$DB"
log "upgrading it with this checkout (-u moss_connect)"
odoo_bin -d "$DB" -u moss_connect --stop-after-init --http-interface=127.0.0.1 --log-level=info > "$LOG" 2>&1
check_log "$LOG" || die "the upgrade logged the records above (full log: $LOG)"
grep -q "moss_connect" "$LOG" || die "the upgrade did not load moss_connect (log: $LOG)"
echo "ok   the upgrade from $PREVIOUS_REF runs clean"

roundtrip() { "$PY" "$ROOT/dev/roundtrip.py" --addons-path="$ADDONS_PATH" "$@" "$DB"; }
roundtrip after-upgrade
roundtrip setup
log "uninstalling moss_connect"
odoo_bin module uninstall -d "$DB" moss_connect
roundtrip after-uninstall
log "installing moss_connect again"
odoo_bin -d "$DB" -i moss_connect --stop-after-init --log-level=warn
roundtrip after-reinstall
echo "round trip ok"
