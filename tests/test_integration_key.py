from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossIntegrationKey(MossConnectCommon):
    def _key_owner(self, key):
        return self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key)

    def test_integration_user_has_only_what_moss_needs(self):
        self._connect_with_key()
        user = self.company.moss_integration_user_id
        self.assertEqual((user.name, user.login), ("Moss Integration", "moss-integration"))
        self.assertEqual(user.company_ids, self.company)
        self.assertTrue(user._is_internal())
        for xmlid in (
            "account.group_account_invoice",
            "account.group_account_readonly",
            "base.group_partner_manager",
            "analytic.group_analytic_accounting",
        ):
            self.assertTrue(user.has_group(xmlid), xmlid)
        for xmlid in ("base.group_system", "base.group_erp_manager", "account.group_account_manager"):
            self.assertFalse(user.has_group(xmlid), xmlid)
        self.env.cr.execute("SELECT password FROM res_users WHERE id = %s", [user.id])
        self.assertFalse(self.env.cr.fetchone()[0], "the integration user must have no password")

    def test_integration_user_cannot_open_the_settings_app(self):
        self._connect_with_key()
        user = self.company.moss_integration_user_id
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertNotIn(self.env.ref("base.menu_administration").id, visible)
        self.assertIn(self.env.ref("account.menu_finance").id, visible)

    def test_wizard_lists_granted_groups(self):
        wizard = self._connect()
        self.assertIn("Moss", self.env.ref("moss_connect.group_moss_integration").name)
        self.assertIn("Invoicing", wizard.integration_groups)
        self.assertNotIn("Administrator", wizard.integration_groups)

    def test_key_is_generated_by_odoo_and_stored_hashed(self):
        wizard, key = self._connect_with_key()
        user = self.company.moss_integration_user_id
        self.assertEqual(self._key_owner(key), user.id)
        keys = user._moss_api_keys()
        self.assertEqual(keys.mapped("name"), ["Moss Integration"])
        self.env.cr.execute("SELECT key FROM res_users_apikeys WHERE user_id = %s", [user.id])
        stored = self.env.cr.fetchone()[0]
        self.assertNotIn(key, stored)
        self.assertNotIn(key, str(wizard.read()))

    def test_result_screen_carries_everything_moss_asks_for(self):
        wizard = self._connect()
        action = wizard._generate_key_and_show()
        context = action["context"]
        company = self.company
        self.assertEqual(action["res_model"], "moss.connect.credentials")
        self.assertEqual(context["default_login"], "moss-integration")
        self.assertEqual(context["default_database_name"], self.env.cr.dbname)
        self.assertEqual(context["default_base_url"], wizard.base_url)
        self.assertEqual(context["default_purchase_journal"], "Moss Purchase Journal (MOSS)")
        self.assertEqual(context["default_bank_journal"], "Moss (MOSSB)")
        self.assertEqual(context["default_supplier"], company.moss_partner_id.display_name)
        self.assertEqual(self._key_owner(context["default_api_key"]), company.moss_integration_user_id.id)
        shown = self.env["moss.connect.credentials"].with_context(**context).default_get(["api_key", "login"])
        self.assertEqual(shown["api_key"], context["default_api_key"])

    def test_default_duration_follows_group_policy(self):
        wizard = self._connect()
        self.assertEqual(wizard.key_policy_days, 90)
        self.assertEqual(wizard.key_duration, "90")
        self.assertFalse(wizard.key_exceeds_policy)
        wizard._generate_key_and_show()
        expiration = self.company.moss_integration_user_id._moss_api_keys().expiration_date
        self.assertAlmostEqual(expiration, fields.Datetime.now() + timedelta(days=90), delta=timedelta(minutes=5))

    def test_longer_or_endless_key_needs_explicit_choice(self):
        for duration in ("365", "0"):
            with self.subTest(duration=duration):
                wizard = self._connect(key_duration=duration)
                self.assertTrue(wizard.key_exceeds_policy)
                with self.assertRaisesRegex(UserError, "I accept a longer-lived key"):
                    wizard._generate_key_and_show()
                wizard.confirm_long_key = True
                wizard._generate_key_and_show()
                expiration = self.company.moss_integration_user_id._moss_api_keys().expiration_date
                self.assertEqual(bool(expiration), duration != "0")

    def test_renew_revokes_the_previous_key(self):
        _wizard, old = self._connect_with_key()
        _wizard, new = self._connect_with_key()
        self.assertFalse(self._key_owner(old))
        self.assertEqual(self._key_owner(new), self.company.moss_integration_user_id.id)
        self.assertEqual(len(self.company.moss_integration_user_id._moss_api_keys()), 1)

    def test_disconnect_revokes_keys_archives_user_and_keeps_accounting(self):
        _wizard, key = self._connect_with_key()
        company = self.company
        user = company.moss_integration_user_id
        kept = company.moss_purchase_journal_id | company.moss_bank_journal_id
        company._moss_disconnect()
        self.assertFalse(self._key_owner(key))
        self.assertFalse(user.active)
        self.assertFalse(user._moss_api_keys())
        self.assertTrue(all(kept.mapped("active")))
        self.assertTrue(company.moss_payment_account_id.active and company.moss_partner_id.active)

        _wizard, key = self._connect_with_key()
        self.assertEqual(company.moss_integration_user_id, user, "connecting again reuses the user")
        self.assertTrue(user.active)
        self.assertEqual(self._key_owner(key), user.id)

    def test_one_integration_user_for_two_companies(self):
        other = self.setup_other_company(name="Moss Key Co")["company"]
        self.env.user.company_ids += other
        self._connect_with_key()
        _wizard, key = self._connect_with_key(company=other)
        user = self.company.moss_integration_user_id
        self.assertEqual(other.moss_integration_user_id, user)
        self.assertEqual(user.company_ids, self.company | other)

        # Disconnecting one company keeps Moss working for the other.
        other._moss_disconnect()
        self.assertTrue(user.active)
        self.assertEqual(user.company_ids, self.company)
        self.assertEqual(self._key_owner(key), user.id)

    def test_only_administrators_create_the_integration_user(self):
        accountant = new_test_user(
            self.env,
            login="moss_accounting_only",
            groups="account.group_account_manager,analytic.group_analytic_accounting,base.group_partner_manager",
        )
        wizard = self._connect()
        users_before = self.env["res.users"].with_context(active_test=False).search_count([])
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            wizard.with_user(accountant)._generate_key_and_show()
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            self.company.with_user(accountant)._moss_disconnect()
        self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), users_before)

    def test_login_taken_by_another_user(self):
        portal = new_test_user(self.env, login="moss-portal", groups="base.group_portal")
        wizard = self._connect(integration_login=portal.login)
        users_before = self.env["res.users"].with_context(active_test=False).search_count([])
        with self.assertRaisesRegex(UserError, "already used by the user"):
            wizard._generate_key_and_show()
        self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), users_before)
        self.assertFalse(self.company.moss_integration_user_id)

    def test_key_needs_the_accounting_set_up_first(self):
        wizard = self._wizard()
        with self.assertRaisesRegex(UserError, "Run 'Connect' first"):
            wizard._generate_key_and_show()

    def test_settings_show_key_name_and_expiry_never_the_key(self):
        _wizard, key = self._connect_with_key()
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.moss_connected)
        self.assertEqual(settings.moss_key_name, "Moss Integration")
        self.assertTrue(settings.moss_key_expiration)
        self.assertNotIn(key, str(settings.read()))
        # Odoo's cleanup deletes expired keys: the block must cope with the row being gone.
        self.env["res.users.apikeys"].sudo().search([]).unlink()
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.moss_connected)

    def test_renew_and_disconnect_from_settings(self):
        _wizard, key = self._connect_with_key()
        settings = self.env["res.config.settings"].create({})
        action = settings.action_moss_renew_key()
        wizard = self.env["moss.connect.wizard"].with_context(**action["context"]).create({})
        self.assertEqual(wizard.state, "done")
        settings.action_moss_disconnect()
        self.assertFalse(self._key_owner(key))


