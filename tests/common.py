import requests

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import HttpCase

# Every group Connect Moss asks for (see moss.connect.readiness._moss_permissions).
MOSS_GROUPS = (
    "base.group_system",
    "account.group_account_manager",
    "base.group_partner_manager",
    "analytic.group_analytic_accounting",
    "account.group_account_invoice",
    "base.group_erp_manager",
)


def moss_groups(env, xmlids=MOSS_GROUPS):
    """The groups of ``xmlids``, by default every group Connect Moss asks for."""
    return env["res.groups"].browse([env.ref(xmlid).id for xmlid in xmlids])


def connection_of(env, company):
    """The Moss connection of ``company``, read as the server."""
    return env["moss.connection"].sudo().search([("company_id", "=", company.id)])


def set_public_base_url(env):
    """The Base URL of a production Odoo: public, https and frozen, so that nothing about it is to fix."""
    params = env["ir.config_parameter"].sudo()
    params.set_param("web.base.url", "https://odoo.example.com")
    params.set_param("web.base.url.freeze", True)


class MossConnectCommon(AccountTestInvoicingCommon):
    """An accounting company with a chart, and a user holding every permission Moss asks for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids += moss_groups(cls.env)
        cls.company = cls.env.company
        set_public_base_url(cls.env)

    def _connection(self, company=None):
        return connection_of(self.env, company or self.company)

    def _wizard(self, company=None, **values):
        company = company or self.env.company
        return self.env["moss.connect.wizard"].with_company(company).create({"company_id": company.id, **values})

    def _connect(self, company=None, **values):
        wizard = self._wizard(company, **values)
        wizard.action_connect()
        return wizard

    def _record_counts(self):
        """How many journals, accounts, partners and users exist, archived ones included."""
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in ("account.journal", "account.account", "res.partner", "res.users", "moss.connection")
        }

    def assertFailsLeavingNothing(self, exception, wizard, *fragments, method="action_connect"):
        """``wizard.<method>()`` raises ``exception`` naming ``fragments`` and leaves no record behind.

        Not ``assertRaises``: it wraps the call in a savepoint of its own, which would hide a
        half-created set-up.
        """
        before = self._record_counts()
        try:
            getattr(wizard, method)()
        except exception as error:
            message = str(error)
        else:
            self.fail(f"{method}() did not raise {exception.__name__}")
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(self._record_counts(), before, "a failed run left records behind")
        return message

    def _bill_as_moss(self, company, line):
        """A vendor bill in the Moss Purchase Journal on the default supplier, created by Moss's own user."""
        connection = self._connection(company)
        return (
            self.env["account.move"]
            .with_user(connection.user_id)
            .with_company(company)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": connection.partner_id.id,
                    "journal_id": connection.purchase_journal_id.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [Command.create(line)],
                }
            )
        )

    def _create_key(self, company=None, **values):
        """What Create API key does once the password is confirmed; returns the show-once action."""
        wizard = self._wizard(company, state="key", **values)
        return wizard._generate_key_and_show()

    def _connect_with_key(self, company=None, **values):
        """Run the whole wizard as Moss's administrator would; return (wizard, key)."""
        wizard = self._connect(company, **values)
        action = wizard._generate_key_and_show()
        return wizard, action["context"]["default_api_key"]


class MossHttpMixin:
    """Real HTTP against the test server: JSON-RPC with a session per user, JSON-2 with a key."""

    def _connection(self, company=None):
        return connection_of(self.env, company or self.company)

    def _login(self, login, password=None):
        """A browser of its own: a new HTTP session logged in as ``login`` (password: the login)."""
        session = requests.Session()
        _result, error = self._jsonrpc(
            session,
            "/web/session/authenticate",
            {"db": self.env.cr.dbname, "login": login, "password": password or login},
        )
        self.assertFalse(error, f"{login} could not log in: {error}")
        return session

    def _post(self, session, route, **kwargs):
        """POST as Odoo's own test opener does: the server sees this transaction, flushed."""
        self.env.cr.flush()
        self.env.cr.clear()
        with self.allow_requests(all_requests=True):
            return session.post(f"{self.base_url()}{route}", timeout=60, **kwargs)

    def _jsonrpc(self, session, route, params):
        """``(result, error)`` of one JSON-RPC call; ``error`` is Odoo's error name and message."""
        response = self._post(session, route, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        self.assertEqual(response.status_code, 200, response.text[:500])
        body = response.json()
        error = body.get("error")
        if error:
            return None, f"{error['data']['name']}: {error['data']['message']}"
        return body.get("result"), None

    def _call_kw(self, session, model, method, args, kwargs=None):
        return self._jsonrpc(
            session,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _call_button(self, session, model, method, ids, context=None):
        return self._jsonrpc(
            session,
            "/web/dataset/call_button",
            {"model": model, "method": method, "args": [ids], "kwargs": {"context": context or {}}},
        )

    def _json2(self, model, method, api_key=None, **payload):
        """Moss's call: JSON-2 with the key as bearer token (``self.key`` unless given)."""
        return self._post(
            requests.Session(),
            f"/json/2/{model}/{method}",
            json=payload,
            headers={"Authorization": f"bearer {api_key or self.key}", "X-Odoo-Database": self.env.cr.dbname},
        )


class MossConnectedHttpCommon(MossHttpMixin, HttpCase):
    """The administrator has connected their company and holds the key, as before Moss's first call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        admin.group_ids += moss_groups(cls.env)
        cls.company = admin.company_id
        set_public_base_url(cls.env)
        wizard = cls.env["moss.connect.wizard"].with_user(admin).create({"company_id": cls.company.id})
        wizard.action_connect()
        cls.key = wizard._generate_key_and_show()["context"]["default_api_key"]
        cls.connection = connection_of(cls.env, cls.company)
        cls.user = cls.connection.user_id
