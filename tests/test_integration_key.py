from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossIntegrationKey(MossConnectCommon):
    def _key_owner(self, key):
        self.env.flush_all()  # Odoo reads keys and users in SQL
        return self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key)

    def test_integration_user_has_only_what_moss_needs(self):
        self._connect_with_key()
        user = self._connection().user_id
        self.assertEqual(user.login, "moss-integration")
        self.assertEqual(user.name, f"Moss Integration ({self.company.name})")
        self.assertEqual(user.company_ids, self.company)
        self.assertEqual(user.group_ids, self.env.ref("moss_connect.group_moss_integration"))
        self.assertTrue(user._is_internal())
        for xmlid in (
            "account.group_account_invoice",
            "account.group_account_readonly",
            "base.group_partner_manager",
            "analytic.group_analytic_accounting",
            "api_doc.group_allow_doc",
        ):
            self.assertTrue(user.has_group(xmlid), xmlid)
        for xmlid in ("base.group_system", "base.group_erp_manager", "account.group_account_manager"):
            self.assertFalse(user.has_group(xmlid), xmlid)
        self.env.cr.execute("SELECT password FROM res_users WHERE id = %s", [user.id])
        self.assertFalse(self.env.cr.fetchone()[0], "the integration user must have no password")

    def test_accounting_administrator_profile(self):
        self._connect_with_key(rights_profile="accounting_admin")
        user = self._connection().user_id
        self.assertEqual(user.group_ids, self.env.ref("moss_connect.group_moss_integration_accounting"))
        self.assertTrue(user.has_group("account.group_account_manager"))
        self.assertFalse(user.has_group("base.group_system"))
        self.assertFalse(user.has_group("base.group_erp_manager"))
        # Back to least privilege: the groups are set, not added to.
        self._connect(rights_profile="minimal")
        self.assertEqual(user.group_ids, self.env.ref("moss_connect.group_moss_integration"))
        self.assertFalse(user.has_group("account.group_account_manager"))

    def test_integration_user_cannot_open_the_settings_app(self):
        self._connect_with_key()
        user = self._connection().user_id
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertNotIn(self.env.ref("base.menu_administration").id, visible)
        self.assertIn(self.env.ref("account.menu_finance").id, visible)

    def test_wizard_lists_the_rights_in_words(self):
        wizard = self._connect()
        self.assertEqual(
            wizard.integration_groups.splitlines(),
            [
                "Reads the chart of accounts, taxes, journals and analytic plans.",
                "Creates suppliers, analytic accounts, vendor bills, payments and reconciliations.",
                "Reads Odoo's API description, as client libraries need.",
                "No Settings, no user management, no other company, no password.",
            ],
        )
        wizard.rights_profile = "accounting_admin"
        self.assertIn("Creates accounts, taxes, journals and analytic plans.", wizard.integration_groups.splitlines())

    def test_key_is_generated_by_odoo_and_stored_hashed(self):
        wizard, key = self._connect_with_key()
        connection = self._connection()
        self.assertEqual(self._key_owner(key), connection.user_id.id)
        self.assertEqual(connection._valid_api_keys().mapped("name"), ["Moss Integration"])
        self.env.cr.execute("SELECT key FROM res_users_apikeys WHERE user_id = %s", [connection.user_id.id])
        self.assertNotIn(key, self.env.cr.fetchone()[0])
        self.assertNotIn(key, str(wizard.read()))
        self.assertNotIn(key, str(connection.message_ids.mapped("body")))

    def test_result_screen_carries_everything_moss_asks_for(self):
        wizard = self._connect()
        action = wizard._generate_key_and_show()
        context = action["context"]
        connection = self._connection()
        self.assertEqual(action["res_model"], "moss.connect.credentials")
        self.assertEqual(context["default_login"], "moss-integration")
        self.assertEqual(context["default_database_name"], self.env.cr.dbname)
        self.assertEqual(context["default_base_url"], wizard.base_url)
        self.assertEqual(context["default_purchase_journal"], "Moss Purchase Journal (MOSS)")
        self.assertEqual(context["default_bank_journal"], "Moss (MOSSB)")
        self.assertEqual(context["default_supplier"], connection.partner_id.display_name)
        self.assertEqual(self._key_owner(context["default_api_key"]), connection.user_id.id)
        shown = self.env["moss.connect.credentials"].with_context(**context).default_get(["api_key", "login"])
        self.assertEqual(shown["api_key"], context["default_api_key"])

    def test_result_screen_repeats_the_base_url_warnings(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", "http://127.0.0.1:8069")
        context = self._connect()._generate_key_and_show()["context"]
        messages = " ".join(line["message"] for line in context["default_url_warnings"])
        self.assertIn("cannot be reached from the internet", messages)
        self.assertIn("plain http", messages)
        params.set_param("web.base.url", "https://odoo.example.com")
        self.assertFalse(self._create_key()["context"]["default_url_warnings"])

    def test_default_duration_follows_group_policy(self):
        wizard = self._connect()
        self.assertEqual(wizard.key_policy_days, 90)
        self.assertEqual(wizard.key_duration, "90")
        self.assertFalse(wizard.key_exceeds_policy)
        wizard._generate_key_and_show()
        expiration = self._connection()._current_key().expiration_date
        self.assertAlmostEqual(expiration, fields.Datetime.now() + timedelta(days=90), delta=timedelta(minutes=5))

    def test_longer_or_endless_key_needs_explicit_choice(self):
        for duration in ("365", "0"):
            with self.subTest(duration=duration):
                wizard = self._connect(key_duration=duration)
                self.assertTrue(wizard.key_exceeds_policy)
                with self.assertRaisesRegex(UserError, "I accept a longer-lived key"):
                    wizard.action_generate_key()
                wizard.confirm_long_key = True
                wizard._generate_key_and_show()
                expiration = self._connection()._current_key().expiration_date
                self.assertEqual(bool(expiration), duration != "0")

    def test_disconnect_revokes_keys_archives_user_and_keeps_accounting(self):
        _wizard, key = self._connect_with_key()
        connection = self._connection()
        user = connection.user_id
        kept = connection.purchase_journal_id | connection.bank_journal_id
        connection.action_disconnect()
        self.assertFalse(self._key_owner(key))
        self.assertFalse(user.active)
        self.assertEqual(connection.state, "disconnected")
        self.assertFalse(self.env["res.users.apikeys"].sudo().search([("user_id", "=", user.id)]))
        self.assertTrue(all(kept.mapped("active")))
        self.assertTrue(connection.payment_account_id.active and connection.partner_id.active)

        _wizard, key = self._connect_with_key()
        self.assertEqual(connection.user_id, user, "connecting again reuses the user")
        self.assertTrue(user.active)
        self.assertEqual(self._key_owner(key), user.id)

    def test_a_renewal_window_opened_before_a_disconnect_creates_no_key(self):
        """An administrator disconnected Moss because its key leaked: a stale Renew window must not undo it."""
        self._connect_with_key()
        connection = self._connection()
        stale = self._wizard(state="renew")
        connection.action_disconnect()
        self.assertFailsLeavingNothing(UserError, stale, "was disconnected", method="_generate_key_and_show")
        self.assertEqual(connection.state, "disconnected")
        self.assertFalse(connection.user_id.active)

    def test_reconnecting_with_a_new_login_makes_a_new_user(self):
        self._connect_with_key()
        connection = self._connection()
        old = connection.user_id
        connection.action_disconnect()
        self._connect_with_key(integration_login="moss-fresh")
        self.assertNotEqual(connection.user_id, old)
        self.assertEqual(connection.user_id.login, "moss-fresh")
        self.assertFalse(old.active)

    def test_only_administrators_create_the_integration_user(self):
        accountant = new_test_user(
            self.env,
            login="moss_accounting_only",
            groups="account.group_account_manager,analytic.group_analytic_accounting,base.group_partner_manager",
        )
        self._connect()
        users_before = self.env["res.users"].with_context(active_test=False).search_count([])
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            self.env["moss.connect.wizard"].with_user(accountant).create({"state": "key"}).action_generate_key()
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            self._connection().with_user(accountant).action_disconnect()
        self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), users_before)

    def test_login_taken_by_another_user(self):
        portal = new_test_user(self.env, login="moss-portal", groups="base.group_portal")
        wizard = self._connect(integration_login=portal.login)
        message = self.assertFailsLeavingNothing(
            UserError, wizard, "already used by the user", method="action_generate_key"
        )
        self.assertIn("Integration User Login", message)
        self.assertFalse(self._connection().user_id)

    def test_login_format(self):
        wizard = self._connect()
        for login in ("ab", "Admin", "moss integration", "admin\u200b", "moss/integration", "x" * 65, "mössy"):
            with self.subTest(login=login), self.assertRaisesRegex(UserError, "Integration User Login"):
                wizard.integration_login = login
        for login in ("moss", "moss-integration.eu", "moss_1+ops@example.com"):
            with self.subTest(login=login):
                wizard.integration_login = login
                self.assertEqual(wizard.integration_login, login)
        wizard._generate_key_and_show()
        self.assertEqual(self._connection().user_id.login, "moss_1+ops@example.com", "the last accepted one is used")

    def test_key_needs_the_accounting_set_up_first(self):
        wizard = self._wizard(state="key")
        with self.assertRaisesRegex(UserError, "Run 'Connect' first"):
            wizard.action_generate_key()

    def test_settings_show_key_name_and_expiry_never_the_key(self):
        _wizard, key = self._connect_with_key()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.moss_status, "connected")
        keys = [line for line in settings.moss_status_lines if line["name"] == "Current key"]
        self.assertIn("'Moss Integration', created", keys[0]["message"])
        self.assertNotIn(key, str(settings.read()))
        # Odoo's cleanup deletes expired keys: the block must cope with the row being gone.
        self.env["res.users.apikeys"].sudo().search([]).unlink()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.moss_status, "key_invalid")


