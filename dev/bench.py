"""Query count, time and peak memory of Connect Moss's operations on a fresh and a large database.

Run through `make bench` (dev/bench.sh), which prepares both databases. Every measured call runs
in a savepoint that is rolled back, so the databases stay as they were; each figure is the median
of warm runs (the first run fills Odoo's caches and is not counted).

    python dev/bench.py populate DB            # grow DB to the large size (once)
    python dev/bench.py measure DB OUT.json    # in-process figures of one database
    python dev/bench.py report F.json L.json F-http.json L-http.json   # the table, side by side

The JSON-2 call is measured over HTTP against Odoo in prefork mode by dev/api.py.
"""

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from odoo_env import configure, environment, moss_administrator

RUNS = 5
LARGE = {"companies": 20, "partners": 10_000, "journals": 500, "accounts": 2_000, "entries": 50_000}


class RolledBack(Exception):
    """Undo a measured run."""


def admin_env(env):
    """The administrator, with every group Connect Moss asks for, in their main company."""
    admin = moss_administrator(env)
    env.flush_all()
    return env(user=admin, context={"allowed_company_ids": admin.company_id.ids})


def connect(env):
    wizard = env["moss.connect.wizard"].create({"company_id": env.company.id})
    wizard.action_connect()
    return wizard


def connect_with_key(env):
    connect(env)._generate_key_and_show()


def settings_block(env):
    """What the Moss block computes for the settings page."""
    settings = env["res.config.settings"].new({"company_id": env.company.id})
    return settings.moss_status, settings.moss_status_lines, settings.moss_has_previous_key


def check_connection(env):
    env["moss.connection"].search([("company_id", "=", env.company.id)]).read(["check_lines"])


# name: (operation measured, what it needs first, not measured)
MEASURES = {
    "action_connect()": (connect, None),
    "settings block": (settings_block, connect_with_key),
    "Check connection": (check_connection, connect_with_key),
}
# Measured over HTTP against Odoo in prefork mode by dev/api.py, merged in by `report`.
HTTP_MEASURE = "JSON-2 search_read"


def measure_once(env, operation, prepare=None):
    """Queries, milliseconds and peak KiB of one call, rolled back afterwards."""
    env.flush_all()
    env.invalidate_all()
    cr = env.cr
    figures = None
    try:
        with cr.savepoint():
            if prepare:
                prepare(env)
                env.flush_all()
                env.invalidate_all()
            tracemalloc.start()
            queries, started = cr.sql_log_count, time.perf_counter()
            operation(env)
            env.flush_all()
            elapsed = (time.perf_counter() - started) * 1000
            peak = tracemalloc.get_traced_memory()[1] / 1024
            tracemalloc.stop()
            figures = (cr.sql_log_count - queries, elapsed, peak)
            raise RolledBack
    except RolledBack:
        env.invalidate_all()
    return figures


def measure(dbname, outfile):
    results = {"size": size(dbname)}
    with environment(dbname) as root_env:
        env = admin_env(root_env)
        for name, (operation, prepare) in MEASURES.items():
            measure_once(env, operation, prepare)  # warm-up
            runs = [measure_once(env, operation, prepare) for _ in range(RUNS)]
            results[name] = [statistics.median(run[i] for run in runs) for i in range(3)]
        env.cr.rollback()
    Path(outfile).write_text(json.dumps(results))


def size(dbname):
    with environment(dbname) as env:
        return {
            "companies": env["res.company"].search_count([]),
            "partners": env["res.partner"].with_context(active_test=False).search_count([]),
            "journals": env["account.journal"].with_context(active_test=False).search_count([]),
            "accounts": env["account.account"].with_context(active_test=False).search_count([]),
            "entries": env["account.move"].search_count([]),
        }


