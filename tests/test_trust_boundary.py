"""Connect Moss mints credentials: over real HTTP, with a session per user, nobody gains through it
anything they did not already have. Operations are covered by test_security_matrix; these are the
data paths: every field of every Moss model written by every role, another user's wizard, another
company's administrator, and what a script in a field could reach."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MOSS_GROUPS, MossHttpCommon, connection_of

XSS = '<img src=x onerror="window.__mossXss=1">'
ACCOUNTING_ADMIN = "account.group_account_manager,analytic.group_analytic_accounting,base.group_partner_manager"
ROLES = {
    "administrator": ",".join(MOSS_GROUPS),
    "accounting_admin": ACCOUNTING_ADMIN,
    "accountant": "account.group_account_user",
    "billing": "account.group_account_invoice",
    "internal": "base.group_user",
    "portal": "base.group_portal",
}
# Roles whose access rights allow them to open Connect Moss at all.
WIZARD_ROLES = {"administrator", "accounting_admin", "admin_b"}
MAGIC_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
# Wizard fields whose hostile value is refused when written, and why.
REFUSED_WRITES = {
    "company_id": "AccessError",
    "integration_login": "UserError",
    "key_grace_days": "UserError",
    "inactivity_warning_days": "UserError",
}
# Chosen records that Connect must refuse when they belong to another company.
CHOSEN_RECORDS = {
    "purchase_journal_id": ("purchase_journal_mode", "Existing Purchase Journal"),
    "bank_journal_id": ("bank_journal_mode", "Existing Bank Journal"),
    "payment_account_id": ("payment_account_mode", "Existing Outgoing Payments Account"),
    "partner_id": ("partner_mode", "Existing Default Supplier"),
}


class SessionsByRole(dict):
    """Each role's own browser session, logged in when a test first uses it."""

    def __init__(self, test):
        super().__init__()
        self.test = test

    def __missing__(self, role):
        self[role] = self.test._login(self.test.logins[role])
        return self[role]

    def items(self):
        return [(role, self[role]) for role in self.test.logins]


