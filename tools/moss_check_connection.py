#!/usr/bin/env python3
"""Check from outside Odoo that Moss can work with this Odoo: one line per need, ok or what is wrong.

Python's standard library only; no Odoo needed. It only reads and asks for access rights: it never
writes. The API key is read from a file or from the environment, never from the command line (where
other users of the machine and the shell history would see it):

    python3 moss_check_connection.py --url https://odoo.example.com --database mydb \\
        --login moss-integration --key-file ~/moss.key
    MOSS_ODOO_API_KEY=... python3 moss_check_connection.py --url ... --database ... --login ...

Exit code: 0 when every line is ok, 1 when something is wrong, 2 when the command itself is wrong.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

KEY_VARIABLE = "MOSS_ODOO_API_KEY"
UNAUTHORIZED = 401  # the key is wrong, expired or revoked
FIX_KEY = "renew the key in Odoo: Accounting > Settings > Moss > Renew key"
# What Moss reads to map its categories, and what it creates.
READS = {
    "account.account": "the chart of accounts",
    "account.tax": "taxes",
    "account.journal": "journals",
    "account.analytic.plan": "analytic plans",
    "account.analytic.account": "analytic accounts",
    "res.currency": "currencies",
    "res.partner": "suppliers",
}
CREATES = {
    "res.partner": "vendors",
    "account.move": "vendor bills",
    "account.payment": "payments",
}


class Refused(Exception):
    """Odoo answered with an HTTP error: ``status`` and the message say which."""

    def __init__(self, status, message):
        super().__init__(f"HTTP {status} {message}".strip())
        self.status = status


class Odoo:
    """Odoo's JSON-2 API: POST /json/2/<model>/<method>, the key as bearer token."""

    def __init__(self, url, database, key, timeout):
        self.url, self.database, self.key, self.timeout = url.rstrip("/"), database, key, timeout

    def __call__(self, model, method, **payload):
        request = urllib.request.Request(
            f"{self.url}/json/2/{model}/{method}",
            data=json.dumps(payload).encode(),
            headers={
                "Authorization": f"bearer {self.key}",
                "X-Odoo-Database": self.database,
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise Refused(error.code, self._message(error)) from None

    @staticmethod
    def _message(error):
        try:
            return json.load(error).get("message", "")
        except ValueError:
            return ""


class Report:
    def __init__(self):
        self.failed = False

    def line(self, ok, text):
        print(f"{'ok  ' if ok else 'FAIL'}  {text}")
        self.failed |= not ok
        return ok


def read_key(key_file):
    if key_file:
        with open(key_file, encoding="utf-8") as handle:
            return handle.readline().strip()
    return os.environ.get(KEY_VARIABLE, "").strip()


def check_login(odoo, report, args):
    """The key works on this database, and belongs to the login Moss was given."""
    try:
        users = odoo("res.users", "search_read", domain=[["login", "=", args.login]], fields=["share", "company_id"])
    except Refused as error:
        if error.status == UNAUTHORIZED:
            return report.line(
                False, f"API key refused on database {args.database}: wrong, expired or revoked; {FIX_KEY}"
            )
        return report.line(False, f"database {args.database} did not answer ({error}); check the database name")
    except (urllib.error.URLError, OSError) as error:
        return report.line(False, f"cannot reach {args.url}: {getattr(error, 'reason', error)}; check the Base URL")
    if not users:
        return report.line(False, f"the key does not belong to the login {args.login}: check the login given to Moss")
    if users[0]["share"]:
        return report.line(False, f"{args.login} is not an internal user: Moss needs the Moss Integration user")
    return report.line(True, f"API key accepted for {args.login} on database {args.database}")


def check_rights(odoo, report):
    for model, what in READS.items():
        report.line(_allowed(odoo, model, "read"), f"read {what} ({model})")
    for model, what in CREATES.items():
        report.line(_allowed(odoo, model, "create"), f"create {what} ({model})")
    report.line(_allowed(odoo, "account.move.line", "write"), "reconcile journal items (account.move.line)")


def _allowed(odoo, model, operation):
    try:
        return bool(odoo(model, "has_access", operation=operation))
    except Refused:
        return False


def check_journals(odoo, report, args):
    journals = odoo(
        "account.journal",
        "search_read",
        domain=[["code", "in", [args.purchase_code, args.bank_code]]],
        fields=["code", "type", "outbound_payment_method_line_ids"],
    )
    by_code = {journal["code"]: journal for journal in journals}
    purchase, bank = by_code.get(args.purchase_code), by_code.get(args.bank_code)
    report.line(
        bool(purchase and purchase["type"] == "purchase"),
        f"Moss Purchase Journal: an active purchase journal with code {args.purchase_code}"
        + ("" if purchase else " is missing; run Connect Moss in Odoo"),
    )
    if not report.line(
        bool(bank and bank["type"] == "bank"),
        f"Moss Bank Journal: an active bank journal with code {args.bank_code}"
        + ("" if bank else " is missing; run Connect Moss in Odoo"),
    ):
        return
    lines = odoo(
        "account.payment.method.line",
        "read",
        ids=bank["outbound_payment_method_line_ids"],
        fields=["code", "payment_account_id"],
    )
    manual = next((line for line in lines if line["code"] == "manual" and line["payment_account_id"]), None)
    if not report.line(
        bool(manual), f"Moss Bank Journal {args.bank_code}: manual outgoing payments mapped to an account"
    ):
        return
    account_id = manual["payment_account_id"][0]  # read gives many2one values as [id, name]
    [account] = odoo("account.account", "read", ids=[account_id], fields=["reconcile", "code"])
    report.line(account["reconcile"], f"Outgoing Payments account {account['code']} allows reconciliation")


def check_supplier(odoo, report, args):
    found = odoo("res.partner", "search_count", domain=[["name", "=", args.supplier], ["supplier_rank", ">", 0]])
    report.line(bool(found), f"default supplier {args.supplier!r} exists and is a supplier")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="Odoo's Base URL, as given to Moss")
    parser.add_argument("--database", required=True)
    parser.add_argument("--login", default="moss-integration")
    parser.add_argument("--key-file", help=f"file holding the API key (else the variable {KEY_VARIABLE})")
    parser.add_argument("--purchase-code", default="MOSS")
    parser.add_argument("--bank-code", default="MOSSB")
    parser.add_argument("--supplier", default="Moss")
    parser.add_argument("--timeout", type=float, default=30)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    key = read_key(args.key_file)
    if not key:
        print(f"error: no API key: pass --key-file FILE or set {KEY_VARIABLE}", file=sys.stderr)
        return 2
    odoo, report = Odoo(args.url, args.database, key, args.timeout), Report()
    if check_login(odoo, report, args):
        check_rights(odoo, report)
        check_journals(odoo, report, args)
        check_supplier(odoo, report, args)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
