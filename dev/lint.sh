#!/usr/bin/env bash
# Lint the addon and the tooling: ruff, pylint-odoo's Odoo checks, and OCA's pre-commit checks of
# Odoo modules (manifest, XML, CSV and .po/.pot files). `dev/lint.sh ruff|pylint|oca` runs one of
# them (the pre-commit hooks do); without an argument, all three.
source "$(dirname "$0")/common.sh"
ensure_venv
cd "$ROOT"

lint_ruff() {
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
}

lint_pylint() {
  link_addon
  # pylint-odoo reads the addon by its module name, so lint it through the moss_connect link.
  (cd "$ADDONS_DIR" && "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" moss_connect)
}

lint_oca() {
  # OCA's checks look for a module *below* the repository root, and this repository's root is the
  # module: check a copy of the tracked and new files, outside any git tree.
  local copy=$CACHE/oca-checks/moss_connect
  rm -rf "$copy" && mkdir -p "$copy"
  git ls-files --cached --others --exclude-standard -z | xargs -0 cp --parents -t "$copy"
  ensure_oca_venv
  # The README is Markdown, which GitHub renders and the Apps page does not need (index.html is that).
  "$OCA_VENV/bin/oca-checks-odoo-module" --disable=prefer-readme-rst "$copy"
  "$OCA_VENV/bin/oca-checks-po" "$copy"/i18n/*.po*
}

case ${1:-all} in
  ruff) lint_ruff ;;
  pylint) lint_pylint ;;
  oca) lint_oca ;;
  all)
    lint_ruff
    lint_pylint
    lint_oca
    ;;
  *) die "usage: dev/lint.sh [ruff|pylint|oca]" ;;
esac
log "lint clean"
