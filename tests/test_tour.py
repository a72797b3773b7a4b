from odoo.tests import HttpCase, new_test_user, tagged

from .common import connection_of


@tagged("post_install", "-at_install")
class TestMossConnectTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.group_ids += cls.env.ref("analytic.group_analytic_accounting")

    def test_admin_opens_connect_moss_from_accounting_settings(self):
        self.start_tour("/odoo/settings#account", "moss_connect_open_wizard", login="admin")

    def test_settings_admin_without_accounting_admin_sees_no_moss_block(self):
        login = "moss_billing_settings"
        new_test_user(self.env, login=login, groups="base.group_system,account.group_account_invoice")
        self.start_tour("/odoo/settings#account", "moss_connect_hidden_without_accounting_admin", login=login)

    def test_admin_connects_twice_from_settings(self):
        self.start_tour("/odoo/settings#account", "moss_connect_first_and_second_run", login="admin")
        company = self.admin.company_id
        connection = connection_of(self.env, company)
        journals = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("code", "in", ["MOSS", "MOSSB"])]
        )
        self.assertEqual(journals, connection.purchase_journal_id | connection.bank_journal_id)
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=", "Moss"), ("company_id", "=", company.id)]), 1
        )

    def test_admin_runs_the_whole_wizard_with_identity_check(self):
        self.start_tour("/odoo/settings#account", "moss_connect_full_setup", login="admin")
        connection = connection_of(self.env, self.admin.company_id)
        self.assertEqual(connection.user_id.login, "moss-integration")
        self.assertEqual(connection._valid_api_keys().mapped("name"), ["Moss Integration"])
