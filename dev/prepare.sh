#!/usr/bin/env bash
# What the dev scripts set up on first use, done once: the venvs (Odoo's requirements and
# dev/requirements.txt; OCA's checks) and the click-odoo-initdb templates that scripts running side by
# side share: moss_connect's dependencies alone (make dist-check and make pot), with moss_test_assets
# (make test's HTTP tests, their asset bundles generated) and with the localizations of make test's
# other database. .ci/run calls it before it runs the scripts side by side, which would otherwise
# race to build them; the templates only one script copies are built on its first run.
source "$(dirname "$0")/common.sh"
prepare_all
ensure_oca_venv
# Three templates, side by side; a template already there is left as it is (MOSS_TEMPLATE_ONLY), and
# the database is only created with a new template.
pids=()
for modules in "" moss_test_assets "$LOCALIZATIONS"; do
  db=moss_connect_template_check_${#pids[@]}
  (MOSS_TEMPLATE_ONLY=1 new_db "$db" "$modules" && drop_db "$db") &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
