from odoo import Command
from odoo.tests import tagged

from .common import MossConnectCommon


class RolledBack(Exception):
    """Raised to undo a measured run."""


@tagged("post_install", "-at_install")
class TestMossConnectQueryCount(MossConnectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # On for every user already: turning it on changes groups, which empties Odoo's caches and
        # would make each measured run as cold as the database's size decides.
        cls.env.ref("base.group_user")._apply_group(cls.env.ref("analytic.group_analytic_accounting"))

    def _connect_query_count(self):
        """Queries of one first ``action_connect()``, undone afterwards."""
        wizard = self._wizard()
        self.env.flush_all()
        # Both measured runs start from an empty record cache, so only the data differs.
        self.env.invalidate_all()
        count = 0
        try:
            with self.env.cr.savepoint():
                start = self.env.cr.sql_log_count
                wizard.action_connect()
                self.env.flush_all()
                count = self.env.cr.sql_log_count - start
                raise RolledBack
        except RolledBack:
            self.env.invalidate_all()
        self.assertFalse(self._connection().purchase_journal_id)
        return count

    def _warm_connect_query_count(self):
        # The first run fills the ORM caches (which creating records may clear): count the second.
        self._connect_query_count()
        return self._connect_query_count()

    def _grow_database(self):
        """More journals, accounts (packed right after the Moss codes) and partners."""
        start = int(self.env.ref(f"account.{self.company.id}_account_journal_payment_credit_account_id").code)
        used = set(self.env["account.account"].search([]).mapped("code"))
        codes = [code for code in map(str, range(start + 1, start + 400)) if code not in used][:200]
        accounts = self.env["account.account"].create(
            [{"name": f"Filler {code}", "code": code, "account_type": "asset_current"} for code in codes]
        )
        self.env["account.journal"].create(
            [
                {"name": f"Bank {n}", "code": f"B{n:03d}", "type": "bank", "default_account_id": account.id}
                for n, account in enumerate(accounts[:20])
            ]
            + [{"name": f"Moss-like {n}", "code": f"MOSS{n}", "type": "purchase"} for n in range(1, 10)]
        )
        self.env["res.partner"].create([{"name": f"Vendor {n}", "supplier_rank": 1} for n in range(300)])
        self.env["res.company"].create({"name": "Moss Extra Co", "user_ids": [Command.link(self.env.uid)]})

    def test_query_count_does_not_grow_with_the_database(self):
        small = self._warm_connect_query_count()
        self._grow_database()
        large = self._warm_connect_query_count()
        self.assertEqual(large, small, f"action_connect() used {small} queries, then {large} on a larger database")
