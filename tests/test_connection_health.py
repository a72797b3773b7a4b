from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MossConnectCommon, set_public_base_url


@tagged("post_install", "-at_install")
class TestMossConnectionHealth(MossConnectCommon):
    def _report(self, company=None):
        """The Check connection dialog as the settings open it: the connection and its lines by name."""
        self.env.invalidate_all()  # each check is a new request: nothing cached from the previous one
        settings = self.env["res.config.settings"].with_company(company or self.company).create({})
        action = settings.action_moss_check_connection()
        connection = self.env[action["res_model"]].browse(action["res_id"])
        return connection, {line["name"]: line for line in connection.check_lines}

    def test_healthy_set_up_is_all_ok(self):
        set_public_base_url(self.env)
        self._connect_with_key()
        connection, lines = self._report()
        self.assertEqual({line["state"] for line in lines.values()}, {"ok"}, lines)
        self.assertFalse(connection.has_errors)
        self.assertEqual(lines["API key"]["message"], "Valid for 90 more days.")
        self.assertEqual(
            lines["Moss Purchase Journal"]["url"], f"/odoo/account.journal/{self._connection().purchase_journal_id.id}"
        )
        self.assertIn("moss-integration", lines["Integration user"]["message"])

    def test_base_url_verdicts_are_part_of_the_check(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", "http://127.0.0.1:8069")
        params.set_param("web.base.url.freeze", False)
        self._connect_with_key()
        connection, _lines = self._report()
        base_url = [line["message"] for line in connection.check_lines if line["name"] == "Base URL"]
        self.assertEqual(len(base_url), 3)
        self.assertIn("cannot be reached from the internet", base_url[0])
        self.assertIn("plain http", base_url[1])
        self.assertIn("not frozen", base_url[2])
        self.assertNotIn("ok", {line["state"] for line in connection.check_lines if line["name"] == "Base URL"})

    def test_days_left_are_counted_up(self):
        self._connect_with_key()
        key = self._connection()._current_key()
        for left, expected in ((timedelta(days=90), 90), (timedelta(days=89, hours=23), 90), (timedelta(hours=2), 1)):
            with self.subTest(left=left):
                key.expiration_date = fields.Datetime.now() + left
                self.env.invalidate_all()
                message = self._report()[1]["API key"]["message"]
                self.assertIn(f" {expected} ", message)

    def test_nothing_set_up_offers_the_wizard(self):
        self._connect()
        self._connection().sudo().purchase_journal_id = False
        connection, lines = self._report()
        self.assertTrue(connection.has_errors)
        self.assertEqual(lines["Moss Purchase Journal"]["state"], "error")
        self.assertEqual(lines["API key"]["state"], "error")
        self.assertEqual(connection.action_open_connect_wizard()["res_model"], "moss.connect.wizard")

    def test_each_broken_part_is_an_error_linking_to_the_record(self):
        self._connect_with_key()
        connection = self._connection()
        breakages = {
            "Moss Purchase Journal": connection.purchase_journal_id.action_archive,
            "Outgoing payments": lambda: setattr(connection.payment_account_id, "reconcile", False),
            "Default supplier": connection.partner_id.action_archive,
            "Integration user": lambda: connection.user_id.write(
                {"group_ids": [(4, self.env.ref("account.group_account_manager").id)]}
            ),
        }
        for name, breaks in breakages.items():
            with self.subTest(name=name):
                with self.env.cr.savepoint(flush=True) as savepoint:
                    breaks()
                    self.env.invalidate_all()
                    _connection, lines = self._report()
                    self.assertEqual(lines[name]["state"], "error", lines[name])
                    self.assertTrue(lines[name]["url"])
                    savepoint.rollback()
                self.env.invalidate_all()

    def test_unmapped_payment_method_line(self):
        self._connect()
        bank = self._connection().bank_journal_id
        bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual").payment_account_id = False
        _connection, lines = self._report()
        self.assertIn("not mapped", lines["Outgoing payments"]["message"])

    def test_key_close_to_expiry_gone_or_endless(self):
        self._connect_with_key()
        keys = self._connection()._valid_api_keys()
        keys.expiration_date = fields.Datetime.now() + timedelta(days=5, hours=1)
        _connection, lines = self._report()
        self.assertEqual(lines["API key"]["state"], "warning")
        self.assertIn("expires in 6 days", lines["API key"]["message"])
        keys.expiration_date = False
        _connection, lines = self._report()
        self.assertIn("never expires", lines["API key"]["message"])
        keys.unlink()
        _connection, lines = self._report()
        self.assertEqual(lines["API key"]["state"], "error")

    def test_integration_user_with_settings_rights_is_an_error(self):
        self._connect_with_key()
        self._connection().user_id.group_ids += self.env.ref("base.group_system")
        _connection, lines = self._report()
        self.assertEqual(lines["Integration user"]["state"], "error")
        self.assertIn("administrator rights", lines["Integration user"]["message"])

    def test_disconnected_company_is_said_so_not_an_error(self):
        self._connect_with_key()
        self._connection().action_disconnect()
        _connection, lines = self._report()
        self.assertEqual(lines["Integration user"]["state"], "warning")
        self.assertEqual(lines["API key"]["state"], "warning")
        self.assertIn("disconnected", lines["API key"]["message"])

    def test_accounting_administrator_reads_the_check_of_own_company_only(self):
        self._connect_with_key()
        other = self._other_company("Moss Hidden Co")
        self.env.user.company_ids += other
        self._connect_with_key(company=other)
        accountant = new_test_user(
            self.env, login="moss_health_accountant", groups="account.group_account_manager", company_id=self.company.id
        )
        own = self._connection().with_user(accountant)
        self.assertTrue(own.check_lines)
        with self.assertRaises(AccessError):
            self._connection(other).with_user(accountant).read(["check_lines"])


@tagged("post_install", "-at_install")
class TestMossOneVerdict(MossConnectCommon):
    """The block, the key gate, Check connection, the daily job and Moss's own call read one verdict."""

    def _breakages(self, connection):
        manual = connection.bank_journal_id.outbound_payment_method_line_ids.filtered(
            lambda line: line.code == "manual"
        )
        params = self.env["ir.config_parameter"].sudo()
        return {
            "purchase_journal_archived": connection.purchase_journal_id.action_archive,
            "purchase_journal_invalid": lambda: connection.purchase_journal_id.write({"type": "general"}),
            "bank_journal_archived": connection.bank_journal_id.action_archive,
            "payment_account_unmapped": lambda: manual.write({"payment_account_id": False}),
            "payment_account_invalid": lambda: connection.payment_account_id.write({"reconcile": False}),
            "partner_archived": connection.partner_id.action_archive,
            "user_unfit": lambda: connection.user_id.write({"group_ids": [(4, self.env.ref("base.group_system").id)]}),
            "base_url_local": lambda: params.set_param("web.base.url", "https://localhost:8069"),
            "base_url_not_frozen": lambda: params.set_param("web.base.url.freeze", False),
            "key_expiring": lambda: self.env.cr.execute(
                "UPDATE res_users_apikeys SET expiration_date = now() + interval '3 days' WHERE user_id = %s",
                connection.user_id.ids,
            ),
        }

    def test_every_screen_agrees_on_each_broken_part(self):
        self._connect_with_key()
        connection = self._connection()
        moss = connection.user_id
        self.assertEqual(self.env["res.config.settings"].create({}).moss_status, "connected")
        for code, breaks in self._breakages(connection).items():
            with self.subTest(code=code), self.env.cr.savepoint(flush=True) as savepoint:
                breaks()
                self.env.invalidate_all()
                [finding] = [f for f in connection._problems() if f["code"] == code]
                # The block: not green, and it says what is wrong.
                settings = self.env["res.config.settings"].create({})
                self.assertNotEqual(settings.moss_status, "connected")
                self.assertIn(finding["message"], [line["message"] for line in settings.moss_status_lines])
                # Check connection: the same sentence, not ok.
                checked = {line["message"]: line["state"] for line in connection.check_lines}
                self.assertEqual(checked[finding["message"]], finding["severity"])
                # Moss's own call over JSON-2 reads the same finding.
                codes = {f["code"] for f in connection.with_user(moss).health_check()["findings"]}
                self.assertIn(code, codes)
                # The key gate refuses exactly when the accounting set-up is broken.
                gate_closed = code.startswith(("purchase", "bank", "payment", "partner"))
                if gate_closed:
                    with self.assertRaisesRegex(UserError, "Run 'Connect' first"):
                        connection._check_ready_for_a_key()
                else:
                    connection._check_ready_for_a_key()
                # The daily job reminds of the key when, and only when, the verdict is about the key.
                self.env["moss.connection"]._cron_key_reminders()
                self.assertEqual(bool(connection.key_reminder), code == "key_expiring")
                savepoint.rollback()
            self.env.invalidate_all()
