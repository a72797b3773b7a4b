#!/usr/bin/env bash
# Build the venvs the dev scripts use (Odoo's requirements and dev/requirements.txt; OCA's checks),
# when their requirements changed. The scripts do it themselves; .ci/run does it first, once, before
# it runs them side by side.
source "$(dirname "$0")/common.sh"
require_odoo
ensure_venv
ensure_oca_venv
