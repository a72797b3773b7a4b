"""A branch shares its root's chart: Connect Moss offers and accepts what Odoo's accounting accepts there."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossBranch(MossConnectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "Moss Branch Munich", "parent_id": cls.company.id})
        cls.env.user.company_ids += cls.branch
        cls.roots_outstanding = cls.env.ref(f"account.{cls.company.id}_account_journal_payment_credit_account_id")

    def _connect_branch(self, **values):
        wizard = self._wizard(self.branch, **values)
        wizard.action_connect()
        return self._connection(self.branch)

    def test_a_branch_connects_with_its_roots_outstanding_payments_account(self):
        self.assertTrue(self.roots_outstanding.reconcile)
        connection = self._connect_branch(payment_account_mode="existing", payment_account_id=self.roots_outstanding.id)
        self.assertRecordValues(
            connection,
            [{"company_id": self.branch.id, "payment_account_id": self.roots_outstanding.id, "state": "draft"}],
        )
        self.assertEqual((connection.purchase_journal_id | connection.bank_journal_id).company_id, self.branch)
        setup = {"Moss Purchase Journal", "Moss Bank Journal", "Outgoing payments", "Default supplier"}
        lines = {line["name"]: line["state"] for line in connection.check_lines if line["name"] in setup}
        self.assertEqual(lines, dict.fromkeys(setup, "ok"), "the root's account is accepted as Odoo accepts it")

    def test_a_branch_creates_its_accounts_as_odoo_does(self):
        connection = self._connect_branch()
        created = connection.payment_account_id | connection.bank_journal_id.default_account_id
        self.assertEqual(created.company_ids, self.branch, "linked to the branch, as Odoo's own journal creation does")
        codes = set(self.env["account.account"].with_company(self.branch).search([]).mapped("code"))
        self.assertEqual(len(codes & set(created.with_company(self.branch).mapped("code"))), 2)
        self.assertNotEqual(
            connection.payment_account_id.code, self.roots_outstanding.code, "the next code, not its own"
        )

    def test_moss_posts_in_the_branch(self):
        _wizard, _key = self._connect_with_key(self.branch)
        connection = self._connection(self.branch)
        moss = connection.user_id
        self.assertEqual(moss.company_ids, self.branch)
        expense = self.env["account.account"].search(
            [*self.env["account.account"]._check_company_domain(self.branch), ("account_type", "=", "expense")],
            limit=1,
        )
        bill = self._bill_as_moss(self.branch, {"name": "Card", "price_unit": 40.0, "account_id": expense.id})
        bill.action_post()
        self.assertRecordValues(bill, [{"state": "posted", "company_id": self.branch.id}])

    def test_the_branchs_connection_is_seen_where_its_accounting_is(self):
        connection = self._connect_branch()
        root_connection = self._connect()._company_connection()
        in_branch = new_test_user(
            self.env,
            login="moss_branch_accountant",
            groups="account.group_account_manager",
            company_id=self.branch.id,
            company_ids=[Command.set(self.branch.ids)],
        )
        seen = self.env["moss.connection"].with_user(in_branch).search([])
        self.assertEqual(seen, connection | root_connection, "the branch's and its root's, as for journals")
