from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossConnectionHealth(MossConnectCommon):
    def _report(self, company=None):
        settings = self.env["res.config.settings"].with_company(company or self.company).create({})
        action = settings.action_moss_check_connection()
        health = self.env[action["res_model"]].browse(action["res_id"])
        return health, {check["name"]: check for check in health._health_checks()}

    def test_healthy_set_up_is_all_ok(self):
        self._connect_with_key()
        health, checks = self._report()
        self.assertEqual({check["state"] for check in checks.values()}, {"ok"}, checks)
        self.assertEqual(len(checks), 6)
        self.assertFalse(health.has_errors)
        self.assertIn("Valid for", checks["API key"]["message"])
        self.assertEqual(
            checks["Moss Purchase Journal"]["url"], f"/odoo/account.journal/{self.company.moss_purchase_journal_id.id}"
        )

    def test_nothing_set_up_offers_the_wizard(self):
        health, checks = self._report()
        self.assertTrue(health.has_errors)
        self.assertEqual(checks["Moss Bank Journal"]["state"], "error")
        self.assertEqual(health.action_open_wizard()["res_model"], "moss.connect.wizard")

    def test_each_broken_part_is_an_error_linking_to_the_record(self):
        self._connect_with_key()
        company = self.company
        breakages = {
            "Moss Purchase Journal": company.moss_purchase_journal_id.action_archive,
            "Outgoing payments": lambda: setattr(company.moss_payment_account_id, "reconcile", False),
            "Default supplier": company.moss_partner_id.action_archive,
            "Integration user": lambda: company.moss_integration_user_id.write(
                {"group_ids": [(3, self.env.ref("moss_connect.group_moss_integration").id)]}
            ),
        }
        for name, breaks in breakages.items():
            with self.subTest(name=name):
                with self.env.cr.savepoint(flush=True) as savepoint:
                    breaks()
                    _health, checks = self._report()
                    self.assertEqual(checks[name]["state"], "error", checks[name])
                    self.assertTrue(checks[name]["url"])
                    savepoint.rollback()
                self.env.invalidate_all()

    def test_unmapped_payment_method_line(self):
        self._connect()
        bank = self.company.moss_bank_journal_id
        bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual").payment_account_id = False
        _health, checks = self._report()
        self.assertIn("not mapped", checks["Outgoing payments"]["message"])

    def test_key_close_to_expiry_gone_or_endless(self):
        self._connect_with_key()
        keys = self.company.moss_integration_user_id._moss_api_keys().sudo()
        keys.expiration_date = fields.Datetime.now() + timedelta(days=5, hours=1)
        _health, checks = self._report()
        self.assertEqual(checks["API key"]["state"], "warning")
        self.assertIn("expires in 5 days", checks["API key"]["message"])
        keys.expiration_date = False
        _health, checks = self._report()
        self.assertIn("never expires", checks["API key"]["message"])
        keys.unlink()
        _health, checks = self._report()
        self.assertEqual(checks["API key"]["state"], "error")

    def test_integration_user_with_settings_rights_is_a_warning(self):
        self._connect_with_key()
        self.company.moss_integration_user_id.group_ids += self.env.ref("base.group_system")
        _health, checks = self._report()
        self.assertEqual(checks["Integration user"]["state"], "warning")

    def test_disconnected_company(self):
        self._connect_with_key()
        self.company._moss_disconnect()
        _health, checks = self._report()
        self.assertEqual(checks["Integration user"]["state"], "error")
        self.assertEqual(checks["API key"]["state"], "error")

    def test_cannot_check_a_company_outside_ones_companies(self):
        other = self.setup_other_company(name="Moss Hidden Co")["company"]
        self.env.user.company_ids -= other
        health = self.env["moss.connect.health"].create({"company_id": other.id})
        with self.assertRaises(AccessError):
            health._health_checks()
