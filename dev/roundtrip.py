"""Uninstall / reinstall round trip of moss_connect on a database with posted Moss entries.

Driven by dev/roundtrip.sh, which installs, uninstalls and reinstalls with odoo-bin between the
steps below; each step checks the database and commits what it made.

    python dev/roundtrip.py --addons-path P setup DB
    python dev/roundtrip.py --addons-path P after-uninstall DB
    python dev/roundtrip.py --addons-path P after-reinstall DB
"""

import argparse
import json
import sys
from contextlib import contextmanager

import odoo
from odoo import api, fields
from odoo.modules.registry import Registry
from odoo.tools import config

STATE = "moss_connect.roundtrip_state"  # what setup made, for the later steps
GROUPS = ("base.group_system", "account.group_account_manager", "analytic.group_analytic_accounting")


@contextmanager
def environment(dbname):
    with Registry(dbname).check_signaling().cursor() as cr:
        yield api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.commit()


def check(condition, message):
    print(f"{'ok  ' if condition else 'FAIL'} {message}")
    if not condition:
        raise SystemExit(1)


def setup(env):
    admin = env.ref("base.user_admin")
    admin.group_ids += env["res.groups"].browse([env.ref(xmlid).id for xmlid in GROUPS])
    company = admin.company_id
    wizard = env["moss.connect.wizard"].with_user(admin).create({"company_id": company.id})
    wizard.action_connect()
    wizard._generate_key_and_show()
    user = company.moss_integration_user_id
    expense = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "expense")], limit=1
    )
    bill = (
        env["account.move"]
        .with_user(user)
        .create(
            {
                "move_type": "in_invoice",
                "partner_id": company.moss_partner_id.id,
                "journal_id": company.moss_purchase_journal_id.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [(0, 0, {"name": "Card", "price_unit": 10.0, "account_id": expense.id})],
            }
        )
    )
    bill.action_post()
    state = {
        "company": company.id,
        "journals": (company.moss_purchase_journal_id | company.moss_bank_journal_id).ids,
        "account": company.moss_payment_account_id.id,
        "partner": company.moss_partner_id.id,
        "user": user.id,
        "bill": bill.id,
    }
    env["ir.config_parameter"].set_param(STATE, json.dumps(state))
    check(bill.state == "posted", f"a Moss bill is posted ({bill.name})")


def after_uninstall(env):
    state = json.loads(env["ir.config_parameter"].get_param(STATE))
    check("moss_purchase_journal_id" not in env["res.company"]._fields, "the addon is uninstalled")
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


def after_reinstall(env):
    state = json.loads(env["ir.config_parameter"].get_param(STATE))
    company = env["res.company"].browse(state["company"])
    found = company.moss_purchase_journal_id | company.moss_bank_journal_id
    check(found.ids == state["journals"], "reinstalling finds the earlier journals")
    check(company.moss_partner_id.id == state["partner"], "and the earlier supplier")
    check(company.moss_integration_user_id.id == state["user"], "and the earlier integration user")
    counts = {
        model: env[model].with_context(active_test=False).search_count([])
        for model in ("account.journal", "res.partner", "res.users")
    }
    admin = env.ref("base.user_admin")
    wizard = env["moss.connect.wizard"].with_user(admin).create({"company_id": company.id})
    wizard.action_connect()
    wizard._generate_key_and_show()
    after = {model: env[model].with_context(active_test=False).search_count([]) for model in counts}
    check(after == counts, "connecting again creates nothing new")
    check(company.moss_integration_user_id.active, "and reactivates the integration user")
    env["ir.config_parameter"].search([("key", "=", STATE)]).unlink()


STEPS = {"setup": setup, "after-uninstall": after_uninstall, "after-reinstall": after_reinstall}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("database")
    args = parser.parse_args()
    config.parse_config(["--addons-path", args.addons_path, "--log-level", "warn"])
    with environment(args.database) as env:
        STEPS[args.step](env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
