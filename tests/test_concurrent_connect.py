"""Two administrators act at the same moment, each in a real transaction, as two HTTP workers would.

Threads cannot see a test's transaction, so what they need is committed; every row this test
commits is removed again when it ends, and the test checks that the database is as it found it.
"""

import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import MOSS_GROUPS

# Tables whose new rows the test removes, children before parents.
COMMITTED_TABLES = (
    "moss_connection",
    "res_users_apikeys",
    "account_payment_method_line",
    "account_journal",
    "account_account",
    "res_users",
    "res_partner",
)


@tagged("post_install", "-at_install", "moss_slow")
class TestMossConcurrency(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")

    def setUp(self):
        super().setUp()
        self.baseline = self._committed(self._max_ids)
        self.addCleanup(self._remove_committed_rows)
        self.admin_ids = self._committed(self._create_admins)

    # Committed data and its removal ---------------------------------------

    def _committed(self, function):
        with self.registry.cursor() as cr:
            return function(api.Environment(cr, SUPERUSER_ID, {}))

    def _max_ids(self, env):
        maxima = {}
        for table in COMMITTED_TABLES:
            env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))
            maxima[table] = env.cr.fetchone()[0]
        return maxima

    def _create_admins(self, env):
        groups = [env.ref(xmlid).id for xmlid in MOSS_GROUPS]
        return (
            env["res.users"]
            .create(
                [
                    {
                        "name": f"Concurrent admin {n}",
                        "login": f"moss_concurrent_{n}",
                        "group_ids": [Command.set(groups)],
                        "company_id": self.company.id,
                        "company_ids": [Command.set(self.company.ids)],
                    }
                    for n in (1, 2)
                ]
            )
            .ids
        )

    def _remove_committed_rows(self):
        """Delete, through the ORM, every record of the tracked tables newer than the test, then check."""
        models = {
            "moss_connection": "moss.connection",
            "res_users_apikeys": "res.users.apikeys",
            "account_payment_method_line": "account.payment.method.line",
            "account_journal": "account.journal",
            "account_account": "account.account",
            "res_users": "res.users",
            "res_partner": "res.partner",
        }

        def remove(env):
            for table in COMMITTED_TABLES:
                records = env[models[table]].with_context(active_test=False)
                records.search([("id", ">", self.baseline[table])]).unlink()

        self._committed(remove)
        self.assertEqual(self._committed(self._max_ids_left), {}, "the test left committed rows behind")

    def _max_ids_left(self, env):
        left = {}
        for table in COMMITTED_TABLES:
            env.cr.execute(SQL("SELECT count(*) FROM %s WHERE id > %s", SQL.identifier(table), self.baseline[table]))
            count = env.cr.fetchone()[0]
            if count:
                left[table] = count
        return left

    # Two clicks at once -----------------------------------------------------

    def _run_at_once(self, click):
        """``click(env)`` for each administrator in a thread of its own, retried as Odoo's RPC layer does."""
        barrier, outcomes = threading.Barrier(len(self.admin_ids)), {}

        def run(uid):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, uid, {"allowed_company_ids": self.company.ids})
                    barrier.wait(timeout=30)
                    outcomes[uid] = retrying(lambda: click(env), env)
            except Exception as error:  # reported by the caller's assertions
                outcomes[uid] = error

        threads = [threading.Thread(target=run, args=(uid,)) for uid in self.admin_ids]
        # The test runner holds the registry lock that new environments wait for: lift it, as HttpCase does.
        with patch.object(Registry, "_lock", DummyRLock()), mute_logger("odoo.service.model", "odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=180)
        return list(outcomes.values())

    def test_two_connects_end_with_one_set(self):
        def connect(env):
            env["moss.connect.wizard"].create({"company_id": self.company.id}).action_connect()
            return "connected"

        outcomes = self._run_at_once(connect)
        self.assertIn("connected", outcomes)
        for outcome in outcomes:
            if outcome != "connected":
                self.assertIsInstance(outcome, UserError, outcome)
                self.assertIn("already", str(outcome))

        def count(env):
            journals = env["account.journal"].with_context(active_test=False)
            return (
                env["moss.connection"].search_count([("company_id", "=", self.company.id)]),
                journals.search_count(
                    [("company_id", "=", self.company.id), ("id", ">", self.baseline["account_journal"])]
                ),
                env["res.partner"].search_count([("name", "=", "Moss"), ("id", ">", self.baseline["res_partner"])]),
            )

        self.assertEqual(self._committed(count), (1, 2, 1))

    def test_two_key_creations_give_one_key_and_a_clear_message(self):
        def connect_with_key(env):
            admin = env["res.users"].browse(self.admin_ids[0])
            wizard = env["moss.connect.wizard"].with_user(admin).create({"company_id": self.company.id})
            wizard.action_connect()
            wizard._generate_key_and_show()

        self._committed(connect_with_key)
        # Each administrator opens the renewal window first (a request of its own), then both click.
        wizard_ids = {
            uid: self._committed(
                lambda env, uid=uid: env["moss.connect.wizard"].with_user(uid).create({"state": "renew"}).id
            )
            for uid in self.admin_ids
        }

        def renew(env):
            return (
                env["moss.connect.wizard"]
                .browse(wizard_ids[env.uid])
                ._generate_key_and_show()["context"]["default_api_key"]
            )

        outcomes = self._run_at_once(renew)
        keys = [outcome for outcome in outcomes if isinstance(outcome, str)]
        refusals = [outcome for outcome in outcomes if isinstance(outcome, UserError)]
        self.assertEqual((len(keys), len(refusals)), (1, 1), outcomes)
        self.assertIn("was created at", str(refusals[0]))

        def key_owner(env):
            connection = env["moss.connection"].search([("company_id", "=", self.company.id)])
            owner = env["res.users.apikeys"]._check_credentials(scope="rpc", key=keys[0])
            return owner == connection.user_id.id, len(connection._valid_api_keys())

        self.assertEqual(self._committed(key_owner), (True, 2), "the new key works, the previous one is in grace")
