from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounting_admin = new_test_user(
            cls.env, login="moss_accounting_admin", groups="base.group_system,account.group_account_manager"
        )
        cls.billing_admin = new_test_user(
            cls.env, login="moss_billing_admin", groups="base.group_system,account.group_account_invoice"
        )

    def _moss_block(self, user):
        """The Moss block of the settings form as the web client receives it for ``user``."""
        views = self.env["res.config.settings"].with_user(user).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        return arch.xpath("//*[@id='moss_connect']"), arch.xpath("//button[@name='action_open_moss_connect_wizard']")

    def test_settings_view_shows_the_block_to_accounting_admin(self):
        block, buttons = self._moss_block(self.accounting_admin)
        self.assertEqual((len(block), len(buttons)), (1, 2), "Connect Moss and Review set-up")

    def test_settings_view_hides_the_block_without_accounting_admin_rights(self):
        self.assertEqual(self._moss_block(self.billing_admin), ([], []))

    def test_connect_button_opens_wizard_for_settings_company(self):
        settings = self.env["res.config.settings"].with_user(self.accounting_admin).create({})
        action = settings.action_open_moss_connect_wizard()
        self.assertEqual(action["res_model"], "moss.connect.wizard")
        self.assertEqual(action["target"], "new")
        wizard = (
            self.env[action["res_model"]].with_user(self.accounting_admin).with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.company_id, self.accounting_admin.company_id)


@tagged("post_install", "-at_install")
class TestMossSettingsStatus(MossConnectCommon):
    """The block shows the two steps: the accounting, then the key; "set up" only with a valid key."""

    def _settings(self, company=None):
        return self.env["res.config.settings"].with_company(company or self.company).create({})

    def _messages(self, settings):
        return " ".join(f"{line['name']}: {line['message']}" for line in settings.moss_status_lines)

    def test_steps_of_the_block(self):
        self.assertEqual(self._settings().moss_status, "none")
        self._connect()
        settings = self._settings()
        self.assertEqual(settings.moss_status, "key_missing")
        self.assertIn("Purchase Journal: Moss Purchase Journal (MOSS)", self._messages(settings))
        action = settings.action_moss_create_key()
        self.assertEqual(action["context"]["default_state"], "key")
        self._create_key()
        settings = self._settings()
        self.assertEqual(settings.moss_status, "connected")
        self.assertIn("Current key: 'Moss Integration'", self._messages(settings))
        self._connection().action_disconnect()
        self.assertEqual(self._settings().moss_status, "disconnected")

    def test_what_is_missing_is_said(self):
        self._connect()
        self._connection().bank_journal_id.action_archive()
        self.assertIn("is archived", self._messages(self._settings()))

    def test_block_is_per_company(self):
        other = self._other_company("Moss Settings Co")
        self.env.user.company_ids += other
        self._connect()
        settings = self._settings(other)
        self.assertEqual(settings.moss_status, "none")
        self.assertFalse(settings.moss_status_lines)

    def test_computed_fields_cannot_be_written(self):
        self._connect()
        settings = self.env["res.config.settings"].create(
            {"moss_status": "connected", "moss_status_lines": [{"state": "ok", "message": "<b>x</b>"}]}
        )
        self.assertEqual(settings.moss_status, "key_missing")
        self.assertNotIn("<b>", str(settings.moss_status_lines))
