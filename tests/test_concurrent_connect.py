import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import MOSS_GROUPS


@tagged("post_install", "-at_install")
class TestMossConcurrentConnect(TransactionCase):
    """Two administrators connect the same company at the same moment, each in a real transaction.

    The data is committed (threads cannot see this test's transaction): the company is named for
    this test, and ``make test`` starts from a fresh database anyway.
    """

    def _commit_company_and_admins(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": "Moss Concurrent Co"})
            env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
            groups = [env.ref(xmlid).id for xmlid in MOSS_GROUPS]
            admins = env["res.users"].create(
                [
                    {
                        "name": f"Concurrent admin {n}",
                        "login": f"moss_concurrent_{n}",
                        "group_ids": [Command.set(groups)],
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                    }
                    for n in (1, 2)
                ]
            )
            return company.id, admins.ids

    def _connect_in_thread(self, uid, company_id, barrier, outcomes):
        """What Odoo's RPC layer does for one click: its own cursor, retried on serialization failures."""
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, uid, {"allowed_company_ids": [company_id]})
                barrier.wait(timeout=30)

                def connect():
                    env["moss.connect.wizard"].create({"company_id": company_id}).action_connect()

                retrying(connect, env)
            outcomes[uid] = "connected"
        except Exception as error:  # reported by the assertion below
            outcomes[uid] = error

    def test_one_set_whatever_the_timing(self):
        company_id, admin_ids = self._commit_company_and_admins()
        barrier, outcomes = threading.Barrier(len(admin_ids)), {}
        threads = [
            threading.Thread(target=self._connect_in_thread, args=(uid, company_id, barrier, outcomes))
            for uid in admin_ids
        ]
        # The test runner holds the registry lock that new environments wait for: lift it, as HttpCase does.
        with patch.object(Registry, "_lock", DummyRLock()), mute_logger("odoo.service.model", "odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=180)
        self.assertEqual(outcomes, dict.fromkeys(admin_ids, "connected"))

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].browse(company_id)
            journals = env["account.journal"].with_context(active_test=False)
            self.assertEqual(journals.search_count([("company_id", "=", company_id), ("code", "=like", "MOSS%")]), 2)
            self.assertEqual(
                env["account.account"].search_count(
                    [("company_ids", "in", company_id), ("name", "=", "Moss Outstanding Payments")]
                ),
                1,
            )
            self.assertEqual(
                env["res.partner"].search_count([("company_id", "=", company_id), ("name", "=", "Moss")]), 1
            )
            self.assertTrue(company.moss_purchase_journal_id and company.moss_bank_journal_id)
