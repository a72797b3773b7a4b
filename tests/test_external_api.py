import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MossConnectedHttpCommon

# XML-RPC is deprecated in Odoo 19 and says so on each call; Moss still uses it, so do these tests.
XMLRPC_DEPRECATION_LOGGER = "odoo.addons.rpc.controllers.xmlrpc"


@tagged("post_install", "-at_install")
class TestMossExternalApi(MossConnectedHttpCommon):
    """Moss's calls over real HTTP, with the key the wizard generated, as Moss makes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expense_account = cls.env["account.account"].search(
            [("company_ids", "in", cls.company.id), ("account_type", "=", "expense")], limit=1
        )

    # JSON-2 -----------------------------------------------------------------

    def _bill_values(self):
        return {
            "move_type": "in_invoice",
            "partner_id": self._connection().partner_id.id,
            "journal_id": self._connection().purchase_journal_id.id,
            "invoice_date": fields.Date.to_string(fields.Date.today()),
            "invoice_line_ids": [
                [
                    0,
                    0,
                    {"name": "Card payment", "quantity": 1, "price_unit": 42.0, "account_id": self.expense_account.id},
                ]
            ],
        }

    def test_json2_reads_journals_and_posts_a_bill(self):
        response = self._json2(
            "account.journal",
            "search_read",
            domain=[["id", "in", (self._connection().purchase_journal_id | self._connection().bank_journal_id).ids]],
            fields=["code", "type"],
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual({(j["code"], j["type"]) for j in response.json()}, {("MOSS", "purchase"), ("MOSSB", "bank")})

        response = self._json2("account.move", "create", vals_list=[self._bill_values()])
        self.assertEqual(response.status_code, 200, response.text)
        bill_ids = response.json()
        response = self._json2("account.move", "action_post", ids=bill_ids)
        self.assertEqual(response.status_code, 200, response.text)
        bill = self.env["account.move"].browse(bill_ids)
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.journal_id, self._connection().purchase_journal_id)
        self.assertEqual(bill.create_uid, self.user)
        self.assertEqual(bill.amount_untaxed, 42.0)

    def _assert_json2_refused(self, key=None):
        with mute_logger("odoo.http"):
            response = self._json2("account.journal", "search_read", api_key=key, domain=[], fields=["code"])
        self.assertEqual(response.status_code, 401, response.text)

    # XML-RPC ----------------------------------------------------------------

    def _xmlrpc_uid(self, key=None):
        return self.xmlrpc_common.authenticate(self.env.cr.dbname, self.user.login, key or self.key, {})

    @mute_logger(XMLRPC_DEPRECATION_LOGGER)
    def test_xmlrpc_authenticates_reads_journals_and_posts_a_bill(self):
        uid = self._xmlrpc_uid()
        self.assertEqual(uid, self.user.id)
        db = self.env.cr.dbname
        journals = self.xmlrpc_object.execute_kw(
            db,
            uid,
            self.key,
            "account.journal",
            "search_read",
            [[["code", "in", ["MOSS", "MOSSB"]]]],
            {"fields": ["type"]},
        )
        self.assertEqual(sorted(j["type"] for j in journals), ["bank", "purchase"])
        bill_id = self.xmlrpc_object.execute_kw(db, uid, self.key, "account.move", "create", [self._bill_values()])
        self.xmlrpc_object.execute_kw(db, uid, self.key, "account.move", "action_post", [[bill_id]])
        self.assertEqual(self.env["account.move"].browse(bill_id).state, "posted")

    def _assert_xmlrpc_refused(self, key=None):
        with mute_logger("odoo.addons.base.models.res_users", "odoo.http", XMLRPC_DEPRECATION_LOGGER):
            self.assertFalse(self._xmlrpc_uid(key))
            with self.assertRaises(xmlrpc.client.Fault):
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, self.user.id, key or self.key, "account.journal", "search_read", [[]], {}
                )

    # Refusals ---------------------------------------------------------------

    def test_key_fails_once_expired(self):
        # Odoo compares with the transaction's start, which the test server shares with this test.
        self._connection()._valid_api_keys().write({"expiration_date": self.env.cr.now() - timedelta(minutes=1)})
        self._assert_json2_refused()
        self._assert_xmlrpc_refused()

    # What the integration user may not do ----------------------------------

    def test_integration_user_cannot_open_settings_or_create_users(self):
        with mute_logger("odoo.http"):
            response = self._json2("res.config.settings", "create", vals_list=[{}])
            self.assertEqual(response.status_code, 403, response.text)
            response = self._json2("res.users", "create", vals_list=[{"name": "Intruder", "login": "intruder"}])
            self.assertEqual(response.status_code, 403, response.text)
            response = self._json2("ir.config_parameter", "set_param", key="web.base.url", value="https://evil")
            self.assertEqual(response.status_code, 403, response.text)
