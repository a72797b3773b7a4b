"""The key's life never stops Moss: rotation with a grace period, opt-in self-renewal, Moss's last
activity, no key in a neutralized copy, client libraries and the two rights profiles, over HTTP."""

import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.modules.neutralize import neutralize_database
from odoo.tests import tagged
from odoo.tests.common import Opener
from odoo.tools import mute_logger
from odoo.tools.sql import index_exists

from ..models.moss_connection import KEY_JOB, KEY_NAME
from .common import MossConnectedHttpCommon, connection_of

ACTIVITY_INDEX = "account_move_moss_activity_idx"  # the account.move inherit's models.Index

PROGRAMMATIC_KEYS_PARAM = "base.enable_programmatic_api_keys"


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
    def _end_grace(self):
        """The grace end has come (the job was triggered for it): Odoo's cron runs the daily job."""
        self.connection.sudo().key_grace_end = self.env.cr.now() - timedelta(seconds=1)
        self.env.ref(KEY_JOB).sudo().method_direct_trigger()

    def test_previous_key_answers_through_its_grace_period_then_401(self):
        own_expiry = self.connection._current_key().expiration_date
        new_key = self._renew()
        self.assertEqual((self._status(self.key), self._status(new_key)), (200, 200))
        previous = self.connection._previous_keys()
        self.assertEqual(previous.expiration_date, own_expiry, "core's key row is left as it is")
        grace_end = self.connection.key_grace_end
        self.assertAlmostEqual(grace_end, fields.Datetime.now() + timedelta(days=7), delta=timedelta(minutes=5))
        triggers = self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", self.env.ref(KEY_JOB).id)])
        self.assertIn(grace_end, triggers.mapped("call_at"), "the job runs when the grace period ends")
        self.assertIn("Previous key: 'Moss Integration', created", self._lines())
        self._end_grace()
        self.assertFalse(self.connection._previous_keys())
        self.assertEqual(self._status(self.key), 401)
        self.assertIn("grace period ended", self.connection.message_ids[0].body)
        self.assertIn("Previous key: revoked on", self._lines())
        self.assertEqual(self._status(new_key), 200)

    def test_a_renewal_and_a_second_connect_leave_every_workers_caches_warm(self):
        """Writing the integration user's groups, even unchanged, would empty every worker's caches."""
        admin = self.env.ref("base.user_admin")
        self.registry.cache_invalidated.clear()
        self.env["moss.connect.wizard"].with_user(admin).create({}).action_connect()
        self._renew()
        self.env.flush_all()
        self.assertFalse(self.registry.cache_invalidated, "nothing was written that Odoo's caches hold")
        self.env["moss.connect.wizard"].with_user(admin).create({"rights_profile": "accounting_admin"}).action_connect()
        self.env.flush_all()
        self.assertIn("default", self.registry.cache_invalidated, "a real change of rights still clears them")

    def test_grace_end_is_logged_when_odoos_autovacuum_removed_the_key_first(self):
        self.connection._current_key().sudo()._remove()
        self.env["res.users.apikeys"].with_user(self.user).sudo()._generate(
            None, KEY_NAME, fields.Datetime.now() + timedelta(days=1)
        )
        self._renew(key_grace_days=7)
        self.env.cr.execute(
            "UPDATE res_users_apikeys SET expiration_date = %s WHERE id = %s",
            [self.env.cr.now() - timedelta(seconds=1), self.connection._previous_keys().id],
        )
        self.env.invalidate_all()
        self.env["res.users.apikeys"]._gc_user_apikeys()
        self._end_grace()
        self.assertIn("grace period ended", self.connection.message_ids[0].body)
        self.assertFalse(self.connection.key_grace_end)

    def test_grace_never_outlives_the_previous_keys_own_expiry(self):
        own_expiry = fields.Datetime.now() + timedelta(days=3)
        self.env.cr.execute(
            "UPDATE res_users_apikeys SET expiration_date = %s WHERE id = %s",
            [own_expiry, self.connection._current_key().id],
        )
        self.env.invalidate_all()
        self._renew(key_grace_days=7)
        self.assertEqual(self.connection.key_grace_end, own_expiry)

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
        self.env.cr.execute(
            "UPDATE res_users_apikeys SET expiration_date = now() + interval '3 days' WHERE id = %s",
            self.connection._current_key().ids,
        )
        self.env.invalidate_all()
        self._renew()
        self.env["moss.connection"]._cron_key_reminders()
        self.assertFalse(self.connection.key_reminder, "the new key has 90 days: no reminder for the old one")


