#!/usr/bin/env bash
# Upgrade and uninstall round trip, on a real database with odoo-bin:
#  1. the previous release (MOSS_PREVIOUS_REF, a commit of this repository) installed (a copy of
#     click-odoo-initdb's template of it), two companies connected with it (one shared integration
#     user, one key), then upgraded with this checkout's code (-u): the log must hold no ERROR and no
#     WARNING about moss, the first company keeps its user and working key, the other is told to
#     create its own;
#  2. with Moss entries posted, uninstall as the Apps page does: journals, accounts, supplier and
#     entries stay, the keys are revoked, the users archived, the cron gone; install again: the
#     earlier set-up is found.
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
log "the previous release ($PREVIOUS_REF) installed in $DB"
new_db "$DB" moss_connect "$previous_path"
"$PY" "$ROOT/dev/roundtrip.py" --addons-path="$previous_path" legacy-setup "$DB"
log "upgrading it with this checkout (-u moss_connect)"
odoo_bin -d "$DB" -u moss_connect --stop-after-init --http-interface=127.0.0.1 --log-level=info > "$LOG" 2>&1
check_log "$LOG" || die "the upgrade logged the records above (full log: $LOG)"
grep -q "moss_connect" "$LOG" || die "the upgrade did not load moss_connect (log: $LOG)"
echo "ok   the upgrade from $PREVIOUS_REF runs clean"
log "checking the upgrade, then uninstalling moss_connect and installing it again"
"$PY" "$ROOT/dev/roundtrip.py" --addons-path="$ADDONS_PATH" round-trip "$DB"
echo "round trip ok"
