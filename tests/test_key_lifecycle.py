"""The key's life never stops Moss: rotation with a grace period, opt-in self-renewal, Moss's last
activity, no key in a neutralized copy, client libraries and the two rights profiles, over HTTP."""

from datetime import timedelta

import requests

from odoo import fields
from odoo.modules.neutralize import neutralize_database
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.sql import index_exists

from ..models.moss_connection import ACTIVITY_INDEX, PROGRAMMATIC_KEYS_PARAM
from .common import MossConnectedHttpCommon, connection_of


class MossKeyCommon(MossConnectedHttpCommon):
    def _status(self, key):
        with mute_logger("odoo.http"):
            response = self._json2("account.journal", "search_read", api_key=key, domain=[], fields=["code"])
        return response.status_code

    def _renew(self, **values):
        wizard = (
            self.env["moss.connect.wizard"]
            .with_user(self.env.ref("base.user_admin"))
            .create({"state": "renew", **values})
        )
        return wizard._generate_key_and_show()["context"]["default_api_key"]

    def _lines(self, connection=None):
        self.env.invalidate_all()
        return " ".join(f"{line['name']}: {line['message']}" for line in (connection or self.connection).key_lines)


@tagged("post_install", "-at_install")
class TestMossKeyRotation(MossKeyCommon):
    def test_previous_key_answers_through_its_grace_period_then_401(self):
        new_key = self._renew()
        self.assertEqual((self._status(self.key), self._status(new_key)), (200, 200))
        previous = self.connection._previous_keys()
        self.assertAlmostEqual(
            previous.expiration_date, fields.Datetime.now() + timedelta(days=7), delta=timedelta(minutes=5)
        )
        self.assertIn("Previous key: 'Moss Integration', created", self._lines())
        # The grace period ends: Odoo refuses the key at once, the daily job removes it and says so.
        # Odoo compares with the transaction's start, which the test server shares with this test.
        previous.expiration_date = self.env.cr.now() - timedelta(seconds=1)
        self.assertEqual(self._status(self.key), 401)
        self.env["moss.connection"]._cron_key_reminders()
        self.assertFalse(self.connection._previous_keys())
        self.assertIn("grace period ended", self.connection.message_ids[0].body)
        self.assertIn("Previous key: revoked on", self._lines())
        self.assertEqual(self._status(new_key), 200)

    def test_grace_never_outlives_the_previous_keys_own_expiry(self):
        own_expiry = fields.Datetime.now() + timedelta(days=3)
        self.connection._current_key().expiration_date = own_expiry
        self._renew(key_grace_days=7)
        self.assertEqual(self.connection._previous_keys().expiration_date, own_expiry)

    def test_no_grace_revokes_at_once_and_older_keys_go(self):
        second = self._renew()
        third = self._renew()
        self.assertEqual(
            (self._status(self.key), self._status(second), self._status(third)), (401, 200, 200), "one previous key"
        )
        fourth = self._renew(key_grace_days=0)
        self.assertEqual((self._status(third), self._status(fourth)), (401, 200))

    def test_revoke_previous_key_from_the_block(self):
        new_key = self._renew()
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")).create({})
        self.assertTrue(settings.moss_has_previous_key)
        action = settings.action_moss_revoke_previous_key()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual((self._status(self.key), self._status(new_key)), (401, 200))

    def test_a_new_connection_starts_without_the_old_keys_history(self):
        self._renew()
        admin = self.env.ref("base.user_admin")
        self.connection.with_user(admin).action_revoke_previous_key()
        self.assertIn("Previous key: revoked on", self._lines())
        self.connection.with_user(admin).action_disconnect()
        wizard = self.env["moss.connect.wizard"].with_user(admin).create({})
        wizard.action_connect()
        wizard._generate_key_and_show()
        self.assertNotIn("revoked on", self._lines())

    def test_reminders_follow_the_newest_key(self):
        self.connection._current_key().expiration_date = fields.Datetime.now() + timedelta(days=3)
        self._renew()
        self.env["moss.connection"]._cron_key_reminders()
        self.assertFalse(self.connection.key_reminder, "the new key has 90 days: no reminder for the old one")


