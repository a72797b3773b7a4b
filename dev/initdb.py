"""click-odoo-initdb, without the module list refresh it runs on each copy of a cached template.

A template is cached per module list and hash of those modules' sources, so its copy already lists
them as they are; the scripts install anything else with odoo-bin -i, which refreshes the list itself.
The refresh loaded the copy's registry once more for nothing (about 4 CPU-seconds per database).
Takes click-odoo-initdb's arguments (dev/common.sh new_db)."""

from click_odoo_contrib import initdb

if __name__ == "__main__":
    initdb.refresh_module_list = lambda dbname: None
    initdb.main()
