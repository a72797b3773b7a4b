from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossMigrationFromSharedUser(MossConnectCommon):
    """19.0.1.x kept the set-up on the companies and one integration user for all of them
    (migrations/19.0.2.0.0; make roundtrip runs the real upgrade)."""

    def test_first_company_keeps_the_user_the_others_are_told(self):
        company_b = self.setup_other_company(name="Moss Legacy B")["company"]
        company_c = self.setup_other_company(name="Moss Legacy C")["company"]
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
        connections = self.env["moss.connection"]._adopt_company_setups(setups)
        kept, told, gone = (
            connections.filtered(lambda c, company=company: c.company_id == company)
            for company in (self.company, company_b, company_c)
        )
        self.assertEqual((kept.user_id, kept.state), (shared, "connected"))
        self.assertEqual(shared.company_ids, self.company, "the kept user reads one company only")
        self.assertEqual(self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key), shared.id)
        self.assertEqual((told.user_id.id, told.state), (False, "draft"))
        self.assertIn("Create this company's key", told.message_ids[0].body)
        self.assertIn(accountant_b, told.bank_journal_id.activity_ids.user_id)
        self.assertEqual(gone.state, "disconnected", "a company disconnected in 19.0.1.x stays so")
