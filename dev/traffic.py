"""Moss's traffic against a real Odoo server (dev/bench.sh, make bench): the calls Moss makes every
day, each as queries per call with Moss's key and with the administrator's, in one run; then two
clients posting card transactions at once with each key.

    python dev/traffic.py --addons-path P admin-key DB KEYFILE      # an administrator's key, for this run
    python dev/traffic.py measure URL DB MOSS_KEYFILE ADMIN_KEYFILE SERVERLOG OUT.json
    python dev/traffic.py --addons-path P renew DB                  # the administrator renews Moss's key
    python dev/traffic.py after-renewal URL DB MOSS_KEYFILE SERVERLOG OUT.json

Query counts come from Odoo's own per-request log line, as `dev/api.py measure` takes them. The
ratio Moss/administrator must stay 1.00: Moss's user costs Odoo what any user costs.
"""

import argparse
import base64
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import Json2, check

RUNS = 5
BURST = 20  # card transactions per client
REQUEST_LINE = re.compile(r'"POST /json/2/(\S+?) HTTP/[\d.]+" 200 - (\d+) ')


def admin_key(addons_path, db, keyfile):
    from odoo_env import configure, environment  # noqa: PLC0415 - the HTTP commands do without Odoo

    configure(addons_path)
    with environment(db) as env:
        admin = env.ref("base.user_admin")
        key = env["res.users.apikeys"].with_user(admin)._generate(None, "Moss bench (administrator)", False)
    path = Path(keyfile)
    path.touch(mode=0o600)
    path.write_text(key)


class Data:
    """What Moss's calls refer to, read with Moss's key; the analytic account the administrator adds."""

    def __init__(self, call, admin):
        journals = call(
            "account.journal", "search_read", {"domain": [["code", "in", ["MOSS", "MOSSB"]]], "fields": ["code"]}
        )
        self.purchase = next(j["id"] for j in journals if j["code"] == "MOSS")
        self.bank = next(j["id"] for j in journals if j["code"] == "MOSSB")
        [self.supplier] = call("res.partner", "search", {"domain": [["name", "=", "Moss"]]})
        [self.expense] = call("account.account", "search", {"domain": [["account_type", "=", "expense"]], "limit": 1})
        self.taxes = call("account.tax", "search", {"domain": [["type_tax_use", "=", "purchase"]], "limit": 1})
        [plan] = admin("account.analytic.plan", "create", {"vals_list": [{"name": "Moss bench"}]})
        [self.analytic] = admin(
            "account.analytic.account", "create", {"vals_list": [{"name": "Moss bench", "plan_id": plan}]}
        )


def bill_values(data, n):
    line = {
        "name": f"Card transaction {n}",
        "price_unit": 42.0,
        "account_id": data.expense,
        "tax_ids": [[6, 0, data.taxes]],
        "analytic_distribution": {str(data.analytic): 100},
    }
    return {
        "move_type": "in_invoice",
        "partner_id": data.supplier,
        "journal_id": data.purchase,
        "invoice_date": time.strftime("%Y-%m-%d"),
        "invoice_line_ids": [[0, 0, line]],
    }


def calls(data):
    """Moss's day, as (name, [(model/method, payload or a function of the previous result)])."""

    def bill(call, n):
        return call("account.move", "create", {"vals_list": [bill_values(data, n)]})

    def posted_bill(call, n):
        [move] = bill(call, n)
        call("account.move", "action_post", {"ids": [move]})
        return move

    def register_payment(call, n):
        move = posted_bill(call, n)
        context = {"active_model": "account.move", "active_ids": [move]}
        [wizard] = call(
            "account.payment.register", "create", {"vals_list": [{"journal_id": data.bank}], "context": context}
        )
        return call("account.payment.register", "action_create_payments", {"ids": [wizard], "context": context})

    def card_payment(call, n):
        values = {
            "payment_type": "outbound",
            "partner_type": "supplier",
            "partner_id": data.supplier,
            "journal_id": data.bank,
            "amount": 42.0,
        }
        [payment] = call("account.payment", "create", {"vals_list": [values]})
        return call("account.payment", "action_post", {"ids": [payment]})

    def attach(call, n):
        move = posted_bill(call, n)
        receipt = {"name": f"receipt-{n}.pdf", "res_model": "account.move", "res_id": move}
        receipt["datas"] = base64.b64encode(b"%PDF-1.4 receipt").decode()
        return call("ir.attachment", "create", {"vals_list": [receipt]})

    def reads(model, domain, fields):
        return lambda call, n: call(model, "search_read", {"domain": domain, "fields": fields, "limit": 80})

    return [
        ("read journals", "account.journal/search_read", reads("account.journal", [], ["code", "type"])),
        ("read accounts", "account.account/search_read", reads("account.account", [], ["code", "name"])),
        ("read taxes", "account.tax/search_read", reads("account.tax", [], ["name", "amount"])),
        (
            "read analytic accounts",
            "account.analytic.account/search_read",
            reads("account.analytic.account", [], ["name"]),
        ),
        ("find a supplier", "res.partner/search_read", reads("res.partner", [["name", "=", "Merchant 7"]], ["name"])),
        (
            "create a supplier",
            "res.partner/create",
            lambda call, n: call(
                "res.partner", "create", {"vals_list": [{"name": f"Merchant {n}-{time.time_ns()}", "supplier_rank": 1}]}
            ),
        ),
        ("create a bill", "account.move/create", bill),
        ("post a bill", "account.move/action_post", posted_bill),
        ("attach a receipt", "ir.attachment/create", attach),
        ("register a payment", "account.payment.register/action_create_payments", register_payment),
        ("card payment", "account.payment/action_post", card_payment),
    ]


