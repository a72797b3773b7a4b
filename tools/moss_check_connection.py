#!/usr/bin/env python3
"""Check from outside Odoo that Moss can work with this Odoo: Odoo's own findings on Moss's connection
(the same the Moss block and Check connection show), then what the key may read and create.

Python's standard library only; no Odoo needed. It only reads and asks for access rights: it never
writes. The API key is read from a file or from the environment, never from the command line (where
other users of the machine and the shell history would see it):

    python3 moss_check_connection.py --url https://odoo.example.com --database mydb \\
        --login moss-integration --key-file ~/moss.key
    MOSS_ODOO_API_KEY=... python3 moss_check_connection.py --url ... --database ... --login ...

Exit code: 0 when nothing is wrong (warnings are printed as such), 1 when something is, 2 when the
command itself is wrong.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

KEY_VARIABLE = "MOSS_ODOO_API_KEY"
UNAUTHORIZED = 401  # the key is wrong, expired or revoked
FORBIDDEN = 403  # the key is valid, but not a Moss integration user's
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

    def finding(self, finding):
        """One of Odoo's findings: an error fails the check, a warning is said and does not."""
        mark = {"ok": "ok  ", "warning": "warn"}.get(finding["severity"], "FAIL")
        print(f"{mark}  {finding['name']}: {finding['message']} [{finding['code']}]")
        self.failed |= finding["severity"] == "error"


def read_key(key_file):
    if key_file:
        with open(key_file, encoding="utf-8") as handle:
            return handle.readline().strip()
    return os.environ.get(KEY_VARIABLE, "").strip()


def check_health(odoo, report, args):
    """Odoo's own verdict on this connection (moss.connection.health_check): the key must open it and
    belong to the login Moss was given. Returns whether the key could be used at all."""
    try:
        health = odoo("moss.connection", "health_check")
    except Refused as error:
        if error.status == UNAUTHORIZED:
            report.line(False, f"API key refused on database {args.database}: wrong, expired or revoked; {FIX_KEY}")
        elif error.status == FORBIDDEN:
            report.line(False, "the key is not a Moss integration user's: give Moss the key Connect Moss showed")
        else:
            report.line(False, f"database {args.database} did not answer ({error}); check the database name")
        return False
    except (urllib.error.URLError, OSError) as error:
        report.line(False, f"cannot reach {args.url}: {getattr(error, 'reason', error)}; check the Base URL")
        return False
    if not report.line(
        health["login"] == args.login,
        f"the key belongs to {health['login']} of {health['company']}"
        + ("" if health["login"] == args.login else f", not to {args.login}: give Moss that login"),
    ):
        return False
    for finding in health["findings"]:
        report.finding(finding)
    return True


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


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="Odoo's Base URL, as given to Moss")
    parser.add_argument("--database", required=True)
    parser.add_argument("--login", default="moss-integration")
    parser.add_argument("--key-file", help=f"file holding the API key (else the variable {KEY_VARIABLE})")
    parser.add_argument("--timeout", type=float, default=30)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    key = read_key(args.key_file)
    if not key:
        print(f"error: no API key: pass --key-file FILE or set {KEY_VARIABLE}", file=sys.stderr)
        return 2
    odoo, report = Odoo(args.url, args.database, key, args.timeout), Report()
    if check_health(odoo, report, args):
        check_rights(odoo, report)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
