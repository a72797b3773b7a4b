"""The key's life under Moss's traffic, against a real Odoo server (make smoke runs it on a threaded and
on a prefork server at once):

    python dev/lifecycle.py --addons-path P prepare DB STATEFILE   # a renewal whose grace ends soon
    python dev/lifecycle.py run URL DB STATEFILE                   # Moss keeps calling through it all

`run` keeps two clients calling over XML-RPC (and one over JSON-2) the whole time, ten calls a second
each around the clicks and the renewal, once a second while they wait for the cron, and checks:
1. the previous key stops working at the cron's next poll after its grace end (the job is triggered for it);
2. Moss renews its own key over JSON-2 with no failed request, the old key keeps working in grace;
3. Revoke previous key and Disconnect, clicked by the administrator while another transaction holds
   a row they need for 3 s, are refused on every call that starts after the click returned.
"""

import argparse
import json
import sys
import threading
import time
import xmlrpc.client
from datetime import timedelta, timezone
from pathlib import Path

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import Json2, check, prepare

GRACE_SECONDS = 20
# Odoo's cron threads and workers look for due jobs every minute, plus a jitter of up to 10 s that
# spreads the workers (a prefork cron worker waits 60 s plus its pid modulo 10).
CRON_POLL_SECONDS = 70
# What the job takes to run and commit once the cron wakes, and the next call to see it, on a machine
# busy with other Odoo processes (7 s seen beside make test in CI).
JOB_SECONDS = 15
LOCK_SECONDS = 3
# Seconds between a client's calls around a click or a renewal: each of the two clients then makes about
# 30 calls while the click's transaction lasts. Faster, the key checks would only take CPU from
# the other checks CI runs beside this one.
BUSY_PAUSE = 0.1


def prepare_lifecycle(addons_path, db, statefile):
    """Connect, allow self-renewal, renew as the administrator with a grace period ending soon."""
    keyfile = Path(f"{statefile}.key")
    prepare(addons_path, db, keyfile)
    old_key = keyfile.read_text()
    keyfile.unlink()
    from odoo_env import environment  # noqa: PLC0415 - run does without Odoo; prepare configured it

    with environment(db) as env:
        admin = env.ref("base.user_admin")
        wizard = env["moss.connect.wizard"].with_user(admin).create({"self_renewal": True})
        wizard.action_connect()
        renewal = env["moss.connect.wizard"].with_user(admin).create({"state": "renew"})
        new_key = renewal._generate_key_and_show()["context"]["default_api_key"]
        connection = env["moss.connection"].search([("company_id", "=", admin.company_id.id)])
        grace_end = env.cr.now() + timedelta(seconds=GRACE_SECONDS)
        connection.key_grace_end = grace_end
        env.ref("moss_connect.ir_cron_moss_key_reminders")._trigger(at=grace_end)
        state = {
            "old_key": old_key,
            "key": new_key,
            "uid": connection.user_id.id,
            "connection": connection.id,
            "partner": admin.partner_id.id,
            "grace_end": grace_end.replace(tzinfo=timezone.utc).timestamp(),
        }
    path = Path(statefile)
    path.touch(mode=0o600)
    path.write_text(json.dumps(state))


class Caller(threading.Thread):
    """Moss calling over XML-RPC, ``pause`` seconds apart; each call's start, end and outcome is kept."""

    def __init__(self, url, db, uid):
        super().__init__(daemon=True)
        self.proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
        self.db, self.uid, self.key = db, uid, None
        self.pause = BUSY_PAUSE
        self.calls, self.stopped = [], threading.Event()

    def run(self):
        while not self.stopped.wait(self.pause):
            key, started = self.key, time.time()
            try:
                self.proxy.execute_kw(self.db, self.uid, key, "account.journal", "search_count", [[]])
                accepted = True
            except xmlrpc.client.Fault:
                accepted = False
            self.calls.append((key, started, time.time(), accepted))

    def outcomes(self, key, since=0.0):
        return [accepted for used, started, _end, accepted in self.calls if used == key and started >= since]


