"""click-odoo-initdb, with three changes for a checkout that is itself the addon (dev/common.sh new_db):

- A template is keyed on the hash of its modules' files, and moss_connect's folder is the checkout:
  its tooling, logs and git data are left out of the hash (MOSS_HASH_EXCLUDE, the patterns
  click-odoo-update leaves out too), so a template with moss_connect installed serves until the
  addon's own files change.
- No module list refresh on the copy: a template's copy already lists its modules as their files
  are, and odoo-bin -i refreshes the list itself. The refresh loaded each copy's registry once more
  for nothing (about 4 CPU-seconds per database).
- With MOSS_TEMPLATE_ONLY set (dev/prepare.sh), a cached template is enough: no copy is made; the
  database is only created, and the template with it, when there is none.

Takes click-odoo-initdb's arguments.
"""

import hashlib
import os

from click_odoo import odoo
from click_odoo_contrib import initdb
from click_odoo_contrib._addon_hash import addon_hash


def addons_hash(module_names, with_demo):
    """click-odoo-initdb's hash, each module's files hashed as click-odoo-update hashes them."""
    exclude = os.environ["MOSS_HASH_EXCLUDE"].split(",")
    digest = hashlib.sha1(f"!demo={int(bool(with_demo))}!".encode())
    for module_name in sorted(initdb.expand_dependencies(module_names, True, True)):
        digest.update(module_name.encode())
        digest.update(addon_hash(odoo.modules.get_module_path(module_name), exclude, []).encode())
    return digest.hexdigest()


def template_cached(dbcache, new_database, hashsum):
    """In place of DbCache.create: whether the template is there, without copying it."""
    with dbcache._lock():
        return bool(dbcache._find_template(hashsum))


if __name__ == "__main__":
    initdb.addons_hash = addons_hash
    initdb.refresh_module_list = lambda dbname: None
    if os.environ.get("MOSS_TEMPLATE_ONLY"):
        initdb.DbCache.create = template_cached
    initdb.main()
