"""Database helpers for the dev scripts: `db.py exists NAME`, `db.py drop NAME`, `db.py copy NAME NEW`,
`db.py module-state NAME MODULE` (prints the module's state in that database).

Uses psycopg2 from Odoo's venv and the standard PG* variables, so no PostgreSQL client is needed.
"""

import sys

import psycopg2
from psycopg2 import sql


def main(command, name, new_name=None):
    if command == "module-state":
        return module_state(name, new_name)
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        if command == "exists":
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return 0 if cr.fetchone() else 1
        if command == "drop":
            cr.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            return 0
        if command == "copy":
            cr.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(new_name)))
            cr.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(new_name), sql.Identifier(name)))
            return 0
    raise SystemExit(f"unknown command {command!r}")


def module_state(dbname, module):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
        row = cr.fetchone()
    print(row[0] if row else "absent")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