def hold_row(db, table, row_id):
    """Another transaction holding a row the click must write, so the click's transaction lasts."""
    connection = psycopg2.connect(dbname=db)
    cursor = connection.cursor()
    cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [row_id])
    time.sleep(LOCK_SECONDS)
    connection.rollback()
    connection.close()


def click(session, url, state, method, hold):
    """The administrator's button, while another transaction holds ``hold`` = (table, id)."""
    holder = threading.Thread(target=hold_row, args=(session.db, *hold))
    holder.start()
    time.sleep(0.2)
    response = session.post(
        f"{url}/web/dataset/call_button",
        json={"params": {"model": "moss.connection", "method": method, "args": [[state["connection"]]], "kwargs": {}}},
        timeout=60,
    )
    holder.join()
    check("error" not in response.json(), f"{method} answered: {response.text[:200]}")
    return time.time()


def admin_session(url, db):
    session = requests.Session()
    session.db = db
    response = session.post(
        f"{url}/web/session/authenticate",
        json={"params": {"db": db, "login": "admin", "password": "admin"}},
        timeout=30,
    )
    check(response.json().get("result", {}).get("uid"), "the administrator logs in")
    return session


def use(callers, key):
    for caller in callers:
        caller.key = key
    time.sleep(1)


def run(url, db, state):
    name = url.rsplit(":", 1)[-1]
    callers = [Caller(url, db, state["uid"]) for _ in range(2)]
    use(callers, state["old_key"])
    for caller in callers:
        caller.start()
    # 1. The grace period ends: the job removes the key at the cron's next poll. Waiting for it, the
    # clients call once a second, as the check's precision needs, and leave the machine to other work.
    for caller in callers:
        caller.pause = 1.0
    deadline = state["grace_end"] + CRON_POLL_SECONDS + JOB_SECONDS + 10
    while time.time() < deadline and all(callers[0].outcomes(state["old_key"], time.time() - 1) or [True]):
        time.sleep(1)
    refused_at = min(
        (start for key, start, _end, ok in callers[0].calls if key == state["old_key"] and not ok), default=None
    )
    check(refused_at is not None, f"[{name}] the key in grace is refused after its grace end")
    late = refused_at - state["grace_end"]
    check(
        late <= CRON_POLL_SECONDS + JOB_SECONDS,
        f"[{name}] ... {late:.0f} s after the grace end (within the cron's poll)",
    )
    check(not any(callers[1].outcomes(state["old_key"], refused_at + 1)), f"[{name}] ... by every client")
    # 2. Moss renews its own key while it keeps calling: no request fails.
    for caller in callers:
        caller.pause = BUSY_PAUSE
    use(callers, state["key"])
    renewed = Json2(url, db, state["key"])("moss.connection", "renew_api_key", {})
    time.sleep(2)
    check(all(callers[0].outcomes(state["key"])), f"[{name}] no call failed through Moss's own renewal")
    # 3. Revoke previous key while Moss keeps calling with it, in a transaction that lasts.
    session = admin_session(url, db)
    done = click(session, url, state, "action_revoke_previous_key", ("res_partner", state["partner"]))
    time.sleep(2)
    after = [outcome for caller in callers for outcome in caller.outcomes(state["key"], done)]
    check(after and not any(after), f"[{name}] Revoke previous key: refused on all {len(after)} calls after the click")
    use(callers, renewed["key"])
    check(all(callers[0].outcomes(renewed["key"], time.time() - 0.5)), f"[{name}] ... the new key works")
    # 4. Disconnect while Moss keeps calling.
    done = click(session, url, state, "action_disconnect", ("res_users", state["uid"]))
    time.sleep(2)
    for caller in callers:
        caller.stopped.set()
        caller.join()
    after = [outcome for caller in callers for outcome in caller.outcomes(renewed["key"], done)]
    check(after and not any(after), f"[{name}] Disconnect: refused on all {len(after)} calls after the click")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path")
    parser.add_argument("command", choices=["prepare", "run"])
    parser.add_argument("args", nargs="+")
    args = parser.parse_args()
    if args.command == "prepare":
        return prepare_lifecycle(args.addons_path, *args.args)
    url, db, statefile = args.args
    run(url, db, json.loads(Path(statefile).read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
