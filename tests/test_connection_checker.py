import os
import subprocess
import sys
import tempfile
from datetime import timedelta

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MossConnectedHttpCommon

CHECKER = os.path.join(get_module_path("moss_connect"), "tools", "moss_check_connection.py")


@tagged("post_install", "-at_install")
class TestMossConnectionChecker(MossConnectedHttpCommon):
    """The standalone checker, run as an administrator would, against the test server."""

    def _run(self, key=None, login="moss-integration", database=None, via="file"):
        """Run the checker with the key in a file (or the environment), never on the command line."""
        env = {key: value for key, value in os.environ.items() if key != "MOSS_ODOO_API_KEY"}
        args = [sys.executable, CHECKER, "--url", self.base_url(), "--database", database or self.env.cr.dbname]
        args += ["--login", login, "--timeout", "60"]
        with tempfile.NamedTemporaryFile("w", suffix=".key") as key_file:
            if via == "file":
                key_file.write(key or self.key)
                key_file.flush()
                args += ["--key-file", key_file.name]
            elif via == "env":
                env["MOSS_ODOO_API_KEY"] = key or self.key
            done = self._subprocess(args, env)
        self.assertNotIn(key or self.key, done.stdout + done.stderr, "the checker must never print the key")
        return done

    def _subprocess(self, args, env):
        # The server shares this transaction: it must see this test's changes. And it only serves
        # requests it was told to expect: the checker has no test cookie.
        self.env.flush_all()
        with self.allow_requests(all_requests=True), mute_logger("odoo.http"):
            return subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, check=False)

    def test_a_healthy_set_up_is_all_ok(self):
        for via in ("file", "env"):
            with self.subTest(via=via):
                done = self._run(via=via)
                self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
                lines = done.stdout.splitlines()
                self.assertGreater(len(lines), 20)
                self.assertTrue(all(line.startswith("ok") for line in lines), done.stdout)

    def test_it_only_reads(self):
        tables = ("account_move", "res_partner", "account_journal", "account_account")
        counts = {table: self.env[table.replace("_", ".")].sudo().search_count([]) for table in tables}
        self._run()
        self.assertEqual(counts, {table: self.env[table.replace("_", ".")].sudo().search_count([]) for table in tables})

    def test_wrong_key(self):
        done = self._run(key="f" * 40)
        self.assertEqual(done.returncode, 1)
        self.assertIn("API key refused", done.stdout)

    def test_expired_key(self):
        # Odoo compares with the transaction's start, which the test server shares with this test.
        self._connection()._valid_api_keys().expiration_date = self.env.cr.now() - timedelta(minutes=1)
        done = self._run()
        self.assertEqual(done.returncode, 1)
        self.assertIn("renew the key", done.stdout)

    def test_wrong_database(self):
        done = self._run(database="no_such_database_for_moss")
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("FAIL", done.stdout)

    def test_a_key_of_another_user_is_refused(self):
        plain = self.env["res.users"].create(
            {"name": "Plain", "login": "moss-plain", "group_ids": [(6, 0, [self.env.ref("base.group_user").id])]}
        )
        key = self.env["res.users.apikeys"].with_user(plain).sudo()._generate(None, "Plain", False)
        done = self._run(key=key, login="moss-plain")
        self.assertEqual(done.returncode, 1)
        self.assertIn("FAIL  the key is not a Moss integration user's", done.stdout)

    def test_the_key_must_belong_to_the_login_given(self):
        done = self._run(login="moss-integration-other")
        self.assertEqual(done.returncode, 1)
        self.assertIn("FAIL  the key belongs to moss-integration of", done.stdout)
        self.assertIn("not to moss-integration-other", done.stdout)

    def test_prints_odoos_own_findings(self):
        bank = self._connection().bank_journal_id
        bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual").payment_account_id = False
        done = self._run()
        self.assertEqual(done.returncode, 1)
        self.assertIn("FAIL  Outgoing payments: The manual outgoing payments of", done.stdout)
        self.assertIn("[payment_account_unmapped]", done.stdout)

    def test_a_warning_is_said_and_does_not_fail(self):
        self.env["ir.config_parameter"].sudo().set_param("web.base.url.freeze", False)
        done = self._run()
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertIn("warn  Base URL: The Base URL is not frozen", done.stdout)

    def test_no_key_is_a_usage_error(self):
        env = {key: value for key, value in os.environ.items() if key != "MOSS_ODOO_API_KEY"}
        args = [sys.executable, CHECKER, "--url", self.base_url(), "--database", self.env.cr.dbname]
        done = self._subprocess(args, env)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--key-file", done.stderr)
