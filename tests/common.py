from odoo import Command, fields
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import Opener

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


def moss_administrator(env, login="moss_admin"):
    """An administrator of the database's own company holding every permission Moss asks for."""
    groups = ",".join(("base.group_user", "account.group_account_user", *MOSS_GROUPS))
    return new_test_user(env, login=login, name="Moss Admin", groups=groups)


def other_company(env, name, chart=True):
    """Another company that ``env``'s user may work in, by default with Odoo's generic chart (loading
    one takes a second or two: only for tests that connect it)."""
    company = env["res.company"].create({"name": name})
    if chart:
        env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
    env.user.company_ids += company
    return company


class MossHelpers:
    """What Moss's administrator does, for test classes that hold ``env`` and ``company``."""

    @classmethod
    def _other_company(cls, name, chart=True):
        return other_company(cls.env, name, chart)

    def _connection(self, company=None):
        return connection_of(self.env, company or self.company)

    def _wizard(self, company=None, **values):
        company = company or self.env.company
        return self.env["moss.connect.wizard"].with_company(company).create({"company_id": company.id, **values})

    def _connect(self, company=None, **values):
        wizard = self._wizard(company, **values)
        wizard.action_connect()
        return wizard

    def _chart_journal(self, journal_type):
        """The journal of that type the chart made for the company."""
        return self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", journal_type)], limit=1
        )

    def _chart_account(self, account_type):
        """An account of that type from the company's chart."""
        return self.env["account.account"].search(
            [("company_ids", "in", self.company.id), ("account_type", "=", account_type)], limit=1
        )

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


class MossConnectCommon(MossHelpers, BaseCommon):
    """The database's own company, with the chart Odoo loads when Invoicing is installed, and an
    administrator of it holding every permission Moss asks for. No chart is loaded per class."""

    @classmethod
    def setup_independent_user(cls):
        return moss_administrator(cls.env)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_public_base_url(cls.env)


class MossHttpMixin:
    """Real HTTP against the test server through core's HttpCase helpers: JSON-RPC with a session per
    user (``authenticate``), JSON-2 with a key as bearer token, each request from core's ``Opener``."""

    def _login(self, login):
        """A browser of its own, logged in as ``login`` as core's ``authenticate`` does it."""
        self.session = None  # authenticate() would end the previous user's session
        self.authenticate(login, login)
        return self.opener

    def _post(self, opener, route, **kwargs):
        """POST from ``opener``; core's Opener flushes this transaction so that the server sees it."""
        self.opener = opener
        return self.url_open(route, timeout=60, method="POST", **kwargs)

    def _jsonrpc(self, opener, route, params):
        """``(result, error)`` of one JSON-RPC call; ``error`` is Odoo's error name and message."""
        response = self._post(opener, route, json=self.build_rpc_payload(params))
        self.assertEqual(response.status_code, 200, response.text[:500])
        body = response.json()
        error = body.get("error")
        if error:
            return None, f"{error['data']['name']}: {error['data']['message']}"
        return body.get("result"), None

    def _call_kw(self, opener, model, method, args, kwargs=None):
        return self._jsonrpc(
            opener,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _call_button(self, opener, model, method, ids, context=None):
        return self._jsonrpc(
            opener,
            "/web/dataset/call_button",
            {"model": model, "method": method, "args": [ids], "kwargs": {"context": context or {}}},
        )

    def _json2(self, model, method, api_key=None, **payload):
        """Moss's call: JSON-2 with the key as bearer token (``self.key`` unless given), no session."""
        return self._post(
            Opener(self),
            f"/json/2/{model}/{method}",
            json=payload,
            headers={"Authorization": f"bearer {api_key or self.key}", "X-Odoo-Database": self.env.cr.dbname},
        )


# Every test that talks to Odoo's HTTP server carries the tag moss_http: make test runs them in one
# database of their own, beside the others. Odoo's runner generates every asset bundle (about 25
# CPU-seconds) in each database whose post-install tests hold an HttpCase: once is enough.
@tagged("moss_http")
class MossHttpCommon(MossHelpers, MossHttpMixin, HttpCase):
    """Real HTTP on the database's own company, its Base URL as installed; ``env`` is a Moss
    administrator of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(user=moss_administrator(cls.env), context=DISABLED_MAIL_CONTEXT)
        cls.company = cls.env.company


@tagged("moss_http")
class MossConnectedHttpCommon(MossHelpers, MossHttpMixin, HttpCase):
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
