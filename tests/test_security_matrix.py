from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, MissingError
from odoo.tests import tagged

from .common import MossConnectCommon

# role: groups. Who may do what is in ALLOWED; everything else must be refused by the server.
ROLES = {
    "administrator": "base.group_system,account.group_account_manager,analytic.group_analytic_accounting",
    "accounting_admin": "account.group_account_manager,analytic.group_analytic_accounting,base.group_partner_manager",
    "accountant": "account.group_account_user",
    "billing": "account.group_account_invoice",
    "internal": "base.group_user",
    "portal": "base.group_portal",
    "public": "base.group_public",
}
ALLOWED = {
    # Odoo's settings page is for Settings administrators; the block needs Accounting administration too.
    "see_block": {"administrator"},
    "see_admin_buttons": {"administrator"},
    "open_wizard": {"administrator", "accounting_admin"},
    "connect": {"administrator"},
    "renew": {"administrator"},
    "disconnect": {"administrator"},
    "revoke_previous": {"administrator"},
    "read_fields": {"administrator", "accounting_admin"},
    "check": {"administrator", "accounting_admin"},
}


@tagged("post_install", "-at_install")
class TestMossAccessMatrix(MossConnectCommon):
    """Each role against each operation: allowed ones work, every other is refused by the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        wizard = cls.env["moss.connect.wizard"].create({"company_id": cls.company.id})
        wizard.action_connect()
        wizard._generate_key_and_show()
        # A renewal, so that there is a previous key to revoke.
        cls.env["moss.connect.wizard"].create({"company_id": cls.company.id, "state": "renew"})._generate_key_and_show()
        cls.users = {
            role: cls.env["res.users"].create(
                {
                    "name": f"Moss {role}",
                    "login": f"moss_role_{role}",
                    "group_ids": [Command.set([cls.env.ref(xmlid).id for xmlid in groups.split(",")])],
                    "company_id": cls.company.id,
                    "company_ids": [Command.set(cls.company.ids)],
                }
            )
            for role, groups in ROLES.items()
        }

    def _operations(self, user):
        """Each operation as ``user``; returns True when it went through."""
        connection = self._connection().with_user(user)
        settings_view = lambda: etree.fromstring(  # noqa: E731 - read per role
            self.env["res.config.settings"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
        )
        return {
            "see_block": lambda: bool(settings_view().xpath("//button[@name='action_open_moss_connect_wizard']")),
            "see_admin_buttons": lambda: bool(settings_view().xpath("//button[@name='action_moss_disconnect']")),
            "open_wizard": lambda: bool(self.env["moss.connect.wizard"].with_user(user).create({}).company_id),
            "connect": lambda: self.env["moss.connect.wizard"].with_user(user).create({}).action_connect(),
            "renew": lambda: self.env["moss.connect.wizard"].with_user(user).create({})._generate_key_and_show(),
            "revoke_previous": connection.action_revoke_previous_key,
            "disconnect": lambda: connection.action_disconnect() or True,
            "read_fields": lambda: bool(connection.read(["purchase_journal_id"])),
            "check": lambda: bool(connection.action_check() and connection.read(["check_lines"])),
        }

    def _went_through(self, operation):
        try:
            with self.env.cr.savepoint():
                return bool(operation())
        except (AccessError, MissingError):
            return False

    def test_matrix(self):
        for role, user in self.users.items():
            operations = self._operations(user)
            for name, operation in operations.items():
                with self.subTest(role=role, operation=name):
                    self.assertEqual(self._went_through(operation), role in ALLOWED[name])

    def test_public_user_is_refused_everything(self):
        public = self.env.ref("base.public_user")
        for name, operation in self._operations(public).items():
            if name.startswith("see_"):
                continue  # the public user cannot even load a form view of the settings
            with self.subTest(operation=name):
                self.assertFalse(self._went_through(operation))
