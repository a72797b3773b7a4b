"""Install and uninstall hooks: uninstalling stops Moss but keeps the accounting it posted into.

Uninstalling drops the ``moss_*`` columns of ``res.company``; what they held is kept in a system
parameter (created here, so Odoo does not remove it with the module) and restored when the addon
is installed again, so the earlier set-up is found instead of duplicated.
"""

import json

SETUP_PARAM = "moss_connect.previous_setup"
SETUP_FIELDS = (
    "moss_purchase_journal_id",
    "moss_bank_journal_id",
    "moss_payment_account_id",
    "moss_partner_id",
    "moss_integration_user_id",
)


def uninstall_hook(env):
    companies = env["res.company"].with_context(active_test=False).search([("moss_purchase_journal_id", "!=", False)])
    setup = {str(company.id): {field: company[field].id for field in SETUP_FIELDS} for company in companies}
    env["ir.config_parameter"].set_param(SETUP_PARAM, json.dumps(setup))
    for user in companies.moss_integration_user_id:
        user._moss_revoke_api_keys()
        user.active = False


def post_init_hook(env):
    params = env["ir.config_parameter"]
    setup = json.loads(params.get_param(SETUP_PARAM) or "{}")
    for company_id, values in setup.items():
        company = env["res.company"].browse(int(company_id)).exists()
        if company:
            company.write({field: _existing(env, company, field, record_id) for field, record_id in values.items()})
    params.search([("key", "=", SETUP_PARAM)]).unlink()


def _existing(env, company, field, record_id):
    """The remembered record's id if it still exists (deleted meanwhile: forget it)."""
    comodel = company._fields[field].comodel_name
    return env[comodel].with_context(active_test=False).browse(record_id).exists().id or False
