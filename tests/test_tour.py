from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MOSS_GROUPS, connection_of, set_public_base_url

XSS = '<img src=x onerror="window.__mossXss=1">'
# Where Activate in Apps leads: Connect Moss, the action of the addon's configuration to-do.
JOURNEY_START = "/odoo/action-moss_connect.action_moss_connect_start"
# The company the journey's tour looks for on every screen.
COMPANY = "Moss Tour Company"


@tagged("moss_http")
class MossTourCommon(HttpCase):
    """The administrator of a fresh Invoicing database: every Moss permission but Analytic Accounting,
    which a fresh database has off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo gives Chromium 10 s to start, then skips the tour; make test runs its two databases
        # at once, and on two busy cores a first start can take longer.
        cls.startClassPatcher(patch("odoo.tests.common.CHECK_BROWSER_ITERATIONS", 600))
        cls.admin = cls.env.ref("base.user_admin")
        analytic = cls.env.ref("analytic.group_analytic_accounting")
        cls.env.ref("base.group_user").implied_ids -= analytic
        cls.admin.group_ids = [Command.link(cls.env.ref(xmlid).id) for xmlid in MOSS_GROUPS] + [
            Command.unlink(analytic.id)
        ]
        cls.company = cls.admin.company_id
        cls.company.name = COMPANY
        set_public_base_url(cls.env)  # as in production: Moss can reach it, so a set-up can be green

    @classmethod
    def _load_language(cls, lang, modules=None):
        """``lang`` active, with the translations of ``modules`` (by default every installed module)."""
        cls.env["res.lang"]._activate_lang(lang)
        if modules is None:
            modules = cls.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        cls.env["ir.module.module"]._load_module_terms(modules, [lang])

    def _connect(self, with_key=False):
        self.admin.group_ids += self.env.ref("analytic.group_analytic_accounting")
        wizard = self.env["moss.connect.wizard"].with_user(self.admin).create({"company_id": self.company.id})
        wizard.action_connect()
        if with_key:
            wizard._generate_key_and_show()
        return connection_of(self.env, self.company)


@tagged("post_install", "-at_install")
class TestMossConnectTour(MossTourCommon):
    def test_connect_moss_is_found_in_apps_as_it_opens(self):
        self.start_tour("/odoo/action-base.open_module_tree", "moss_connect_found_in_apps", login="admin")

    def test_activate_leads_into_connect_moss(self):
        """Odoo launches the open configuration to-do right after a module is installed from Apps."""
        action = self.env["ir.module.module"].next()
        self.assertEqual(action["id"], self.env.ref("moss_connect.action_moss_connect_start").id)
        self.assertEqual((action["res_model"], action["target"]), ("moss.connect.wizard", "new"))

    def test_the_block_through_a_connections_life(self):
        """Connected without a key: Review set-up and Create API key; then Renew asks first, and
        Disconnect confirms it is done."""
        connection = self._connect()
        self.start_tour("/odoo/settings#account", "moss_connect_settings_block", login="admin")
        self.assertEqual(connection.state, "disconnected")
        self.assertEqual(len(connection._valid_api_keys()), 0)


@tagged("post_install", "-at_install")
class TestMossFirstJourney(MossTourCommon):
    # The journey in another language is Moss's words and the web client's: the rest of the page stays
    # English here (make screenshots loads every module's translations, to read them in context).
    JOURNEY_MODULES = ("web", "moss_connect")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("de_DE", "nl_NL"):
            cls._load_language(lang, cls.JOURNEY_MODULES)

    def test_new_administrator_gets_the_key_within_six_clicks_of_activate(self):
        """The whole first journey, in German and Dutch, each from a fresh state: the tour counts its
        clicks from Activate to the key on screen and fails past six. Its selectors hold no text: in
        English, the source of both translations, it would click the same elements."""
        analytic = self.env.ref("analytic.group_analytic_accounting")
        for lang in ("de_DE", "nl_NL"):
            with self.subTest(lang=lang), self.env.cr.savepoint() as savepoint:
                self.admin.lang = lang
                self.assertFalse(self.admin.has_group("analytic.group_analytic_accounting"))
                self.start_tour(JOURNEY_START, "moss_connect_first_journey", login="admin")
                self.env.invalidate_all()
                connection = connection_of(self.env, self.company)
                self.assertIn(analytic, self.env.ref("base.group_user").all_implied_ids, "enabled for every user")
                self.assertEqual(connection.state, "connected")
                self.assertEqual(len(connection._valid_api_keys()), 1)
                savepoint.rollback()
            # The rollback undoes the groups in the database, not in the registry's caches.
            self.env.registry.clear_all_caches()
            self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestMossNoScriptRuns(MossTourCommon):
    def test_names_written_by_an_accountant_never_run_as_script(self):
        """An Accounting administrator may rename journals, the supplier and the company: whatever the
        names hold, the administrator's pages show them as text."""
        connection = self._connect(with_key=True)
        accountant = new_test_user(
            self.env,
            login="moss_xss_accountant",
            groups="account.group_account_manager,base.group_partner_manager",
            company_id=self.company.id,
        )
        connection.purchase_journal_id.with_user(accountant).name = f"Purchases {XSS}"
        connection.partner_id.with_user(accountant).name = f"Moss {XSS}"
        connection.bank_journal_id.with_user(accountant).name = f"Bank {XSS}"
        self.company.name = f"Company {XSS}"
        self._connect()  # a second run quotes the new names in the chatter
        self.start_tour("/odoo/settings#account", "moss_connect_no_script_runs", login="admin")
