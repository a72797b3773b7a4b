"""A new administrator's first steps, as the web client makes them: JSON-RPC with a session of their
own. Each refusal comes before Odoo's password prompt and names the field; nothing is a dead end."""

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MOSS_GROUPS, MossHttpCommon, connection_of

WIZARD = "moss.connect.wizard"


@tagged("post_install", "-at_install")
class TestMossFirstSteps(MossHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._other_company("Moss Steps Co B")
        analytic = cls.env.ref("analytic.group_analytic_accounting")
        cls.env.ref("base.group_user").implied_ids -= analytic
        groups = ",".join(xmlid for xmlid in MOSS_GROUPS if xmlid != "analytic.group_analytic_accounting")
        cls.admin = new_test_user(
            cls.env,
            login="moss_steps_admin",
            groups=groups,
            company_id=cls.company.id,
            company_ids=[(6, 0, (cls.company | cls.company_b).ids)],
        )
        cls.params = cls.env["ir.config_parameter"].sudo()

    def setUp(self):
        super().setUp()
        self.session = self._login(self.admin.login)

    def _call(self, model, method, *args, **kwargs):
        result, error = self._call_kw(self.session, model, method, list(args), kwargs)
        self.assertFalse(error, error)
        return result

    def _button(self, model, method, ids, context=None):
        with mute_logger("odoo.http"):
            return self._call_button(self.session, model, method, ids, context)

    def _wizard(self, **values):
        return self._call(WIZARD, "create", [values])

    def _read(self, ids, *names):
        return self._call(WIZARD, "web_read", ids, specification={name: {} for name in names})[0]

    def _enable_analytic(self):
        self.admin.group_ids += self.env.ref("analytic.group_analytic_accounting")

    def _connect(self, **values):
        self._enable_analytic()
        ids = self._wizard(**values)
        _result, error = self._button(WIZARD, "action_connect", ids)
        self.assertFalse(error, error)
        return ids

    def test_connect_turns_analytic_accounting_on_and_says_so_first(self):
        ids = self._wizard()
        wizard = self._read(ids, "readiness_lines", "is_ready", "connect_blocked_reason")
        self.assertTrue(wizard["is_ready"], "nothing blocks: Connect does what a fresh database lacks")
        line = next(line for line in wizard["readiness_lines"] if line["name"] == "Analytic Accounting")
        self.assertEqual(line["state"], "warning")
        self.assertIn("Connect turns it on for every user", line["message"])
        action, error = self._button(WIZARD, "action_connect_and_create_key", ids)
        self.assertFalse(error, error)
        self.assertEqual(action["res_model"], "res.users.identitycheck", "one click, then Odoo's password check")
        analytic = self.env.ref("analytic.group_analytic_accounting")
        self.assertIn(analytic, self.env.ref("base.group_user").all_implied_ids, "for every user, as the setting")
        report = self._read(ids, "connect_report")["connect_report"]
        self.assertIn("Turned on Analytic Accounting for every user", report[0]["message"])

    def test_without_settings_analytic_accounting_blocks_with_the_reason(self):
        self.admin.group_ids -= self.env.ref("base.group_system")
        wizard = self.env["moss.connect.wizard"].with_user(self.admin).create({})
        line = next(line for line in wizard.readiness_lines if line["name"] == "Analytic Accounting")
        self.assertEqual(line["state"], "error")
        self.assertIn("ask an administrator", line["message"])

    def test_checks_come_before_the_password_prompt(self):
        self._connect()
        ids = self._wizard(state="key", key_duration="0")
        _result, error = self._button(WIZARD, "action_generate_key", ids)
        self.assertIn("Key Duration", error or "")
        self._call(WIZARD, "write", ids, {"key_duration": "90", "integration_login": "admin"})
        _result, error = self._button(WIZARD, "action_generate_key", ids)
        self.assertIn("Integration User Login", error or "")
        self.assertIn("already used", error)
        with mute_logger("odoo.http"):
            _result, error = self._call_kw(self.session, WIZARD, "write", [ids, {"integration_login": "Moss Admin"}])
        self.assertIn("Integration User Login", error or "")
        self._call(WIZARD, "write", ids, {"integration_login": "moss-integration"})
        action, error = self._button(WIZARD, "action_generate_key", ids)
        self.assertFalse(error, error)
        self.assertEqual(action["res_model"], "res.users.identitycheck", "only now does Odoo ask for the password")

    def test_create_a_new_one_on_a_connected_company(self):
        self._connect()
        connection = connection_of(self.env, self.company)
        old = connection.purchase_journal_id
        ids = self._wizard(purchase_journal_mode="create")
        _result, error = self._button(WIZARD, "action_connect", ids)
        self.assertIn("Purchase Journal Name", error or "", "the default name is taken by Moss's journal")
        self._call(WIZARD, "write", ids, {"purchase_journal_name": "Moss Cards", "purchase_journal_code": "MCARD"})
        _result, error = self._button(WIZARD, "action_connect", ids)
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(connection.purchase_journal_id.code, "MCARD")
        self.assertTrue(old.exists() and old.active, "the journal Moss used before is left as it is")
        report = " ".join(line["message"] for line in self._read(ids, "connect_report")["connect_report"])
        self.assertIn("Created the Moss Purchase Journal 'Moss Cards (MCARD)'", report)
        self.assertIn("It replaces 'Moss Purchase Journal', which is left as it is.", report)

    def test_a_company_other_than_the_active_one(self):
        """The wizard's company decides what is proposed, listed and checked, not the active company."""
        self.env["account.journal"].create(
            {"name": "Old Moss", "code": "MOSS", "type": "general", "company_id": self.company_b.id}
        )
        self._enable_analytic()
        ids = self._wizard(company_id=self.company_b.id)
        wizard = self._read(ids, "purchase_journal_code", "bank_journal_code", "currency_id")
        self.assertEqual((wizard["purchase_journal_code"], wizard["bank_journal_code"]), ("MOSS1", "MOSSB"))
        self._call(WIZARD, "write", ids, {"purchase_journal_code": "MOSS"})
        _result, error = self._button(WIZARD, "action_connect", ids)
        self.assertIn("Purchase Journal Code: the journal 'Old Moss' (MOSS)", error or "")
        self.assertIn(self.company_b.name, error)
        self._call(WIZARD, "write", ids, {"purchase_journal_code": "MOSS1"})
        _result, error = self._button(WIZARD, "action_connect", ids)
        self.assertFalse(error, error)
        self.assertEqual(connection_of(self.env, self.company_b).purchase_journal_id.company_id, self.company_b)
        self.assertFalse(connection_of(self.env, self.company))

    def test_freeze_only_a_public_https_address(self):
        self._enable_analytic()
        self.params.set_param("web.base.url", "http://127.0.0.1:8069")
        self.params.set_param("web.base.url.freeze", False)
        ids = self._wizard()
        _result, error = self._button(WIZARD, "action_freeze_base_url", ids)
        self.assertIn("not a public https address", error or "")
        self.assertFalse(self.params.get_param("web.base.url.freeze"))
        lines = self._read(ids, "readiness_lines")["readiness_lines"]
        freeze = next(line for line in lines if line.get("action", "").startswith("action_freeze"))
        self.assertEqual(freeze["action"], "action_freeze_base_url_confirmed")
        self.assertIn("Moss cannot use this address", freeze["confirm"])
        self._button(WIZARD, freeze["action"], ids)
        self.assertTrue(self.params.get_param("web.base.url.freeze"))
        lines = self._read(ids, "readiness_lines")["readiness_lines"]
        self.assertIn("action_unfreeze_base_url", [line.get("action") for line in lines])
        self._button(WIZARD, "action_unfreeze_base_url", ids)
        self.assertFalse(self.params.get_param("web.base.url.freeze"))
        self.params.set_param("web.base.url", "https://odoo.example.com")
        _result, error = self._button(WIZARD, "action_freeze_base_url", ids)
        self.assertFalse(error, error)
        self.assertTrue(self.params.get_param("web.base.url.freeze"))
