"""19.0.1.x kept Moss's set-up in ``res.company.moss_*`` columns with one integration user for every
company; 19.0.2 keeps one ``moss.connection`` per company. Odoo drops the old columns only after
this script, so they are read here."""

from odoo import SUPERUSER_ID, api
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
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["moss.connection"]._adopt_company_setups(cr.dictfetchall())
