#!/usr/bin/env bash
# Run the addon's tests with pytest-odoo against an installed database (fast, no reinstall).
# The database is the one `make test` leaves (MOSS_TEST_DB); browser tours need its HTTP port free.
source "$(dirname "$0")/common.sh"
DB=${MOSS_TEST_DB:-moss_connect_test}

prepare_all
db_exists "$DB" || die "no database $DB: run 'make test' first, it creates one."
cat > "$BUILD/odoo.conf" <<CONF
[options]
addons_path = $ADDONS_PATH
http_port = ${MOSS_TEST_HTTP_PORT:-8169}
CONF
# Run through the moss_connect link so pytest-odoo imports the tests as odoo.addons.moss_connect.
cd "$ADDONS_DIR"
exec "$VENV/bin/pytest" -p no:cacheprovider --odoo-config="$BUILD/odoo.conf" --odoo-database="$DB" \
  moss_connect/tests "$@"