@tagged("post_install", "-at_install")
class TestMossTrustBoundary(MossHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._other_company("Moss Trust Co B")
        cls.users = {
            role: new_test_user(cls.env, login=f"moss_trust_{role}", groups=groups, company_id=cls.company.id)
            for role, groups in ROLES.items()
        }
        cls.users["admin_b"] = new_test_user(
            cls.env, login="moss_trust_admin_b", groups=ROLES["administrator"], company_id=cls.company_b.id
        )
        cls.logins = {role: user.login for role, user in cls.users.items()}
        for company in (cls.company, cls.company_b):
            wizard = cls.env["moss.connect.wizard"].with_company(company).create({"company_id": company.id})
            wizard.action_connect()
            wizard._generate_key_and_show()
        cls.connection_a = connection_of(cls.env, cls.company)
        cls.connection_b = connection_of(cls.env, cls.company_b)
        # For every many2one a Moss model offers, a record of the other company than the role's own.
        cls.foreign = {
            company: cls._records_of(connection)
            for company, connection in ((cls.company_b, cls.connection_a), (cls.company, cls.connection_b))
        }

    @classmethod
    def _records_of(cls, connection):
        return {
            "res.company": connection.company_id.id,
            "account.journal": connection.purchase_journal_id.id,
            "account.account": connection.payment_account_id.id,
            "res.partner": connection.partner_id.id,
            "res.users": cls.env.ref("base.user_admin").id,
            "res.currency": cls.env.ref("base.EUR").id,
            "moss.connection": connection.id,
        }

    def setUp(self):
        super().setUp()
        self.sessions = SessionsByRole(self)

    def _hostile(self, info, role="administrator"):
        """The nastiest value ``role`` can send for a field of this description."""
        kind = info["type"]
        if kind in ("char", "text", "html"):
            return XSS
        if kind == "json":
            return [{"state": "ok", "name": XSS, "message": XSS, "url": "javascript:alert(1)", "action": "unlink"}]
        if kind == "many2one":
            own = self.company_b if role == "admin_b" else self.company
            return self.foreign[own].get(info["relation"], 1)  # any record of the models Moss does not own
        if kind in ("one2many", "many2many"):
            return []
        return {
            "boolean": True,
            "integer": -1,
            "float": -1.0,
            "selection": info["selection"][-1][0] if info.get("selection") else False,
            "datetime": "2000-01-01 00:00:00",
            "date": "2000-01-01",
        }.get(kind, False)

    def _fields(self, model):
        fields = (
            self.env[model]
            .with_user(self.users["administrator"])
            .fields_get(attributes=["type", "relation", "selection"])
        )
        return {name: info for name, info in fields.items() if name not in MAGIC_FIELDS}

    def _error_kind(self, error):
        return error.split(":")[0].rsplit(".", 1)[-1] if error else None

    def _attempt(self, method, *args):
        """``method(*args)`` in a savepoint: ``(result, None, None)``, or ``(None, exception class name,
        message)`` when it is refused."""
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"):
                return method(*args), None, None
        except (AccessError, UserError, ValidationError) as error:
            return None, type(error).__name__, str(error)

    # ------------------------------------------------------------------
    # No markup anywhere: every text reaches a page as text
    # ------------------------------------------------------------------

    def test_no_moss_model_has_a_markup_field(self):
        for model in ("moss.connection", "moss.connect.wizard", "moss.connect.credentials"):
            with self.subTest(model=model):
                html = [name for name, info in self._fields(model).items() if info["type"] == "html"]
                self.assertFalse(html, "a field rendered as markup could carry a script to a page")

    # ------------------------------------------------------------------
    # The wizard: every field, every role, own and another user's record
    # ------------------------------------------------------------------

    def test_every_wizard_field_written_by_every_role(self):
        """Each field, written by each role into its own wizard and into another user's: access rights
        and checks are the ORM's, so the matrix runs in-process; the JSON-RPC path is tested below."""
        fields = self._fields("moss.connect.wizard")
        admin_wizard = self.env["moss.connect.wizard"].with_user(self.users["administrator"]).create({})
        for role, user in self.users.items():
            wizards = self.env["moss.connect.wizard"].with_user(user)
            for name, info in fields.items():
                with self.subTest(role=role, field=name):
                    self._check_own_write(role, wizards, name, info)
                    if role != "administrator":
                        _result, kind, _message = self._attempt(
                            admin_wizard.with_user(user).write, {name: self._hostile(info, role)}
                        )
                        self.assertEqual(kind, "AccessError", "another user's wizard")

    def _check_own_write(self, role, wizards, name, info):
        wizard, kind, message = self._attempt(wizards.create, {name: self._hostile(info, role)})
        if role not in WIZARD_ROLES:
            self.assertEqual(kind, "AccessError")
            return
        if name in REFUSED_WRITES:
            self.assertEqual(kind, REFUSED_WRITES[name], message)
            return
        self.assertIsNone(kind, message)
        wizard.web_read({name: {}})
        if name in CHOSEN_RECORDS:
            self._check_foreign_choice_refused(role, wizard, name)

    def _check_foreign_choice_refused(self, role, wizard, name):
        """Another company's record, stored in one's own wizard, is refused by Connect, naming the field."""
        mode, label = CHOSEN_RECORDS[name]
        wizard.write({mode: "existing"})
        _result, kind, message = self._attempt(wizard.action_connect)
        self.assertTrue(kind, "Connect must refuse another company's record")
        # Without Settings, Connect is refused before any record is looked at.
        self.assertIn(label if role != "accounting_admin" else "permissions you do not have", message)

    def test_a_hostile_wizard_over_json_rpc(self):
        """The matrix's path end to end: each role creates a wizard over JSON-RPC with hostile values."""
        info = self._fields("moss.connect.wizard")
        values = {name: self._hostile(info[name]) for name in ("purchase_journal_name", "partner_id", "key_grace_days")}
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule"):
            for role in ("administrator", "accountant", "portal"):
                with self.subTest(role=role):
                    ids, error = self._call_kw(self.sessions[role], "moss.connect.wizard", "create", [[values]])
                    expected = "UserError" if role == "administrator" else "AccessError"
                    self.assertEqual(self._error_kind(error), expected, error)
                    safe = {name: value for name, value in values.items() if name != "key_grace_days"}
                    ids, error = self._call_kw(self.sessions[role], "moss.connect.wizard", "create", [[safe]])
                    if role == "administrator":
                        self.assertFalse(error, error)
                        _result, error = self._call_button(
                            self.sessions[role], "moss.connect.wizard", "action_connect", ids
                        )
                        self.assertIn("Existing Default Supplier", error or "")
                    else:
                        self.assertEqual(self._error_kind(error), "AccessError", error)

    def test_another_users_wizard_is_out_of_reach(self):
        admin_wizard, _error = self._call_kw(self.sessions["administrator"], "moss.connect.wizard", "create", [[{}]])
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule"):
            for role in ("accounting_admin", "admin_b"):
                session = self.sessions[role]
                with self.subTest(role=role):
                    _result, error = self._call_kw(
                        session, "moss.connect.wizard", "web_read", [admin_wizard], {"specification": {"state": {}}}
                    )
                    self.assertEqual(self._error_kind(error), "AccessError")
                    for button in ("action_connect", "action_connect_and_create_key", "action_generate_key"):
                        _result, error = self._call_button(session, "moss.connect.wizard", button, admin_wizard)
                        self.assertEqual(self._error_kind(error), "AccessError", button)
                    found, _error = self._call_kw(session, "moss.connect.wizard", "search", [[]])
                    self.assertNotIn(admin_wizard[0], found or [])

    # ------------------------------------------------------------------
    # The connection, the settings and the company: nothing a client writes
    # ------------------------------------------------------------------

    def test_connection_is_read_only_for_every_role(self):
        """No role writes or creates a connection (in-process: the ORM's access rights); over
        JSON-RPC, the administrator's write is refused as well."""
        fields = self._fields("moss.connection")
        for role, user in self.users.items():
            connection = self.connection_a.with_user(user)
            for name, info in fields.items():
                with self.subTest(role=role, field=name):
                    _result, kind, _message = self._attempt(connection.write, {name: self._hostile(info)})
                    self.assertEqual(kind, "AccessError")
            with self.subTest(role=role, operation="create"):
                _result, kind, _message = self._attempt(connection.create, {"company_id": self.company.id})
                self.assertEqual(kind, "AccessError")
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule"):
            _result, error = self._call_kw(
                self.sessions["administrator"], "moss.connection", "write", [self.connection_a.ids, {"user_id": 2}]
            )
        self.assertEqual(self._error_kind(error), "AccessError")
        self.assertEqual(self.connection_a.user_id.login, "moss-integration")

    def test_settings_show_computed_values_whatever_a_client_sends(self):
        session = self.sessions["administrator"]
        hostile = {
            "moss_status": "connected",
            "moss_status_lines": self._hostile({"type": "json"}),
            "moss_connection_id": self.connection_b.id,
            "moss_has_previous_key": True,
        }
        ids, error = self._call_kw(session, "res.config.settings", "create", [[hostile]])
        self.assertFalse(error)
        read, _error = self._call_kw(
            session, "res.config.settings", "web_read", [ids], {"specification": {key: {} for key in hostile}}
        )
        self.assertEqual(read[0]["moss_connection_id"], self.connection_a.id)
        self.assertNotIn("javascript:", str(read[0]["moss_status_lines"]))
        self.assertFalse(read[0]["moss_has_previous_key"])

    def test_company_holds_no_moss_field(self):
        fields = self._fields("res.company")
        self.assertFalse([name for name in fields if name.startswith("moss_")])
        with mute_logger("odoo.http"):
            _result, error = self._call_kw(
                self.sessions["administrator"],
                "res.company",
                "write",
                [self.company.ids, {"moss_integration_user_id": self.env.ref("base.user_admin").id}],
            )
        self.assertTrue(error)

    def test_show_once_model_answers_reads_with_a_clean_access_error(self):
        with mute_logger("odoo.http"):
            for method, args in (("search_read", [[]]), ("read", [[1], ["api_key"]]), ("search", [[]])):
                with self.subTest(method=method):
                    _result, error = self._call_kw(
                        self.sessions["administrator"], "moss.connect.credentials", method, args
                    )
                    self.assertEqual(self._error_kind(error), "AccessError", error)
                    self.assertIn("shown once", error)

    # ------------------------------------------------------------------
    # Two companies with their own administrators
    # ------------------------------------------------------------------

    def test_company_b_administrator_cannot_reach_company_a(self):
        session = self.sessions["admin_b"]
        a = self.connection_a.ids
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule"):
            _result, error = self._call_kw(
                session, "moss.connection", "web_read", [a], {"specification": {"key_lines": {}}}
            )
            self.assertEqual(self._error_kind(error), "AccessError")
            for button in (
                "action_disconnect",
                "action_revoke_previous_key",
                "action_check",
                "action_open_connect_wizard",
            ):
                with self.subTest(button=button):
                    _result, error = self._call_button(session, "moss.connection", button, a)
                    self.assertEqual(self._error_kind(error), "AccessError", button)
            _result, error = self._call_kw(
                session, "moss.connect.wizard", "create", [[{"company_id": self.company.id}]]
            )
            self.assertEqual(self._error_kind(error), "AccessError")
            # Asking for company A in the context is refused too.
            _result, error = self._call_kw(
                session,
                "res.config.settings",
                "create",
                [[{}]],
                {"context": {"allowed_company_ids": [self.company.id]}},
            )
            self.assertEqual(self._error_kind(error), "AccessError")
        self.assertEqual(self.connection_a.state, "connected")

    def test_company_b_renewing_and_disconnecting_leaves_company_a_working(self):
        key_a = self.env["moss.connect.wizard"].create({"state": "renew"})._generate_key_and_show()["context"]
        key_a = key_a["default_api_key"]
        session = self.sessions["admin_b"]
        ids, error = self._call_kw(session, "moss.connect.wizard", "create", [[{"state": "renew"}]])
        self.assertFalse(error)
        check, error = self._call_button(session, "moss.connect.wizard", "action_generate_key", ids)
        self.assertFalse(error)
        self.assertEqual(check["res_model"], "res.users.identitycheck")
        shown, error = self._call_button(
            session, "res.users.identitycheck", "run_check", [check["res_id"]], {"password": self.logins["admin_b"]}
        )
        self.assertFalse(error, error)
        key_b = shown["context"]["default_api_key"]
        settings, _error = self._call_kw(session, "res.config.settings", "create", [[{}]])
        _result, error = self._call_button(session, "res.config.settings", "action_moss_disconnect", settings)
        self.assertFalse(error)
        response = self._json2("account.journal", "search_read", api_key=key_a, domain=[], fields=["company_id"])
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual({journal["company_id"][0] for journal in response.json()}, {self.company.id})
        with mute_logger("odoo.http"):
            response = self._json2("account.journal", "search_read", api_key=key_b, domain=[], fields=["id"])
        self.assertEqual(response.status_code, 401, "company B's key was revoked by its disconnect")

    def test_a_company_key_reads_nothing_of_another_company(self):
        key_b = (
            self.env["moss.connect.wizard"]
            .with_company(self.company_b)
            .create({"company_id": self.company_b.id, "state": "renew"})
            ._generate_key_and_show()["context"]["default_api_key"]
        )
        journals_a = (self.connection_a.purchase_journal_id | self.connection_a.bank_journal_id).ids
        response = self._json2(
            "account.journal",
            "search_read",
            api_key=key_b,
            domain=[["id", "in", journals_a]],
            fields=["name"],
            context={"allowed_company_ids": [self.company.id, self.company_b.id]},
        )
        self.assertIn(response.status_code, (200, 403), response.text)
        if response.status_code == 200:
            self.assertEqual(response.json(), [])
        with mute_logger("odoo.http"):
            response = self._json2("account.journal", "read", api_key=key_b, ids=journals_a, fields=["name"])
        self.assertEqual(response.status_code, 403, response.text)

    # ------------------------------------------------------------------
    # Found by an attacker's review: the context, onchange, odd values
    # ------------------------------------------------------------------

    def test_no_other_company_through_the_context_or_an_onchange(self):
        session = self.sessions["accounting_admin"]
        context = {"default_company_id": self.company_b.id}
        with mute_logger("odoo.http"):
            _result, error = self._call_kw(session, "moss.connect.wizard", "create", [[{}]], {"context": context})
        self.assertEqual(self._error_kind(error), "AccessError")
        spec = {name: {} for name in ("integration_login", "purchase_journal_id", "partner_id", "self_renewal")}
        result, error = self._call_kw(
            session, "moss.connect.wizard", "onchange", [[], {"company_id": self.company_b.id}, ["company_id"], spec]
        )
        self.assertFalse(error, error)
        values = result["value"]
        self.assertFalse(
            values.get("integration_login") or values.get("purchase_journal_id") or values.get("partner_id")
        )
        # A Settings administrator of company A asking the settings of company B sees nothing of it.
        session = self.sessions["administrator"]
        spec = {"moss_status": {}, "moss_status_lines": {}, "moss_connection_id": {}}
        result, error = self._call_kw(
            session, "res.config.settings", "onchange", [[], {"company_id": self.company_b.id}, ["company_id"], spec]
        )
        self.assertFalse(error, error)
        self.assertEqual(result["value"].get("moss_status", "none"), "none")
        self.assertFalse(result["value"].get("moss_status_lines"))

    def test_a_key_with_accounting_rights_reads_no_other_company_through_the_wizard(self):
        self.connection_a.sudo().rights_profile = "accounting_admin"
        key = self.env["moss.connect.wizard"].create({"state": "renew"})._generate_key_and_show()["context"]
        with mute_logger("odoo.http"):
            response = self._json2(
                "moss.connect.wizard",
                "create",
                api_key=key["default_api_key"],
                vals_list=[{}],
                context={"default_company_id": self.company_b.id},
            )
        self.assertEqual(response.status_code, 403, response.text)

    def test_odd_values_are_refused_naming_the_field(self):
        session = self.sessions["administrator"]
        cases = {
            "key_grace_days": 10**12,
            "inactivity_warning_days": 2**31,
            "connect_report": [{"state": "ok", "message": "a\u0000b"}],
            "purchase_journal_name": 123,
            "integration_login": ["moss-list"],
            # look-alikes: 'admin' with a zero-width space, a name turned right-to-left
            "partner_name": "\u202eMoss",
            "purchase_journal_id": 10**12,
            "bank_journal_name": "Mo\ufe0fss",
        }
        cases_login = {"integration_login": "admin\u200b"}
        with mute_logger("odoo.http"):
            for name, value in [*cases.items(), *cases_login.items()]:
                with self.subTest(field=name, value=repr(value)):
                    _result, error = self._call_kw(session, "moss.connect.wizard", "create", [[{name: value}]])
                    self.assertEqual(self._error_kind(error), "UserError", error)
            _result, error = self._call_kw(session, "moss.connect.wizard", "create", [[{"no_such_field": "x"}]])
            self.assertEqual(self._error_kind(error), "ValueError", "an unknown field is Odoo's own refusal")
            _result, error = self._call_kw(session, "moss.connect.credentials", "create", [[{"api_key": "x"}]])
            self.assertEqual(self._error_kind(error), "AccessError", error)

    def test_programmatic_keys_stay_off_for_everyone(self):
        """Self-renewal needs no database-wide switch: no user gets Odoo's programmatic keys through it."""
        internal = new_test_user(self.env, login="moss_trust_keyholder", groups="base.group_user")
        in_a_month = fields.Datetime.now() + timedelta(days=30)
        own_key = self.env["res.users.apikeys"].with_user(internal)._generate(None, "own", in_a_month)
        wizard = self.env["moss.connect.wizard"].create({})
        wizard.self_renewal = True
        wizard.action_connect()
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param("base.enable_programmatic_api_keys"))
        payload = {"key": own_key, "scope": None, "name": "renewed", "expiration_date": str(in_a_month)}
        with mute_logger("odoo.http"):
            response = self._json2("res.users.apikeys", "generate", api_key=own_key, **payload)
            self.assertEqual(response.status_code, 422)
            self.assertIn("Programmatic API keys are not enabled", response.text)
            response = self._json2("moss.connection", "renew_api_key", api_key=own_key)
        self.assertEqual(response.status_code, 403, "only Moss's own user renews through Connect Moss")

    # ------------------------------------------------------------------
    # The history: only the addon and the company's Settings administrators, as themselves
    # ------------------------------------------------------------------

    def _history_routes(self, connection):
        """Every way a client could write in a connection's history, as (model, method, args, kwargs)."""
        admin_partner = self.env.ref("base.user_admin").partner_id.id
        target = [connection.id]
        return {
            "follow": ("moss.connection", "message_subscribe", [target], {}),
            "add a follower": (
                "mail.followers",
                "create",
                [[{"res_model": "moss.connection", "res_id": connection.id, "partner_id": admin_partner}]],
                {},
            ),
            "post as the Administrator": (
                "moss.connection",
                "message_post",
                [target],
                {"body": "Key handed over", "author_id": admin_partner, "message_type": "comment"},
            ),
            "mail a contact": (
                "moss.connection",
                "message_post",
                [target],
                {"body": "Here is the key", "partner_ids": [admin_partner], "message_type": "comment"},
            ),
            "create a message": (
                "mail.message",
                "create",
                [[{"model": "moss.connection", "res_id": connection.id, "body": "x", "message_type": "comment"}]],
                {},
            ),
            "attach a file": (
                "ir.attachment",
                "create",
                [[{"res_model": "moss.connection", "res_id": connection.id, "name": "x.txt", "raw": "x"}]],
                {},
            ),
            "schedule an activity": (
                "mail.activity",
                "create",
                [[{"res_model_id": self.env["ir.model"]._get_id("moss.connection"), "res_id": connection.id}]],
                {},
            ),
        }

    def test_only_settings_administrators_write_the_history(self):
        messages = self.connection_a.message_ids
        for role in ("accounting_admin", "accountant", "billing", "internal", "portal", "admin_b"):
            for route, (model, method, args, route_kwargs) in self._history_routes(self.connection_a).items():
                kwargs = route_kwargs
                if route == "follow":
                    partner = self.env["res.users"].search([("login", "=", self.logins[role])]).partner_id
                    kwargs = {"partner_ids": partner.ids}
                with self.subTest(role=role, route=route), mute_logger("odoo.http"):
                    _result, error = self._call_kw(self.sessions[role], model, method, args, kwargs)
                    self.assertEqual(self._error_kind(error), "AccessError", error)
        self.assertFalse(self.connection_a.message_follower_ids.partner_id.user_ids - self.env.user)
        self.assertEqual(self.connection_a.message_ids, messages)

    def test_odoos_mail_routes_refuse_who_may_not_write_the_history(self):
        """The chatter's own routes ask the connection in sudo whether one may post: the answer is
        about the user of the request (an attacker's pass found the sudo answered for everyone)."""
        messages = self.connection_a.message_ids
        post_data = {"body": "Re-enter your password at evil.example", "message_type": "comment", "partner_ids": []}
        params = {"thread_model": "moss.connection", "thread_id": self.connection_a.id, "post_data": post_data}
        with mute_logger("odoo.http"):
            for role in ("accounting_admin", "accountant", "admin_b"):
                with self.subTest(role=role):
                    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
                    self._post(self.sessions[role], "/mail/message/post", json=payload)
        self.assertEqual(self.connection_a.message_ids, messages)
        _result, error = self._jsonrpc(self.sessions["administrator"], "/mail/message/post", params)
        self.assertFalse(error, error)
        self.assertEqual(len(self.connection_a.message_ids - messages), 1, "a Settings administrator posts")

    def test_a_message_keeps_its_author(self):
        session = self.sessions["administrator"]
        other = self.env["res.users"].search([("login", "=", self.logins["accountant"])]).partner_id
        values = {"model": "moss.connection", "res_id": self.connection_a.id, "body": "x", "message_type": "comment"}
        with mute_logger("odoo.http"):
            _result, error = self._call_kw(session, "mail.message", "create", [[{**values, "author_id": other.id}]])
            self.assertEqual(self._error_kind(error), "AccessError", "not even an administrator writes as another")
            note, error = self._call_kw(session, "mail.message", "create", [[values]])
            self.assertFalse(error, error)
            _result, error = self._call_kw(session, "mail.message", "write", [note, {"author_id": other.id}])
            self.assertEqual(self._error_kind(error), "AccessError")
            accountant = self.env["res.users"].search([("login", "=", self.logins["accountant"])])
            follower = {"res_model": "moss.connection", "res_id": self.connection_a.id, "partner_id": other.id}
            _result, error = self._call_kw(session, "mail.followers", "create", [[follower]])
            self.assertEqual(self._error_kind(error), "AccessError", "only the company's administrators follow")
        administrator = self.env["res.users"].search([("login", "=", self.logins["administrator"])])
        self.assertEqual(self.env["mail.message"].browse(note).author_id, administrator.partner_id)
        self.assertNotIn(accountant.partner_id, self.connection_a.message_follower_ids.partner_id)

    def test_moss_writes_nothing_in_its_own_history(self):
        """Moss's user, with the accounting-administrator profile that reads its connection, over JSON-2."""
        wizard = self.env["moss.connect.wizard"].create({"rights_profile": "accounting_admin"})
        wizard.action_connect()
        key = self.env["moss.connect.wizard"].create({"state": "renew"})._generate_key_and_show()["context"]
        messages = self.connection_a.message_ids
        with mute_logger("odoo.http"):
            for route, (model, method, args, route_kwargs) in self._history_routes(self.connection_a).items():
                kwargs = route_kwargs
                if route == "follow":
                    kwargs = {"partner_ids": self.connection_a.user_id.partner_id.ids}
                with self.subTest(route=route):
                    payload = {"vals_list": args[0]} if method == "create" else {"ids": args[0], **kwargs}
                    response = self._json2(model, method, api_key=key["default_api_key"], **payload)
                    self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(self.connection_a.message_ids, messages)

    def test_an_administrators_note_is_always_their_own(self):
        session = self.sessions["administrator"]
        moss_partner = self.connection_a.user_id.partner_id
        note, error = self._call_kw(
            session,
            "moss.connection",
            "message_post",
            [[self.connection_a.id]],
            {"body": "Key handed over", "author_id": moss_partner.id, "message_type": "comment"},
        )
        self.assertFalse(error, error)
        administrator = self.env["res.users"].search([("login", "=", self.logins["administrator"])])
        self.assertEqual(self.env["mail.message"].browse(note).author_id, administrator.partner_id)
        # An administrator may ask others to follow: only Settings administrators of the company do.
        accountant = self.env["res.users"].search([("login", "=", self.logins["accountant"])])
        _result, error = self._call_kw(
            session,
            "moss.connection",
            "message_subscribe",
            [[self.connection_a.id]],
            {"partner_ids": (accountant | administrator).partner_id.ids},
        )
        self.assertFalse(error, error)
        followers = self.connection_a.message_follower_ids.partner_id
        self.assertIn(administrator.partner_id, followers)
        self.assertNotIn(accountant.partner_id, followers)

    def test_addon_events_notify_nobody(self):
        wizard = self.env["moss.connect.wizard"].create({})
        wizard.action_connect()
        event = self.connection_a.message_ids[0]
        self.assertIn("Connect Moss run by", event.body)
        self.assertEqual(event.message_type, "notification")
        self.assertFalse(event.notification_ids, "a logged event notifies nobody")