@tagged("post_install", "-at_install")
class TestMossSelfRenewal(MossKeyCommon):
    """Moss renews with moss.connection.renew_api_key over JSON-2; Odoo's own switch is never touched."""

    def _enable(self, enabled=True):
        wizard = self.env["moss.connect.wizard"].with_user(self.env.ref("base.user_admin")).create({})
        wizard.self_renewal = enabled
        wizard.action_connect()

    def _renew_itself(self, key=None, **payload):
        with mute_logger("odoo.http"):
            return self._json2("moss.connection", "renew_api_key", api_key=key, **payload)

    def test_refused_while_the_option_is_off(self):
        response = self._renew_itself()
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("may not renew its key itself", response.text)

    def test_moss_renews_with_its_current_key_and_odoos_switch_stays_off(self):
        self._enable()
        response = self._renew_itself()
        self.assertEqual(response.status_code, 200, response.text)
        renewed = response.json()
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param(PROGRAMMATIC_KEYS_PARAM))
        self.assertEqual((self._status(self.key), self._status(renewed["key"])), (200, 200))
        current = self.connection._current_key()
        self.assertEqual(current.name, KEY_NAME, "the name is Connect Moss's, whatever Moss would send")
        self.assertAlmostEqual(
            current.expiration_date, fields.Datetime.now() + timedelta(days=90), delta=timedelta(minutes=5)
        )
        self.assertEqual(renewed["expiration_date"], fields.Datetime.to_string(current.expiration_date))
        self.assertIn("Moss created its next API key itself", self.connection.message_ids[0].body)
        self.assertIn("Previous key: 'Moss Integration', created", self._lines(), "its grace period, as for a renewal")
        # Odoo's own programmatic calls stay closed to Moss, as to everyone.
        for method, payload in (
            ("generate", {"key": renewed["key"], "scope": None, "name": "x", "expiration_date": "2099-01-01"}),
            ("revoke", {"key": self.key}),
        ):
            with self.subTest(method=method), mute_logger("odoo.http"):
                response = self._json2("res.users.apikeys", method, api_key=renewed["key"], **payload)
                self.assertEqual(response.status_code, 422, response.text)
                self.assertIn("Programmatic API keys are not enabled", response.text)

    def test_a_key_in_its_grace_period_cannot_outlive_an_administrators_renewal(self):
        """The key that leaked stays in grace after the administrator's renewal: it may not mint a key."""
        self._enable()
        administrators_key = self._renew()
        response = self._renew_itself(self.key)
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("only Moss's current key may renew it", response.text)
        self.connection.with_user(self.env.ref("base.user_admin")).action_revoke_previous_key()
        self.assertEqual((self._status(self.key), self._status(administrators_key)), (401, 200))

    def test_once_a_day_counts_renewals_not_surviving_keys(self):
        self._enable()
        first = self._renew_itself().json()["key"]
        # The renewed key is gone (whoever removed it): renewing again is still refused today.
        self.connection._current_key().sudo()._remove()
        self.assertEqual(self._status(self.key), 200, "the key in grace is the current one again")
        response = self._renew_itself(self.key)
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("once a day at most", response.text)
        self.assertEqual(self._status(first), 401)

    def test_duration_within_the_groups_policy(self):
        self._enable()
        for days in (0, 91, "30", 1.5, True):
            with self.subTest(days=days):
                response = self._renew_itself(duration_days=days)
                self.assertEqual(response.status_code, 422, response.text)
                self.assertIn("from 1 to 90", response.text)
        response = self._renew_itself(name="Administrator\u202e")
        self.assertEqual(response.status_code, 422, "the key's name is not Moss's to choose")
        response = self._renew_itself(duration_days=30)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertAlmostEqual(
            self.connection._current_key().expiration_date,
            fields.Datetime.now() + timedelta(days=30),
            delta=timedelta(minutes=5),
        )

    def test_only_the_connected_integration_user_renews(self):
        self._enable()
        admin = self.env.ref("base.user_admin")
        admins_key = self.env["res.users.apikeys"].with_user(admin)._generate(None, "admin", False)
        response = self._renew_itself(admins_key)
        self.assertEqual(response.status_code, 403, response.text)
        self.connection.with_user(admin).action_disconnect()
        self.assertEqual(self._status(self.key), 401, "nobody renews a disconnected key")

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
            Opener(self),
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


@tagged("post_install", "-at_install")
class TestMossRevocationOnXmlRpc(MossKeyCommon):
    """XML-RPC caches accepted keys per worker: a removed Moss key must be refused all the same."""

    def _xmlrpc(self, key):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.user.id, key, "account.journal", "search_count", [[]]
        )

    def test_a_removed_key_is_refused_even_where_a_worker_still_caches_it(self):
        self.assertTrue(self._xmlrpc(self.key), "accepted, and now in this worker's cache")
        # What a request racing Disconnect leaves behind: the key is gone, the cache still holds it.
        self.env.cr.execute("DELETE FROM res_users_apikeys WHERE user_id = %s", self.user.ids)
        with mute_logger("odoo.http", "odoo.service.model"), self.assertRaises(xmlrpc.client.Fault) as refused:
            self._xmlrpc(self.key)
        self.assertIn("Access Denied", refused.exception.faultString)

    def test_revoke_previous_key_and_disconnect_are_refused_at_once(self):
        """On both of Moss's transports: XML-RPC (cached per worker) and JSON-2."""
        new_key = self._renew()
        self.assertTrue(self._xmlrpc(self.key) and self._xmlrpc(new_key))
        admin = self.env.ref("base.user_admin")
        self.connection.with_user(admin).action_revoke_previous_key()
        with mute_logger("odoo.http", "odoo.service.model"), self.assertRaises(xmlrpc.client.Fault):
            self._xmlrpc(self.key)
        self.assertEqual((self._status(self.key), self._status(new_key)), (401, 200))
        self.assertTrue(self._xmlrpc(new_key))
        self.connection.with_user(admin).action_disconnect()
        with mute_logger("odoo.http", "odoo.service.model"), self.assertRaises(xmlrpc.client.Fault):
            self._xmlrpc(new_key)
        self.assertEqual(self._status(new_key), 401)
