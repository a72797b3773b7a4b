"""Moss's external API calls against a real Odoo server in prefork mode (--workers=2).

Used by dev/smoke.sh (make smoke) and dev/bench.sh (make bench):

    python dev/api.py --addons-path P prepare DB KEYFILE   # connect the main company, write a key
    python dev/api.py smoke URL DB KEYFILE                 # Moss's calls must work, a wrong key must not
    python dev/api.py burst URL DB KEYFILE                 # two clients post card transactions at once
    python dev/api.py measure URL DB KEYFILE SERVERLOG     # time and query count of one JSON-2 call
    python dev/api.py refused URL DB KEYFILE               # the key must be refused (a neutralized copy)

They run on a throwaway copy of a database (`odoo-bin db duplicate`), so nothing needs undoing.
`prepare` needs Odoo (in-process); `smoke` and `measure` only talk HTTP.
"""

import argparse
import json
import re
import statistics
import sys
import threading
import time
import xmlrpc.client
from pathlib import Path

RUNS = 20
JOURNALS_CALL = ("account.journal", "search_read", {"domain": [["code", "in", ["MOSS", "MOSSB"]]], "fields": ["code"]})


# The standalone checker's JSON-2 client: the same calls Moss makes, one implementation.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from moss_check_connection import Odoo, Refused  # noqa: E402


class Json2(Odoo):
    """JSON-2 calls with the payload as one dict, as the smoke and bench scripts build them."""

    def __init__(self, url, db, key):
        super().__init__(url, db, key, timeout=30)

    def __call__(self, model, method, payload):
        return super().__call__(model, method, **payload)


def check(condition, message):
    print(f"{'ok  ' if condition else 'FAIL'} {message}")
    if not condition:
        raise SystemExit(1)


def smoke(url, db, key):
    call = Json2(url, db, key)
    journals = call(*JOURNALS_CALL)
    check(sorted(j["code"] for j in journals) == ["MOSS", "MOSSB"], "JSON-2 reads the Moss journals")
    [partner] = call("res.partner", "search_read", {"domain": [["name", "=", "Moss"]], "fields": ["id"]})
    [expense] = call(
        "account.account", "search_read", {"domain": [["account_type", "=", "expense"]], "fields": ["id"], "limit": 1}
    )
    line = {"name": "Smoke card payment", "price_unit": 12.5, "account_id": expense["id"]}
    bill_values = {
        "move_type": "in_invoice",
        "partner_id": partner["id"],
        "journal_id": next(j["id"] for j in journals if j["code"] == "MOSS"),
        "invoice_date": time.strftime("%Y-%m-%d"),
        "invoice_line_ids": [[0, 0, line]],
    }
    [bill] = call("account.move", "create", {"vals_list": [bill_values]})
    call("account.move", "action_post", {"ids": [bill]})
    [posted] = call("account.move", "read", {"ids": [bill], "fields": ["state"]})
    check(posted["state"] == "posted", "JSON-2 creates and posts a vendor bill in the Moss Purchase Journal")
    uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, "moss-integration", key, {})
    check(bool(uid), "XML-RPC authenticates with the key")
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    count = models.execute_kw(db, uid, key, "account.journal", "search_count", [[["code", "=", "MOSSB"]]])
    check(count == 1, "XML-RPC reads the Moss Bank Journal")
    try:
        Json2(url, db, "0" * 40)(*JOURNALS_CALL)
        refused = False
    except Refused as error:
        refused = error.status == 401
    check(refused, "a wrong key is refused with 401")


def burst(url, db, key, per_thread=25):
    """Two clients posting card transactions on the default supplier at once, as Moss does at volume:
    every bill must post (the server log is checked for ERROR lines by the caller)."""
    call = Json2(url, db, key)
    journals = call(*JOURNALS_CALL)
    [partner] = call("res.partner", "search_read", {"domain": [["name", "=", "Moss"]], "fields": ["id"]})
    [expense] = call(
        "account.account", "search_read", {"domain": [["account_type", "=", "expense"]], "fields": ["id"], "limit": 1}
    )
    journal = next(j["id"] for j in journals if j["code"] == "MOSS")
    posted = []

    def client():
        own = Json2(url, db, key)
        for n in range(per_thread):
            line = {"name": f"Card transaction {n}", "price_unit": 9.5, "account_id": expense["id"]}
            values = {
                "move_type": "in_invoice",
                "partner_id": partner["id"],
                "journal_id": journal,
                "invoice_date": time.strftime("%Y-%m-%d"),
                "invoice_line_ids": [[0, 0, line]],
            }
            [bill] = own("account.move", "create", {"vals_list": [values]})
            own("account.move", "action_post", {"ids": [bill]})
            posted.append(bill)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    check(
        len(posted) == 2 * per_thread, f"two clients posted {len(posted)} bills at once ({len(posted) / seconds:.1f}/s)"
    )


def refused(url, db, key):
    try:
        Json2(url, db, key)(*JOURNALS_CALL)
        status = 200
    except Refused as error:
        status = error.status
    check(status == 401, f"the key is refused with 401 ({status})")


def measure(url, db, key, server_log):
    """Median time of the JSON-2 call, and its query count as the server logs it for each request."""
    call = Json2(url, db, key)
    call(*JOURNALS_CALL)  # warm the worker
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call(*JOURNALS_CALL)
        timings.append((time.perf_counter() - started) * 1000)
    time.sleep(0.5)  # let the workers write their log lines
    # werkzeug's request line ends with: query count, query time, remaining time.
    pattern = re.compile(r'"POST /json/2/account\.journal/search_read HTTP/[\d.]+" 200 - (\d+) ')
    counts = [int(m.group(1)) for m in map(pattern.search, Path(server_log).read_text().splitlines()) if m]
    print(json.dumps({"queries": statistics.median(counts[-RUNS:]), "ms": statistics.median(timings)}))


def prepare(addons_path, db, keyfile):
    """Connect the main company as the administrator would and keep the key for this run only."""
    from odoo_env import configure, environment, moss_administrator  # noqa: PLC0415 - smoke and measure do without Odoo

    configure(addons_path)
    with environment(db) as env:
        admin = moss_administrator(env)
        wizard = env["moss.connect.wizard"].with_user(admin).create({"company_id": admin.company_id.id})
        wizard.action_connect()
        key = wizard._generate_key_and_show()["context"]["default_api_key"]
    path = Path(keyfile)
    path.touch(mode=0o600)
    path.write_text(key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path")
    parser.add_argument("command", choices=["prepare", "smoke", "burst", "measure", "refused"])
    parser.add_argument("args", nargs="+")
    args = parser.parse_args()
    if args.command == "prepare":
        return prepare(args.addons_path, *args.args)
    url, db, keyfile, *rest = args.args
    key = Path(keyfile).read_text().strip()
    if args.command == "smoke":
        smoke(url, db, key)
    elif args.command == "burst":
        burst(url, db, key)
    elif args.command == "refused":
        refused(url, db, key)
    else:
        measure(url, db, key, *rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
