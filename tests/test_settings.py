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

    def _settings_buttons(self, user):
        views = self.env["res.config.settings"].with_user(user).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        return arch.xpath("//button[@name='action_open_moss_connect_wizard']")

    def test_settings_view_shows_connect_button_to_accounting_admin(self):
        self.assertEqual(len(self._settings_buttons(self.accounting_admin)), 1)

    def test_settings_view_hides_connect_button_without_accounting_admin_rights(self):
        self.assertFalse(self._settings_buttons(self.billing_admin))

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
    def test_block_shows_what_is_set_up_and_what_is_missing(self):
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.moss_purchase_journal_id)
        self.assertEqual(settings.moss_setup_missing.count("not set up yet"), 4)

        self._connect()
        settings = self.env["res.config.settings"].create({})
        company = self.company
        self.assertEqual(settings.moss_purchase_journal_id, company.moss_purchase_journal_id)
        self.assertEqual(settings.moss_bank_journal_id, company.moss_bank_journal_id)
        self.assertEqual(settings.moss_payment_account_id, company.moss_payment_account_id)
        self.assertEqual(settings.moss_partner_id, company.moss_partner_id)
        self.assertFalse(settings.moss_setup_missing)

        company.moss_bank_journal_id.action_archive()
        settings = self.env["res.config.settings"].create({})
        self.assertIn("is archived", settings.moss_setup_missing)

    def test_block_is_per_company(self):
        other = self.setup_other_company(name="Moss Settings Co")["company"]
        self.env.user.company_ids += other
        self._connect()
        settings = self.env["res.config.settings"].with_company(other).create({})
        self.assertFalse(settings.moss_purchase_journal_id)
        self.assertIn("not set up yet", settings.moss_setup_missing)
