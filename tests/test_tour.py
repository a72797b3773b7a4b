from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMossConnectTour(HttpCase):
    def test_admin_opens_connect_moss_from_accounting_settings(self):
        self.start_tour("/odoo/settings#account", "moss_connect_open_wizard", login="admin")
