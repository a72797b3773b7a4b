#!/usr/bin/env bash
# What the dev scripts set up on first use, done once: the venvs (Odoo's requirements and
# dev/requirements.txt; OCA's checks) and click-odoo-initdb's template databases of moss_connect's
# dependencies, alone and with moss_test_assets (the HTTP tests' template, its asset bundles
# generated). .ci/run calls it before it runs the scripts side by side, which would otherwise race
# to build them.
source "$(dirname "$0")/common.sh"
prepare_all
ensure_oca_venv
for modules in "" moss_test_assets; do
  new_db moss_connect_template_check "$modules"
  drop_db moss_connect_template_check
done
