from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import HttpCase

# Every group Connect Moss asks for (see moss.connect.wizard._moss_permissions).
MOSS_GROUPS = (
    "base.group_system",
    "account.group_account_manager",
    "base.group_partner_manager",
    "analytic.group_analytic_accounting",
    "account.group_account_invoice",
    "base.group_erp_manager",
)


class MossConnectCommon(AccountTestInvoicingCommon):
    """An accounting company with a chart, and a user holding every permission Moss asks for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids += cls._groups(MOSS_GROUPS)
        cls.company = cls.env.company

    @classmethod
    def _groups(cls, xmlids):
        return cls.env["res.groups"].browse([cls.env.ref(xmlid).id for xmlid in xmlids])

    def _wizard(self, company=None, **values):
        company = company or self.env.company
        return self.env["moss.connect.wizard"].with_company(company).create({"company_id": company.id, **values})

    def _connect(self, company=None, **values):
        wizard = self._wizard(company, **values)
        wizard.action_connect()
        return wizard

    def _record_counts(self):
        """How many journals, accounts and partners exist, archived ones included."""
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in ("account.journal", "account.account", "res.partner")
        }

    def assertFailsLeavingNothing(self, exception, wizard, *fragments):
        """``action_connect`` raises ``exception`` naming ``fragments`` and leaves no record behind.

        Not ``assertRaises``: it wraps the call in a savepoint of its own, which would hide a
        half-created set-up.
        """
        before = self._record_counts()
        try:
            wizard.action_connect()
        except exception as error:
            message = str(error)
        else:
            self.fail(f"action_connect() did not raise {exception.__name__}")
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(self._record_counts(), before, "a failed run left records behind")
        return message

    def _connect_with_key(self, company=None, **values):
        """Run the whole wizard as Moss's administrator would; return (wizard, key)."""
        wizard = self._connect(company, **values)
        action = wizard._generate_key_and_show()
        return wizard, action["context"]["default_api_key"]


class MossConnectedHttpCommon(HttpCase):
    """The administrator has connected their company and holds the key, as before Moss's first call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        admin.group_ids += cls.env["res.groups"].browse([cls.env.ref(xmlid).id for xmlid in MOSS_GROUPS])
        cls.company = admin.company_id
        wizard = cls.env["moss.connect.wizard"].with_user(admin).create({"company_id": cls.company.id})
        wizard.action_connect()
        cls.key = wizard._generate_key_and_show()["context"]["default_api_key"]
        cls.user = cls.company.moss_integration_user_id