def logged_counts(server_log, offset, path):
    """Query counts of the requests to ``path`` logged after ``offset``."""
    time.sleep(0.3)  # the workers write their request lines after answering
    text = Path(server_log).read_text()[offset:]
    return [int(m.group(2)) for m in map(REQUEST_LINE.search, text.splitlines()) if m and m.group(1) == path]


def queries_per_call(call, server_log, path, run):
    counts = []
    for n in range(RUNS + 1):
        offset = len(Path(server_log).read_text())
        run(call, n)
        counts.append(logged_counts(server_log, offset, path)[-1])
    return statistics.median(counts[1:])  # the first call warms the worker


def burst(url, db, key, data, server_log):
    """Two clients posting card transactions on the default supplier at once."""
    offset = len(Path(server_log).read_text())
    done = []

    def client(index):
        call = Json2(url, db, key)
        for n in range(BURST):
            [move] = call("account.move", "create", {"vals_list": [bill_values(data, f"{index}-{n}")]})
            call("account.move", "action_post", {"ids": [move]})
            done.append(move)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    time.sleep(0.5)
    log = Path(server_log).read_text()[offset:]
    return {
        "per_second": len(done) / seconds,
        "errors": sum(1 for line in log.splitlines() if re.match(r"^\S+ \S+ \d+ ERROR ", line)),
        "serialization": log.count("could not serialize access"),
    }


def measure(url, db, keyfiles, server_log, out):
    """``keyfiles``: Moss's and the administrator's."""
    moss_keyfile, admin_keyfile = keyfiles
    moss = Json2(url, db, Path(moss_keyfile).read_text().strip())
    admin = Json2(url, db, Path(admin_keyfile).read_text().strip())
    data = Data(moss, admin)
    figures = {}
    for name, path, run in calls(data):
        figures[name] = [queries_per_call(moss, server_log, path, run), queries_per_call(admin, server_log, path, run)]
    for who, keyfile in (("Moss", moss_keyfile), ("administrator", admin_keyfile)):
        figures[f"burst ({who})"] = burst(url, db, Path(keyfile).read_text().strip(), data, server_log)
    calls_only = {name: counts for name, counts in figures.items() if not name.startswith("burst")}
    unequal = [name for name, (mine, theirs) in calls_only.items() if mine != theirs]
    check(not unequal, f"Moss's calls cost what the administrator's cost ({', '.join(unequal) or 'all equal'})")
    check(not figures["burst (Moss)"]["errors"], "two clients posting at once leave no ERROR line")
    Path(out).write_text(json.dumps(figures))


def renew(addons_path, db):
    """The administrator renews Moss's key, as from the block, in another process than the server's."""
    from odoo_env import configure, environment  # noqa: PLC0415 - the HTTP commands do without Odoo

    configure(addons_path)
    with environment(db) as env:
        admin = env.ref("base.user_admin")
        env["moss.connect.wizard"].with_user(admin).create({"state": "renew"})._generate_key_and_show()


def after_renewal(url, db, keyfile, server_log, out):
    """Moss's next call after a renewal costs what it cost before: no worker's caches were emptied."""
    call = Json2(url, db, Path(keyfile).read_text().strip())
    figures = json.loads(Path(out).read_text())
    counts = []
    for _ in range(2):  # one call per worker
        offset = len(Path(server_log).read_text())
        call("account.journal", "search_read", {"domain": [], "fields": ["code", "type"], "limit": 80})
        counts.append(logged_counts(server_log, offset, "account.journal/search_read")[-1])
    figures["read journals after a renewal"] = [max(counts), figures["read journals"][1]]
    check(max(counts) == figures["read journals"][0], f"Moss's next calls after a renewal: {counts} queries")
    Path(out).write_text(json.dumps(figures))


def report(fresh_file, large_file):
    fresh, large = (json.loads(Path(path).read_text()) for path in (fresh_file, large_file))
    print(
        f"{'Moss call':24} {'fresh Moss':>10} {'fresh admin':>11} {'large Moss':>10} {'large admin':>11} {'ratio':>6}"
    )
    failed = False
    for name in fresh:
        if name.startswith("burst"):
            continue
        (fm, fa), (lm, la) = fresh[name], large[name]
        failed |= fm != lm or fm != fa or lm != la
        print(f"{name:24} {fm:10.0f} {fa:11.0f} {lm:10.0f} {la:11.0f} {lm / la:6.2f}")
    print(f"{'two-client burst':24} {'tx/s':>10} {'ERROR lines':>11} {'serialization':>13}")
    for label, figures in (("fresh", fresh), ("large", large)):
        for who in ("Moss", "administrator"):
            burst_figures = figures[f"burst ({who})"]
            print(
                f"{label + ' ' + who:24} {burst_figures['per_second']:10.1f} {burst_figures['errors']:11d}"
                f" {burst_figures['serialization']:13d}"
            )
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path")
    parser.add_argument("command", choices=["admin-key", "measure", "renew", "after-renewal", "report"])
    parser.add_argument("args", nargs="+")
    args = parser.parse_args()
    if args.command == "admin-key":
        return admin_key(args.addons_path, *args.args)
    if args.command == "renew":
        return renew(args.addons_path, *args.args)
    if args.command == "after-renewal":
        return after_renewal(*args.args)
    if args.command == "measure":
        url, db, moss_keyfile, admin_keyfile, server_log, out = args.args
        return measure(url, db, (moss_keyfile, admin_keyfile), server_log, out)
    return report(*args.args)


if __name__ == "__main__":
    sys.exit(main())