@tagged("post_install", "-at_install")
class TestMossSelfRenewal(MossKeyCommon):
    def _enable(self, enabled=True):
        wizard = self.env["moss.connect.wizard"].with_user(self.env.ref("base.user_admin")).create({})
        wizard.self_renewal = enabled
        wizard.action_connect()
        self._age_keys()

    def _age_keys(self, days=2):
        """Moss renews once a day at most: make the keys of this test a few days old."""
        self.env.cr.execute(
            "UPDATE res_users_apikeys SET create_date = create_date - make_interval(days => %s) WHERE user_id = %s",
            [days, self.user.id],
        )

    def _generate(self, days, key=None):
        with mute_logger("odoo.http"):
            return self._json2(
                "res.users.apikeys",
                "generate",
                api_key=key,
                key=key or self.key,
                scope=None,
                name="Moss Integration (renewed by Moss)",
                expiration_date=fields.Datetime.to_string(fields.Datetime.now() + timedelta(days=days)),
            )

    def test_refused_while_the_option_is_off(self):
        response = self._generate(30)
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("may not renew its key itself", response.text)
        # Another company's choice turns Odoo's switch on: this company's Moss user is still refused.
        self.env["ir.config_parameter"].sudo().set_param(PROGRAMMATIC_KEYS_PARAM, "True")
        response = self._generate(30)
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("may not renew its key itself", response.text)

    def test_moss_renews_its_key_then_revokes_the_old_one(self):
        self._enable()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(PROGRAMMATIC_KEYS_PARAM), "True")
        response = self._generate(80)
        self.assertEqual(response.status_code, 200, response.text)
        new_key = response.json()
        self.assertEqual((self._status(self.key), self._status(new_key)), (200, 200))
        self.assertIn("Moss created its next API key itself", self.connection.message_ids[0].body)
        self.assertIn("Previous key: 'Moss Integration', created", self._lines(), "its grace period, as for a renewal")
        response = self._generate(80, key=new_key)
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("once a day at most", response.text)
        with mute_logger("odoo.http"):
            response = self._json2("res.users.apikeys", "revoke", api_key=new_key, key=self.key)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual((self._status(self.key), self._status(new_key)), (401, 200))
        self.assertIn("Current key: 'Moss Integration (renewed by Moss)'", self._lines())

    def test_refused_beyond_the_groups_policy_or_for_less_than_a_day(self):
        self._enable()
        response = self._generate(365)
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("90", response.text)
        for expiry in (-1, 0.01):
            with self.subTest(days=expiry):
                response = self._generate(expiry)
                self.assertNotEqual(response.status_code, 200)
                self.assertIn("at least a day ahead", response.text)

    def test_moss_cannot_rename_itself_nor_any_user(self):
        """Renamed 'Administrator', Moss's messages would read as the administrator's."""
        admin = self.env.ref("base.user_admin")
        with mute_logger("odoo.http"):
            for model, ids in (("res.users", self.user.ids), ("res.partner", (self.user | admin).partner_id.ids)):
                with self.subTest(model=model):
                    response = self._json2(model, "write", ids=ids, vals={"name": "Administrator"})
                    self.assertEqual(response.status_code, 403, response.text)
        self.assertNotEqual(self.user.name, "Administrator")
        response = self._json2("res.partner", "create", vals_list=[{"name": "Merchant", "supplier_rank": 1}])
        self.assertEqual(response.status_code, 200, "suppliers stay Moss's to create and change")

    def test_switch_turned_off_with_the_last_company_that_wanted_it(self):
        self._enable()
        self._enable(False)
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param(PROGRAMMATIC_KEYS_PARAM))

    def test_switch_set_by_someone_else_is_left_alone(self):
        self.env["ir.config_parameter"].sudo().set_param(PROGRAMMATIC_KEYS_PARAM, "True")
        self._enable()
        self._enable(False)
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(PROGRAMMATIC_KEYS_PARAM), "True")


@tagged("post_install", "-at_install")
class TestMossLastActivity(MossKeyCommon):
    def _post_bill(self):
        expense = self.env["account.account"].search(
            [("company_ids", "in", self.company.id), ("account_type", "=", "expense")], limit=1
        )
        response = self._json2(
            "account.move",
            "create",
            vals_list=[
                {
                    "move_type": "in_invoice",
                    "partner_id": self.connection.partner_id.id,
                    "journal_id": self.connection.purchase_journal_id.id,
                    "invoice_date": fields.Date.to_string(fields.Date.today()),
                    "invoice_line_ids": [[0, 0, {"name": "Card", "price_unit": 12.0, "account_id": expense.id}]],
                }
            ],
        )
        self.assertEqual(response.status_code, 200, response.text)
        self._json2("account.move", "action_post", ids=response.json())
        return self.env["account.move"].browse(response.json())

    def _activity(self):
        self.env.invalidate_all()
        return next(line for line in self.connection.check_lines if line["name"] == "Moss's last activity")

    def test_the_bill_moss_posted_is_its_last_activity(self):
        self.assertIn("not created any bill", self._activity()["message"])
        bill = self._post_bill()
        self.assertEqual(self.connection._last_moss_activity(), bill)
        line = self._activity()
        self.assertEqual(line["state"], "ok")
        self.assertIn(bill.name, line["message"])
        self.assertEqual(line["url"], f"/odoo/account.move/{bill.id}")

    def test_warns_after_the_configured_days_without_activity(self):
        bill = self._post_bill()
        self.env.cr.execute("UPDATE account_move SET create_date = now() - interval '20 days' WHERE id = %s", bill.ids)
        line = self._activity()
        self.assertEqual(line["state"], "warning")
        self.assertIn("14 days", line["message"])

    def test_one_indexed_query(self):
        self._post_bill()
        self.assertTrue(index_exists(self.env.cr, ACTIVITY_INDEX))
        self.env.flush_all()
        self.assertTrue(self.connection.user_id, "read already when the connection's lines are computed")
        with self.assertQueryCount(1):
            self.connection._last_moss_activity()


