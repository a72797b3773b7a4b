#!/usr/bin/env bash
# Install what dev/dist.sh builds, the ways Odoo people install addons, each into a fresh database:
#  1. the release zip, unpacked into an empty addons folder on the addons path;
#  2. the wheel, pip-installed into a venv holding Odoo's own requirements only (no developer or
#     test package), with an addons path that does not name the addon: Odoo 19 finds it in its
#     odoo.addons namespace. There the addon's tests load, and the property tests skip, saying that
#     hypothesis is missing.
source "$(dirname "$0")/common.sh"
prepare_all
bash "$ROOT/dev/dist.sh"
CHECK=$CACHE/dist-check
CORE_PATH=$ODOO_PATH/addons,$ODOO_PATH/odoo/addons
# Installed from a package, the addon's tests load and run: the settings' tests, and in the wheel's
# venv also the property tests, which skip there for want of hypothesis.
DIST_TESTS=/moss_connect:TestMossSettings
rm -rf "$CHECK/addons" && mkdir -p "$CHECK/addons"

no_errors() {  # LOG: a clean log that ends with the addon's tests run (none failed) after its installation
  check_log "$1" || die "the records above are in $1"
  grep -q "odoo.tests.result: 0 failed, 0 error(s) of [1-9]" "$1" || die "the tests did not run clean (see $1)"
}

# Its own port: .ci/run runs it beside the other checks.
PORT=${MOSS_DIST_HTTP_PORT:-8189}
log "the release zip, unpacked into an empty addons folder"
unzip -q "$ROOT"/dist/moss_connect-*.zip -d "$CHECK/addons"
for tooling in dev .ci Makefile .pylintrc .pre-commit-config.yaml; do
  [[ -e $CHECK/addons/moss_connect/$tooling ]] && die "the zip ships $tooling"
done
DB=moss_connect_dist_zip
new_db "$DB"
"$PY" "$ODOO_PATH/odoo-bin" --addons-path="$CORE_PATH,$CHECK/addons" -d "$DB" -i moss_connect --http-interface=127.0.0.1 --http-port="$PORT" \
  --test-enable --test-tags "$DIST_TESTS" --stop-after-init --log-level=info --max-cron-threads=0 --logfile="$BUILD/$DB.log"
no_errors "$BUILD/$DB.log"
echo "ok   the zip installs from an addons folder"

log "the wheel, in a venv with Odoo's requirements only"
WHEEL_VENV=$CACHE/wheel-venv
if [[ ! -f $WHEEL_VENV/.odoo-requirements ]] || ! cmp -s "$VENV/odoo-requirements.txt" "$WHEEL_VENV/.odoo-requirements"; then
  rm -rf "$WHEEL_VENV"
  "$(pick_python)" -m venv "$WHEEL_VENV"
  "$WHEEL_VENV/bin/pip" install -q -r "$VENV/odoo-requirements.txt"
  cp "$VENV/odoo-requirements.txt" "$WHEEL_VENV/.odoo-requirements"
fi
site=$("$WHEEL_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ODOO_PATH" > "$site/odoo-path.pth"
# Odoo runs from its source tree here, not as a pip-installed distribution: the wheel's odoo==19.0.*
# requirement has nothing to match, so it is installed without dependencies.
"$WHEEL_VENV/bin/pip" install -q --no-deps --force-reinstall "$ROOT"/dist/odoo_addon_moss_connect-*.whl
[[ -f $site/odoo/addons/moss_connect/__manifest__.py ]] || die "the wheel did not install into odoo/addons"
"$WHEEL_VENV/bin/python" -c 'import hypothesis' 2>/dev/null && die "the wheel venv must not hold hypothesis"
DB=moss_connect_dist_wheel
new_db "$DB"
"$WHEEL_VENV/bin/python" "$ODOO_PATH/odoo-bin" --addons-path="$CORE_PATH" -d "$DB" -i moss_connect --http-interface=127.0.0.1 --http-port="$PORT" \
  --test-enable --test-tags "$DIST_TESTS,/moss_connect:TestMossHostileInput" --stop-after-init --log-level=info \
  --max-cron-threads=0 --logfile="$BUILD/$DB.log"
no_errors "$BUILD/$DB.log"
grep -q "skipped.*hypothesis is not installed" "$BUILD/$DB.log" ||
  die "the property tests did not skip with their reason (see $BUILD/$DB.log)"
echo "ok   the wheel installs without an addons path naming it, and its tests load without the dev packages"