@tagged("post_install", "-at_install")
class TestMossOneUserPerCompany(MossConnectCommon):
    """Each company gets its own integration user and key: nothing done for one touches another."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._other_company("Moss Key Co B")
        cls.env.user.company_ids += cls.company_b

    def _key_owner(self, key):
        self.env.flush_all()  # Odoo reads keys and users in SQL
        return self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key)

    def test_second_company_gets_its_own_user_and_login(self):
        _wizard, key_a = self._connect_with_key()
        wizard_b = self._connect(company=self.company_b)
        self.assertEqual(wizard_b.integration_login, "moss-integration-moss-key-co-b")
        key_b = wizard_b._generate_key_and_show()["context"]["default_api_key"]
        user_a, user_b = self._connection().user_id, self._connection(self.company_b).user_id
        self.assertNotEqual(user_a, user_b)
        self.assertEqual(user_a.company_ids, self.company)
        self.assertEqual(user_b.company_ids, self.company_b)
        self.assertEqual(self._key_owner(key_a), user_a.id)
        self.assertEqual(self._key_owner(key_b), user_b.id)

    def test_company_derived_login_when_the_default_is_taken_by_someone_else(self):
        new_test_user(self.env, login="moss-integration", groups="base.group_portal")
        self.company.name = "Zoë & Söhne GmbH (Köln)"
        self.assertEqual(self._wizard().integration_login, "moss-integration-zoe-sohne-gmbh-koln")

    def test_a_repointed_or_tampered_user_gets_no_key(self):
        self._connect_with_key()
        connection = self._connection()
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        connection.user_id = admin  # what a client could do to 19.0.1.1.0's company field
        message = self.assertFailsLeavingNothing(
            UserError, self._wizard(state="renew"), "administrator account", method="_generate_key_and_show"
        )
        self.assertIn("Integration User", message)
        self.assertTrue(admin.has_group("base.group_system"), "the administrator keeps its rights")

    def test_a_user_given_a_password_gets_no_key(self):
        self._connect_with_key()
        user = self._connection().user_id
        user.password = "known-to-a-person"
        self.assertFailsLeavingNothing(
            UserError, self._wizard(state="renew"), "has a password", method="_generate_key_and_show"
        )

    def test_repair_sets_the_groups_exactly(self):
        self._connect_with_key()
        user = self._connection().user_id
        user.group_ids = [Command.link(self.env.ref("base.group_system").id)]
        self._create_key()
        self.assertEqual(user.group_ids, self.env.ref("moss_connect.group_moss_integration"))
        self.assertFalse(user.has_group("base.group_system"))
