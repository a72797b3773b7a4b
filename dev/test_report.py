"""Read Odoo test logs and print the closing line `N passed, N failed`, summed over the logs.

    python dev/test_report.py LOG EXIT_CODE [LOG EXIT_CODE ...]


Odoo ends a test run with `X failed, Y error(s) of N tests when loading database 'db'`. On top of
Odoo's counts, every skipped test counts as failed (a tour skipped for lack of Chromium has proven
nothing), and two log checks count as one test each: no WARNING or ERROR mentioning moss_connect
while it installs, and no ERROR or CRITICAL line at all.
"""

import re
import sys

SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
# date time pid LEVEL database logger: message; the database name is left out of the moss check.
LEVEL = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) \S+ (.*)")
SKIPPED = re.compile(r" INFO \S+ odoo\.tests\.result: skipped ")


def main(*logs_and_codes):
    totals = [0, 0]
    worst = 0
    for log_path, odoo_rc in zip(logs_and_codes[::2], logs_and_codes[1::2], strict=True):
        passed, failed, rc = report(log_path, int(odoo_rc))
        totals[0] += passed
        totals[1] += failed
        worst = worst or rc
    print(f"{totals[0]} passed, {totals[1]} failed")
    return 1 if totals[1] or worst else 0


def report(log_path, odoo_rc):
    """``(passed, failed, exit code)`` of one log, its problems printed."""
    print(f"{log_path}:")
    with open(log_path, encoding="utf-8", errors="replace") as log:
        lines = log.read().splitlines()
    summary = next((m for m in map(SUMMARY.search, reversed(lines)) if m), None)
    if not summary:
        print("Odoo printed no test summary: the run did not reach its tests.")
        return 0, 1, 1
    failures, errors, ran = map(int, summary.groups())
    skipped = [line for line in lines if SKIPPED.search(line)]
    levels = [(m.group(1), m.group(2), m.string) for m in map(LEVEL.match, lines) if m]
    moss_warnings = [line for _level, rest, line in levels if "moss" in rest.lower()]
    errors_logged = [line for level, _rest, line in levels if level != "WARNING"]
    checks = {"no warning or error about moss_connect": moss_warnings, "no ERROR in the log": errors_logged}

    for line in skipped:
        print(f"counted as failed, skipped: {line}")
    for name, offending in checks.items():
        print(f"log check, {name}: {'FAILED' if offending else 'ok'}")
        for line in offending[:20]:
            print(f"    {line}")
    failed = failures + errors + len(skipped) + sum(1 for offending in checks.values() if offending)
    # An error in setUpClass counts as an error without a test run: never report fewer than 0 passed.
    passed = max(0, ran - failures - errors - len(skipped)) + sum(1 for offending in checks.values() if not offending)
    if odoo_rc and not failed:
        print(f"Odoo exited with code {odoo_rc} although no test failed: see the log.")
    print(f"  this database: {passed} passed, {failed} failed")
    return passed, failed, 1 if failed or odoo_rc else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
