"""Install and uninstall hooks: uninstalling stops Moss but keeps the accounting it posted into.

Uninstalling drops the ``moss_connection`` table; what it held is kept in a system parameter
(created here, so Odoo does not remove it with the module) and restored when the addon is
installed again, so the earlier set-up and integration users are found instead of duplicated.
"""

import json

from odoo.tools.sql import drop_index

from .models.moss_connection import ACTIVITY_INDEX

SETUP_PARAM = "moss_connect.previous_setup"
SETUP_FIELDS = (
    "purchase_journal_id",
    "bank_journal_id",
    "payment_account_id",
    "partner_id",
    "user_id",
)
POLICY_FIELDS = ("rights_profile", "key_grace_days", "inactivity_warning_days")
# What 19.0.1.x kept on the companies, by the name it used.
LEGACY_KEYS = {field: f"moss_{field}" for field in SETUP_FIELDS} | {"user_id": "moss_integration_user_id"}


def uninstall_hook(env):
    connections = env["moss.connection"].sudo().search([])
    setup = {
        str(connection.company_id.id): {
            **{field: connection[field].id for field in SETUP_FIELDS},
            **{field: connection[field] for field in POLICY_FIELDS},
        }
        for connection in connections
    }
    env["ir.config_parameter"].sudo().set_param(SETUP_PARAM, json.dumps(setup))
    connections._revoke_keys_and_archive_users()
    env["moss.connection"]._release_programmatic_keys()
    drop_index(env.cr, ACTIVITY_INDEX, "account_move")


def post_init_hook(env):
    """Find the set-up an earlier installation left: the company is disconnected until a new key is made."""
    params = env["ir.config_parameter"].sudo()
    setup = json.loads(params.get_param(SETUP_PARAM) or "{}")
    users_taken = set()
    for company_id, values in setup.items():
        company = env["res.company"].browse(int(company_id)).exists()
        if not company:
            continue
        found = {
            field: _existing(env, field, values.get(field, values.get(LEGACY_KEYS[field]))) for field in SETUP_FIELDS
        }
        if found["user_id"] in users_taken:
            found["user_id"] = False  # 19.0.1.x shared one user: it stays with the first company
        users_taken.add(found["user_id"])
        env["moss.connection"].sudo().create(
            {
                "company_id": company.id,
                "state": "disconnected",
                **found,
                **{field: values[field] for field in POLICY_FIELDS if field in values},
            }
        )
    params.search([("key", "=", SETUP_PARAM)]).unlink()


def _existing(env, field, record_id):
    """The remembered record's id if it still exists (deleted meanwhile: forget it)."""
    comodel = env["moss.connection"]._fields[field].comodel_name
    return env[comodel].with_context(active_test=False).browse(record_id or []).exists().id or False
