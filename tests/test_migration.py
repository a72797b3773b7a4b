from datetime import timedelta

from odoo import Command, fields
from odoo.modules.module import load_script
from odoo.tests import new_test_user, tagged

from .common import MossConnectCommon

adopt_company_setups = load_script(
    "moss_connect/migrations/19.0.2.0.0/post-migrate.py", "moss_migrate_19_0_2"
).adopt_company_setups


@tagged("post_install", "-at_install")
class TestMossMigrationFromSharedUser(MossConnectCommon):
    """19.0.1.x kept the set-up on the companies and one integration user for all of them
    (migrations/19.0.2.0.0; make roundtrip runs the real upgrade)."""

    def test_first_company_keeps_the_user_the_others_are_told(self):
        company_b = self._other_company("Moss Legacy B")
        company_c = self._other_company("Moss Legacy C")
        accountant_b = new_test_user(
            self.env, login="moss_legacy_b", groups="account.group_account_manager", company_id=company_b.id
        )
        group = self.env.ref("moss_connect.group_moss_integration")
        shared = self.env["res.users"].create(
            {
                "name": "Moss Integration",
                "login": "moss-integration",
                "company_id": self.company.id,
                "company_ids": [Command.set((self.company | company_b).ids)],
                "group_ids": [Command.set(group.ids)],
            }
        )
        key = self.env["res.users.apikeys"].with_user(shared).sudo()._generate(None, "Moss Integration", False)
        journal = self.env["account.journal"].create
        setups = [
            {
                "company_id": company.id,
                "purchase_journal_id": journal(
                    {"name": "P", "code": "MP", "type": "purchase", "company_id": company.id}
                ).id,
                "bank_journal_id": journal({"name": "B", "code": "MB", "type": "bank", "company_id": company.id}).id,
                "payment_account_id": None,
                "partner_id": None,
                "user_id": shared.id,
                "key_reminder": None,
            }
            for company in (self.company, company_b, company_c)
        ]
        connections = adopt_company_setups(self.env, setups)
        kept, told, gone = (
            connections.filtered(lambda c, company=company: c.company_id == company)
            for company in (self.company, company_b, company_c)
        )
        self.assertEqual((kept.user_id, kept.state), (shared, "connected"))
        self.assertEqual(shared.company_ids, self.company, "the kept user reads one company only")
        self.assertEqual(self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key), shared.id)
        self.assertEqual((told.user_id.id, told.state), (False, "draft"))
        self.assertIn("Create this company's key", told.message_ids[0].body)
        self.assertIn(accountant_b, told.activity_ids.user_id, "a to-do on the connection")
        self.assertEqual(gone.state, "disconnected", "a company disconnected in 19.0.1.x stays so")

    def test_a_recorded_user_that_is_a_persons_account_is_not_adopted(self):
        person = new_test_user(self.env, login="moss-integration", groups="moss_connect.group_moss_integration")
        setup = dict.fromkeys(("purchase_journal_id", "bank_journal_id", "payment_account_id", "partner_id"))
        setup.update(company_id=self.company.id, user_id=person.id, key_reminder=None)
        connection = adopt_company_setups(self.env, [setup])
        self.assertNotEqual(connection.user_id, person)
        self.assertTrue(connection.user_id.login.startswith("moss-integration-"))
        self.assertEqual(connection.state, "draft", "Moss needs the new user's key")
        self.assertIn("did not keep 'moss-integration'", connection.message_ids[0].body)
        self.assertIn("has a password", connection.message_ids[0].body)
        self.assertTrue(person.active, "the person's account is left as it is")


@tagged("post_install", "-at_install")
class TestMossMigrationFromProgrammaticKeys(MossConnectCommon):
    """19.0.2 turned Odoo's database-wide switch on for self-renewal (migrations/19.0.3.0.0)."""

    def _migrate(self):
        load_script("moss_connect/migrations/19.0.3.0.0/post-migrate.py", "moss_migrate_19_0_3").migrate(
            self.env.cr, "19.0.2.0.0"
        )

    def test_the_switch_connect_moss_turned_on_is_turned_off(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("base.enable_programmatic_api_keys", "True")
        params.set_param("moss_connect.enabled_programmatic_api_keys", "True")
        self._migrate()
        self.assertFalse(params.get_param("base.enable_programmatic_api_keys"))
        self.assertFalse(params.search_count([("key", "=", "moss_connect.enabled_programmatic_api_keys")]))

    def test_a_switch_someone_else_turned_on_stays(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("base.enable_programmatic_api_keys", "True")
        self._migrate()
        self.assertEqual(params.get_param("base.enable_programmatic_api_keys"), "True")

    def test_a_grace_period_under_way_is_scheduled(self):
        self._connect_with_key()
        self._wizard(state="renew")._generate_key_and_show()
        connection = self._connection()
        ends = fields.Datetime.now() + timedelta(days=2)
        # As 19.0.2 left it: the grace end written on the previous key itself.
        connection.key_grace_end = False
        self.env.cr.execute(
            "UPDATE res_users_apikeys SET expiration_date = %s WHERE id = %s", [ends, connection._previous_keys().id]
        )
        self.env.invalidate_all()
        self._migrate()
        self.assertEqual(connection.key_grace_end, ends)