@tagged("post_install", "-at_install")
class TestMossKeyReminders(MossConnectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounting_admin = new_test_user(
            cls.env,
            login="moss_reminded_admin",
            groups="account.group_account_manager",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    def _set_expiration(self, days):
        keys = self.company.moss_integration_user_id._moss_api_keys()
        keys.sudo().write({"expiration_date": fields.Datetime.now() + timedelta(days=days)})

    def _todo(self):
        journal = self.company.moss_bank_journal_id
        return journal.activity_ids.filtered(lambda activity: activity.user_id == self.accounting_admin)

    def test_warns_fourteen_days_before_then_once_expired(self):
        self._connect_with_key()
        self._set_expiration(30)
        self.env["res.company"]._cron_moss_key_reminders()
        self.assertFalse(self._todo())

        self._set_expiration(10)
        self.env["res.company"]._cron_moss_key_reminders()
        self.assertEqual(len(self._todo()), 1)
        self.assertIn("expires soon", self._todo().summary)
        self.env["res.company"]._cron_moss_key_reminders()
        self.assertEqual(len(self._todo()), 1, "the daily job warns once per stage")

        # Odoo's cleanup job deletes expired keys: the reminder must not need the row.
        self.company.moss_integration_user_id._moss_api_keys().sudo().unlink()
        self.env["res.company"]._cron_moss_key_reminders()
        self.assertEqual(len(self._todo()), 2)
        self.assertIn("has expired", self.company.moss_bank_journal_id.message_ids[0].body)

    def test_renewing_resets_the_reminders(self):
        self._connect_with_key()
        self._set_expiration(5)
        self.env["res.company"]._cron_moss_key_reminders()
        self._connect_with_key()
        self.assertFalse(self.company.moss_key_reminder)

    def test_disconnected_companies_get_no_reminder(self):
        self._connect_with_key()
        self.company._moss_disconnect()
        self.env["res.company"]._cron_moss_key_reminders()
        self.assertFalse(self._todo())
