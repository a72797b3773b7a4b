"""19.0.1.x kept Moss's set-up in ``res.company.moss_*`` columns with one integration user for every
company; 19.0.2 keeps one ``moss.connection`` per company. Odoo drops the old columns only after
this script, so they are read here."""

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

LEGACY_COLUMNS = {
    "purchase_journal_id": "moss_purchase_journal_id",
    "bank_journal_id": "moss_bank_journal_id",
    "payment_account_id": "moss_payment_account_id",
    "partner_id": "moss_partner_id",
    "user_id": "moss_integration_user_id",
    "key_reminder": "moss_key_reminder",
}
RECORD_FIELDS = ("company_id", "purchase_journal_id", "bank_journal_id", "payment_account_id", "partner_id")


def migrate(cr, version):
    if not column_exists(cr, "res_company", "moss_purchase_journal_id"):
        return
    columns = SQL(", ").join(
        SQL("%s AS %s", SQL.identifier(column), SQL.identifier(field)) for field, column in LEGACY_COLUMNS.items()
    )
    cr.execute(
        SQL(
            "SELECT id AS company_id, %s FROM res_company "
            "WHERE moss_purchase_journal_id IS NOT NULL OR moss_integration_user_id IS NOT NULL ORDER BY id",
            columns,
        )
    )
    adopt_company_setups(api.Environment(cr, SUPERUSER_ID, {}), cr.dictfetchall())


def adopt_company_setups(env, setups):
    """One connection per set-up company; the shared integration user stays, with its keys, with the
    company it was made for, so Moss keeps working there, if it passes the checks a new integration
    user gets. Any other company it served is told to create its own key: a key of one company must
    read nothing of another.

    ``setups``: dicts of ``company_id``, ``purchase_journal_id``, ``bank_journal_id``,
    ``payment_account_id``, ``partner_id``, ``user_id`` and ``key_reminder`` (ids or None).
    """
    Users = env["res.users"].sudo().with_context(active_test=False)
    Connection = env["moss.connection"].sudo()
    connections = Connection
    for setup in setups:
        user = Users.browse(setup["user_id"] or []).exists()
        company = env["res.company"].browse(setup["company_id"])
        was_connected = bool(user.active and company in user.company_ids)
        keeps_user = bool(user) and user.company_id == company
        unfit = Connection._unfit_user_problems(user) if keeps_user else []
        keeps_user = keeps_user and not unfit
        values = {field: setup[field] or False for field in RECORD_FIELDS}
        values.update(
            user_id=user.id if keeps_user else False,
            key_reminder=setup["key_reminder"] if keeps_user else False,
            state=_adopted_state(user, keeps_user, was_connected),
        )
        connection = Connection.create(values)
        connections |= connection
        if user and was_connected and not keeps_user and not unfit:
            _tell_to_create_own_key(connection, user)
        if unfit and was_connected:
            _replace_unfit_user(connection, user, unfit)
    for connection in connections.filtered("user_id"):
        connection.user_id.write(
            {"company_id": connection.company_id.id, "company_ids": [Command.set(connection.company_id.ids)]}
        )
    return connections


def _adopted_state(user, keeps_user, was_connected):
    if user and not was_connected:
        return "disconnected"
    return "connected" if keeps_user else "draft"


def _replace_unfit_user(connection, recorded, problems):
    """The recorded user is a person's or an administrator's account: Moss gets a user of its own."""
    user = connection._ensure_integration_user(connection._default_login(connection.company_id))
    connection._post(
        connection.env._(
            "Connect Moss did not keep '%(login)s' as Moss's user: %(problems)s. It created '%(new)s' "
            "instead and left '%(login)s' as it is. Create the new user's API key in the Moss block and "
            "give it to Moss.",
            login=recorded.login,
            problems="; ".join(problems),
            new=user.login,
        )
    )


def _tell_to_create_own_key(connection, shared_user):
    env = connection.env
    note = env._(
        "Moss stopped for %(company)s with the upgrade of Connect Moss: each company now has its own "
        "integration user, and the key of '%(login)s' no longer reads this company. Create this company's "
        "key from its Moss connection and give it to Moss.",
        company=connection.company_id.name,
        login=shared_user.login,
    )
    connection._schedule_for_accounting_admins(env._("Create the Moss API key of this company"), note)
