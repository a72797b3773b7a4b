"""Read Odoo test logs and print the closing line `N passed, N failed`, summed over the logs.

    python dev/test_report.py LOG EXIT_CODE CHECKLOG_CODE [LOG EXIT_CODE CHECKLOG_CODE ...]

Odoo ends a test run with `X failed, Y error(s) of N tests when loading database 'db'`. On top of
Odoo's counts, every skipped test counts as failed (a tour skipped for lack of Chromium has proven
nothing), and checklog-odoo's verdict on the log (its report is LOG.checklog) counts as one test.
"""

import re
import sys
from pathlib import Path

SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
SKIPPED = re.compile(r" INFO \S+ odoo\.tests\.result: skipped ")


def main(*args):
    totals = [0, 0]
    worst = 0
    for log_path, odoo_rc, checklog_rc in zip(args[::3], args[1::3], args[2::3], strict=True):
        passed, failed, rc = report(log_path, int(odoo_rc), int(checklog_rc))
        totals[0] += passed
        totals[1] += failed
        worst = worst or rc
    print(f"{totals[0]} passed, {totals[1]} failed")
    return 1 if totals[1] or worst else 0


def report(log_path, odoo_rc, checklog_rc):
    """``(passed, failed, exit code)`` of one log, its problems printed."""
    print(f"{log_path}:")
    if not Path(log_path).exists():
        print("no log: the tests never started (the database could not be created, see above)")
        return 0, 1, 1
    lines = Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines()
    summary = next((m for m in map(SUMMARY.search, reversed(lines)) if m), None)
    if not summary:
        print("Odoo printed no test summary: the run did not reach its tests. The log ends with:")
        print("\n".join(lines[-20:]))
        return 0, 1, 1
    failures, errors, ran = map(int, summary.groups())
    skipped = [line for line in lines if SKIPPED.search(line)]
    for line in skipped:
        print(f"counted as failed, skipped: {line}")
    print(f"log check (checklog-odoo): {'FAILED' if checklog_rc else 'ok'}")
    if checklog_rc:
        print(Path(f"{log_path}.checklog").read_text(encoding="utf-8", errors="replace")[:5000])
    failed = failures + errors + len(skipped) + bool(checklog_rc)
    # An error in setUpClass counts as an error without a test run: never report fewer than 0 passed.
    passed = max(0, ran - failures - errors - len(skipped)) + (not checklog_rc)
    if odoo_rc and not failed:
        print(f"Odoo exited with code {odoo_rc} although no test failed: see the log.")
    print(f"  this database: {passed} passed, {failed} failed")
    return passed, failed, 1 if failed or odoo_rc else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
