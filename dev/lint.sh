#!/usr/bin/env bash
# Lint the addon and the tooling: ruff, then pylint-odoo's Odoo checks on the addon.
source "$(dirname "$0")/common.sh"
ensure_venv
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
link_addon
# pylint-odoo reads the addon by its module name, so lint it through the moss_connect link.
(cd "$ADDONS_DIR" && "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" moss_connect)
log "lint clean"