def populate(dbname):
    """Grow the database to the LARGE size: companies with charts, partners, accounts, journals, entries."""
    for n in range(size(dbname)["companies"], LARGE["companies"]):
        with environment(dbname) as env:
            company = env["res.company"].create({"name": f"Bench Company {n}"})
            env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
            env.cr.commit()
        print(f"company {n + 1}/{LARGE['companies']}", file=sys.stderr)
    have = size(dbname)
    with environment(dbname) as root_env:
        main = root_env.ref("base.main_company")
        env = root_env(context={"allowed_company_ids": main.ids})
        env["res.partner"].create(
            [{"name": f"Bench Vendor {n}", "supplier_rank": 1} for n in range(LARGE["partners"] - have["partners"])]
        )
        accounts = _bench_accounts(env, main, LARGE["accounts"] - have["accounts"])
        missing_journals = LARGE["journals"] - have["journals"]
        env["account.journal"].create(
            [
                {"name": f"Bench Bank {n}", "code": f"K{n:04d}", "type": "bank", "default_account_id": account.id}
                for n, account in enumerate(accounts[: missing_journals // 2])
            ]
            + [
                {"name": f"Bench Purchase {n}", "code": f"P{n:04d}", "type": "purchase"}
                for n in range(missing_journals - missing_journals // 2)
            ]
        )
        _bench_entries(env, main, LARGE["entries"] - have["entries"])
        env.cr.commit()


def _bench_entries(env, company, count):
    """Books of some size, so that the lookup of Moss's last activity meets them: draft entries
    written in SQL (a benchmark needs rows to search, not a balanced ledger)."""
    if count <= 0:
        return
    journal = env["account.journal"].search([*env["account.journal"]._check_company_domain(company)], limit=1)
    env.cr.execute(
        """
        INSERT INTO account_move (journal_id, company_id, currency_id, date, state, move_type, name,
                                  auto_post, create_uid, create_date, write_uid, write_date)
        SELECT %(journal)s, %(company)s, %(currency)s, now()::date - (n %% 700), 'draft', 'entry', '/',
               'no', %(uid)s, now() - make_interval(mins => n), %(uid)s, now()
          FROM generate_series(1, %(count)s) n
        """,
        {
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "uid": env.uid,
            "count": count,
        },
    )


def _bench_accounts(env, company, count):
    """Accounts packed right after the Outstanding Payments code, where Connect Moss numbers its own."""
    if count <= 0:
        return env["account.account"]
    start = int(env.ref(f"account.{company.id}_account_journal_payment_credit_account_id").code)
    used = set(env["account.account"].search([]).mapped("code"))
    codes = [code for code in map(str, range(start + 1, start + 10 * count)) if code not in used][:count]
    return env["account.account"].create(
        [{"name": f"Bench Account {code}", "code": code, "account_type": "asset_current"} for code in codes]
    )


def report(fresh_file, large_file, fresh_http_file, large_http_file):
    """Print both databases' figures side by side; fail when a query count differs."""
    results = []
    for path, http_path in ((fresh_file, fresh_http_file), (large_file, large_http_file)):
        figures = json.loads(Path(path).read_text())
        http = json.loads(Path(http_path).read_text())
        figures[HTTP_MEASURE] = [http["queries"], http["ms"], None]
        results.append(figures)
    fresh, large = results
    for label, figures in (("fresh", fresh), ("large", large)):
        print(f"{label:5} database: " + ", ".join(f"{value} {key}" for key, value in figures.pop("size").items()))
    print(
        f"{'operation':20} {'fresh q':>8} {'large q':>8} {'ratio':>6}   {'fresh ms':>9} {'large ms':>9} {'ratio':>6}"
        f"   {'fresh KiB':>9} {'large KiB':>9}"
    )
    for name in fresh:
        (fq, fms, fkb), (lq, lms, lkb) = fresh[name], large[name]
        memory = f"{fkb:9.0f} {lkb:9.0f}" if fkb is not None else f"{'-':>9} {'-':>9}"
        print(f"{name:20} {fq:8.0f} {lq:8.0f} {lq / fq:6.2f}   {fms:9.1f} {lms:9.1f} {lms / fms:6.2f}   {memory}")
    unequal = [name for name in fresh if fresh[name][0] != large[name][0]]
    if unequal:
        print(f"query count grows with the database: {', '.join(unequal)}")
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("command", choices=["populate", "measure", "report"])
    parser.add_argument("args", nargs="+")
    args = parser.parse_args()
    configure(args.addons_path)
    if args.command == "populate":
        populate(*args.args)
        return 0
    if args.command == "measure":
        measure(*args.args)
        return 0
    return report(*args.args)


if __name__ == "__main__":
    sys.exit(main())
