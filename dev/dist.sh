#!/usr/bin/env bash
# Release artefacts of the addon alone, from the committed tree plus uncommitted changes of tracked
# files (git stash create): dist/moss_connect-<version>.zip (the folder moss_connect/, for an addons
# path or Odoo.sh) and dist/odoo_addon_moss_connect-<version>-py3-none-any.whl (for pip). Both leave
# out what .gitattributes marks export-ignore: dev/, .ci/, the Makefile and the lint configuration.
source "$(dirname "$0")/common.sh"
ensure_venv
version=$("$PY" -c "import ast; print(ast.literal_eval(open('$ROOT/__manifest__.py').read())['version'])")
rev=$(git -C "$ROOT" stash create)
rev=${rev:-HEAD}
DIST=$ROOT/dist
rm -rf "$DIST" && mkdir -p "$DIST"
git -C "$ROOT" archive --format=zip --prefix=moss_connect/ -o "$DIST/moss_connect-$version.zip" "$rev"
# whool packs every file of the folder it builds when that folder is outside a git tree: build from
# the same export, unpacked into a folder named after the addon.
export_dir=$(mktemp -d)
trap 'rm -rf "$export_dir"' EXIT
git -C "$ROOT" archive --prefix=moss_connect/ "$rev" | tar -x -C "$export_dir"
"$PY" -m pip wheel --no-deps --quiet --wheel-dir "$DIST" "$export_dir/moss_connect"
log "built $(cd "$DIST" && ls)"
