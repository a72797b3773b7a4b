"""Upgrade and uninstall / reinstall round trip of moss_connect on a real database.

Driven by dev/roundtrip.sh, which upgrades with odoo-bin between the two steps:

    python dev/roundtrip.py --addons-path P legacy-setup DB   (with the previous release's code)
    python dev/roundtrip.py --addons-path P round-trip DB     (after odoo-bin -u moss_connect)

``round-trip`` checks the upgrade, posts a Moss bill, then uninstalls and installs the addon again
as the Apps page does (``button_immediate_uninstall`` / ``button_immediate_install``), checking the
database after each.
"""

import argparse
import json
import sys

from odoo_env import configure, environment, moss_administrator

from odoo import fields

STATE = "moss_connect.roundtrip_state"  # what the earlier steps made, for the later ones


def moss_module(env):
    return env["ir.module.module"].search([("name", "=", "moss_connect")])


def check(condition, message):
    print(f"{'ok  ' if condition else 'FAIL'} {message}")
    if not condition:
        raise SystemExit(1)


def remember(env, **values):
    params = env["ir.config_parameter"]
    state = json.loads(params.get_param(STATE) or "{}")
    params.set_param(STATE, json.dumps({**state, **values}))


def recall(env):
    return json.loads(env["ir.config_parameter"].get_param(STATE))


def key_owner(env, key):
    env.flush_all()  # Odoo reads keys and users in SQL
    return env["res.users.apikeys"]._check_credentials(scope="rpc", key=key)


def post_bill(env, user, partner, journal):
    company = journal.company_id
    expense = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "expense")], limit=1
    )
    bill = (
        env["account.move"]
        .with_user(user)
        .with_company(company)
        .create(
            {
                "move_type": "in_invoice",
                "partner_id": partner.id,
                "journal_id": journal.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [(0, 0, {"name": "Card", "price_unit": 10.0, "account_id": expense.id})],
            }
        )
    )
    bill.action_post()
    return bill


def legacy_setup(env):
    """19.0.1.1.0: two companies connected, one integration user shared by both, one key."""
    admin = moss_administrator(env)
    company_a = admin.company_id
    company_b = env["res.company"].create({"name": "Moss Roundtrip B"})
    env["account.chart.template"].try_loading("generic_coa", company=company_b, install_demo=False)
    admin.company_ids += company_b
    keys = {}
    for company in (company_a, company_b):
        wizard = env["moss.connect.wizard"].with_user(admin).with_company(company).create({"company_id": company.id})
        wizard.action_connect()
        keys[company.id] = wizard._generate_key_and_show()["context"]["default_api_key"]
    user = company_a.moss_integration_user_id
    check(user == company_b.moss_integration_user_id and user.company_ids == company_a | company_b, "one shared user")
    check(
        not key_owner(env, keys[company_a.id]) and key_owner(env, keys[company_b.id]) == user.id, "its last key works"
    )
    remember(env, company_a=company_a.id, company_b=company_b.id, shared_user=user.id, key=keys[company_b.id])


def after_upgrade(env):
    state = recall(env)
    connections = env["moss.connection"].search([])
    by_company = {connection.company_id.id: connection for connection in connections}
    check(set(by_company) == {state["company_a"], state["company_b"]}, "one connection per set-up company")
    kept, told = by_company[state["company_a"]], by_company[state["company_b"]]
    check(kept.user_id.id == state["shared_user"] and kept.state == "connected", "the first company keeps the user")
    check(kept.user_id.company_ids == kept.company_id, "which now works in that company only")
    check(key_owner(env, state["key"]) == state["shared_user"], "its key still opens Odoo: Moss keeps working there")
    check(told.state == "draft" and not told.user_id, "the other company needs its own key")
    check("Create this company's key" in told.message_ids[0].body, "and says so in its history")
    check(told.activity_ids, "and its Accounting administrators get a to-do on the connection")
    check(told.purchase_journal_id and told.partner_id, "its accounting set-up is kept")


def setup(env):
    state = recall(env)
    connection = env["moss.connection"].search([("company_id", "=", state["company_a"])])
    bill = post_bill(env, connection.user_id, connection.partner_id, connection.purchase_journal_id)
    check(bill.state == "posted", f"a Moss bill is posted ({bill.name})")
    remember(
        env,
        journals=(connection.purchase_journal_id | connection.bank_journal_id).ids,
        account=connection.payment_account_id.id,
        partner=connection.partner_id.id,
        user=connection.user_id.id,
        bill=bill.id,
    )


def after_uninstall(env):
    state = recall(env)
    check("moss.connection" not in env, "the addon is uninstalled")
    check(len(env["account.journal"].browse(state["journals"]).exists()) == 2, "both Moss journals remain")
    check(env["account.account"].browse(state["account"]).exists(), "the Outgoing Payments account remains")
    check(env["res.partner"].browse(state["partner"]).exists(), "the default supplier remains")
    check(env["account.move"].browse(state["bill"]).state == "posted", "the posted bill is untouched")
    user = env["res.users"].with_context(active_test=False).browse(state["user"])
    check(not user.active, "the integration user is archived")
    check(not env["res.users.apikeys"].search_count([("user_id", "=", user.id)]), "its API keys are revoked")
    check(
        not env["ir.cron"].with_context(active_test=False).search_count([("cron_name", "ilike", "Connect Moss")]),
        "the scheduled action is gone",
    )
    env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'account_move_moss_activity_idx'")
    check(not env.cr.fetchone(), "and the index of Moss's last activity")


def after_reinstall(env):
    state = recall(env)
    check(not env["moss.connection"].search_count([]), "reinstalling keeps nothing hidden: no connection yet")
    counts = {
        model: env[model].with_context(active_test=False).search_count([])
        for model in ("account.journal", "res.partner", "res.users")
    }
    admin = env.ref("base.user_admin")
    wizard = env["moss.connect.wizard"].with_user(admin).create({"company_id": state["company_a"]})
    offered = wizard.purchase_journal_id | wizard.bank_journal_id
    check(offered.ids == state["journals"], "Connect Moss offers the earlier journals")
    check(wizard.partner_id.id == state["partner"], "and the earlier supplier")
    check(wizard.integration_login == "moss-integration", "and the earlier integration user's login")
    wizard.action_connect()
    key = wizard._generate_key_and_show()["context"]["default_api_key"]
    after = {model: env[model].with_context(active_test=False).search_count([]) for model in counts}
    check(after == counts, "connecting again creates nothing new")
    connection = env["moss.connection"].search([("company_id", "=", state["company_a"])])
    check(connection.user_id.id == state["user"], "and reuses the integration user")
    check(connection.user_id.active and key_owner(env, key) == state["user"], "which its new key opens")
    env["ir.config_parameter"].search([("key", "=", STATE)]).unlink()


def round_trip(dbname):
    """Each module operation loads a new registry: what follows it runs in a new environment."""
    with environment(dbname) as env:
        after_upgrade(env)
        setup(env)
        moss_module(env).button_immediate_uninstall()
    with environment(dbname) as env:
        after_uninstall(env)
        moss_module(env).button_immediate_install()
    with environment(dbname) as env:
        after_reinstall(env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("step", choices=["legacy-setup", "round-trip"])
    parser.add_argument("database")
    args = parser.parse_args()
    configure(args.addons_path)
    if args.step == "round-trip":
        round_trip(args.database)
        return 0
    with environment(args.database) as env:
        legacy_setup(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