@tagged("post_install", "-at_install")
class TestMossNeutralizedCopy(MossKeyCommon):
    def test_a_neutralized_copy_refuses_the_production_key(self):
        self.assertEqual(self._status(self.key), 200)
        self.env.flush_all()
        neutralize_database(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual(self._status(self.key), 401)
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")).create({})
        self.assertEqual(settings.moss_status, "neutralized")
        key_line = next(line for line in self.connection.check_lines if line["name"] == "API key")
        self.assertIn("neutralized copy", key_line["message"])


@tagged("post_install", "-at_install")
class TestMossClientLibraries(MossKeyCommon):
    def test_api_description_is_readable_with_the_key(self):
        """odooly and odoo-client-lib introspect /doc-bearer/<model>.json before their first call."""
        response = self._post(
            requests.Session(),
            "/doc-bearer/account.move.json",
            json={},
            headers={"Authorization": f"bearer {self.key}", "X-Odoo-Database": self.env.cr.dbname},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        description = response.json()
        self.assertEqual(description["model"], "account.move")
        self.assertIn("partner_id", description["fields"])
        self.assertIn("action_post", description["methods"])


@tagged("post_install", "-at_install")
class TestMossRightsProfiles(MossKeyCommon):
    """What Moss can and cannot do over JSON-2, for each rights profile."""

    CAN = (
        ("account.account", "search_read", {"domain": [], "fields": ["code"], "limit": 1}),
        ("account.tax", "search_read", {"domain": [], "fields": ["name"], "limit": 1}),
        ("account.journal", "search_read", {"domain": [], "fields": ["code"], "limit": 1}),
        ("account.analytic.plan", "search_read", {"domain": [], "fields": ["name"], "limit": 1}),
        ("res.partner", "create", {"vals_list": [{"name": "Merchant GmbH", "supplier_rank": 1}]}),
    )
    CANNOT = (
        ("res.config.settings", "create", {"vals_list": [{}]}),
        ("res.users", "create", {"vals_list": [{"name": "Intruder", "login": "moss-intruder"}]}),
        ("ir.config_parameter", "set_param", {"key": "web.base.url", "value": "https://evil.example"}),
    )

    def _key_for(self, profile):
        wizard = self.env["moss.connect.wizard"].with_user(self.env.ref("base.user_admin")).create({})
        wizard.rights_profile = profile
        wizard.action_connect()
        return self._renew()

    def _call(self, key, model, method, payload):
        with mute_logger("odoo.http"):
            return self._json2(model, method, api_key=key, **payload).status_code

    def _can_and_cannot(self, key):
        for model, method, payload in self.CAN:
            with self.subTest(can=f"{model}.{method}"):
                self.assertEqual(self._call(key, model, method, payload), 200)
        for model, method, payload in self.CANNOT:
            with self.subTest(cannot=f"{model}.{method}"):
                self.assertEqual(self._call(key, model, method, payload), 403)
        plan = self.env["account.analytic.plan"].create({"name": "Moss Departments"})
        with self.subTest(can="account.analytic.account.create"):
            payload = {"vals_list": [{"name": "Travel", "plan_id": plan.id}]}
            self.assertEqual(self._call(key, "account.analytic.account", "create", payload), 200)

    def _create_account(self, key):
        payload = {"vals_list": [{"name": "Moss cards clearing", "code": "109977", "account_type": "asset_current"}]}
        return self._call(key, "account.account", "create", payload)

    def test_least_privilege(self):
        key = self._key_for("minimal")
        self._can_and_cannot(key)
        self.assertEqual(self._create_account(key), 403, "the least-privilege user cannot change the chart")

    def test_accounting_administrator_without_settings(self):
        key = self._key_for("accounting_admin")
        self._can_and_cannot(key)
        self.assertEqual(self._create_account(key), 200, "this profile may add accounts")
        user = connection_of(self.env, self.company).user_id
        self.assertFalse(user.has_group("base.group_system"))
