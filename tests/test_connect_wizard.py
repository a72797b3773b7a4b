from odoo import Command
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import new_test_user, tagged

from .common import MOSS_GROUPS, MossConnectCommon, moss_groups


@tagged("post_install", "-at_install")
class TestMossConnectSetup(MossConnectCommon):
    def _report(self, wizard):
        return " ".join(line["message"] for line in wizard.connect_report)

    def test_first_run_creates_journals_account_and_supplier(self):
        wizard = self._connect()
        company = self.company
        purchase, bank = self._connection(company).purchase_journal_id, self._connection(company).bank_journal_id
        account, partner = self._connection(company).payment_account_id, self._connection(company).partner_id

        self.assertEqual((purchase.name, purchase.code, purchase.type), ("Moss Purchase Journal", "MOSS", "purchase"))
        self.assertEqual((bank.name, bank.code, bank.type), ("Moss", "MOSSB", "bank"))
        self.assertFalse(bank.currency_id, "the bank journal runs in the company currency")
        self.assertEqual(account.name, "Moss Outstanding Payments")
        self.assertEqual(account.account_type, "asset_current")
        self.assertTrue(account.reconcile)
        self.assertIn(company, account.company_ids)
        manual = bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual")
        self.assertEqual(manual.payment_account_id, account)
        self.assertNotIn(account, bank.inbound_payment_method_line_ids.payment_account_id)
        self.assertEqual((partner.name, partner.company_id, partner.supplier_rank > 0), ("Moss", company, True))
        self.assertTrue(partner.is_company)
        self.assertEqual(wizard.state, "key", "step two, the key, comes next")
        self.assertIn("Created the Moss Purchase Journal", self._report(wizard))
        self.assertFalse(self._connection(company)._setup_errors(self._connection(company)._health()))

    def test_created_records_say_where_they_come_from(self):
        self._connect()
        company = self.company
        for record in (
            self._connection(company).purchase_journal_id,
            self._connection(company).bank_journal_id,
            self._connection(company).payment_account_id,
            self._connection(company).partner_id,
        ):
            bodies = record.message_ids.mapped("body")
            origin = [body for body in bodies if "Created by Connect Moss" in body]
            self.assertTrue(origin, f"{record} has no origin message")
            self.assertIn(self.env.user.name, origin[0])

    def test_new_account_takes_next_free_code_after_outstanding_payments(self):
        self._connect()
        reference = self.env.ref(f"account.{self.company.id}_account_journal_payment_credit_account_id")
        code = self._connection().payment_account_id.code
        self.assertGreater(code, reference.code)
        self.assertEqual(len(code), len(reference.code))

    def test_next_free_account_code_finds_the_first_gap(self):
        reference = self.env.ref(f"account.{self.company.id}_account_journal_payment_credit_account_id")
        start = int(reference.code)
        used = set(self.env["account.account"].search([]).mapped("code"))
        taken = [str(n) for n in range(start + 1, start + 6)] + [str(start + 7)]
        self.env["account.account"].create(
            [
                {"name": f"Taken {code}", "code": code, "account_type": "asset_current"}
                for code in taken
                if code not in used
            ]
        )
        expected = next(str(n) for n in range(start + 1, start + 100) if str(n) not in used | set(taken))
        connection = self.env["moss.connection"].sudo().create({"company_id": self.company.id})
        self.assertEqual(connection._next_free_account_code(reference.code), expected)
        # An archived account still holds its code.
        self.env["account.account"].create(
            {"name": "Archived", "code": expected, "account_type": "asset_current"}
        ).active = False
        self.assertNotEqual(connection._next_free_account_code(reference.code), expected)

    def test_second_run_creates_nothing_and_says_so(self):
        self._connect()
        before = self._record_counts()
        first = self._connection().purchase_journal_id | self._connection().bank_journal_id
        wizard = self._connect()
        self.assertEqual(self._record_counts(), before)
        self.assertEqual(self._connection().purchase_journal_id | self._connection().bank_journal_id, first)
        self.assertIn("Reused the Moss Purchase Journal", self._report(wizard))
        self.assertNotIn("Created", self._report(wizard))

    def test_second_run_wizard_proposes_what_the_company_uses(self):
        self._connect()
        wizard = self._wizard()
        self.assertEqual(wizard.purchase_journal_mode, "existing")
        self.assertEqual(wizard.purchase_journal_id, self._connection().purchase_journal_id)
        self.assertEqual(wizard.partner_id, self._connection().partner_id)

    def test_second_run_repairs_archived_journal_and_cleared_payment_account(self):
        self._connect()
        company = self.company
        bank = self._connection(company).bank_journal_id
        self._connection(company).purchase_journal_id.action_archive()
        self._connection(company).partner_id.action_archive()
        bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual").payment_account_id = False
        self.assertEqual(len(self._connection(company)._setup_errors(self._connection(company)._health())), 3)

        # The wizard proposes the recorded, archived set: reusing it restores it.
        wizard = self._connect()
        self.assertTrue(self._connection(company).purchase_journal_id.active)
        self.assertTrue(self._connection(company).partner_id.active)
        manual = bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual")
        self.assertEqual(manual.payment_account_id, self._connection(company).payment_account_id)
        self.assertIn("Restored the archived Moss Purchase Journal", self._report(wizard))
        self.assertIn("Mapped the outgoing payments", self._report(wizard))
        self.assertFalse(self._connection(company)._setup_errors(self._connection(company)._health()))

    def test_deleted_payment_method_line_is_added_back(self):
        self._connect()
        bank = self._connection().bank_journal_id
        bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual").unlink()
        self._connect()
        manual = bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual")
        self.assertEqual(manual.payment_account_id, self._connection().payment_account_id)

    def test_two_companies_get_independent_sets(self):
        other = self._other_company("Moss Second Co")
        self.env.user.company_ids += other
        self._connect()
        self._connect(company=other)
        for field in ("purchase_journal_id", "bank_journal_id", "payment_account_id", "partner_id"):
            self.assertTrue(self._connection()[field] and self._connection(other)[field])
            self.assertNotEqual(self._connection()[field], self._connection(other)[field], field)
        self.assertEqual(self._connection(other).purchase_journal_id.company_id, other)
        self.assertEqual(self._connection(other).purchase_journal_id.code, "MOSS")

    def test_existing_records_chosen_instead(self):
        purchase = self._chart_journal("purchase")
        bank = self._chart_journal("bank")
        account = self.env["account.account"].create(
            {"name": "Card clearing", "code": "109901", "account_type": "liability_current", "reconcile": True}
        )
        partner = self.env["res.partner"].create({"name": "Moss GmbH", "is_company": True})
        self._connect(
            purchase_journal_mode="existing",
            purchase_journal_id=purchase.id,
            bank_journal_mode="existing",
            bank_journal_id=bank.id,
            payment_account_mode="existing",
            payment_account_id=account.id,
            partner_mode="existing",
            partner_id=partner.id,
        )
        company = self.company
        self.assertEqual(self._connection(company).purchase_journal_id, purchase)
        self.assertEqual(self._connection(company).bank_journal_id, bank)
        self.assertEqual(self._connection(company).payment_account_id, account)
        self.assertEqual(self._connection(company).partner_id, partner)
        self.assertEqual(partner.supplier_rank, 1)
        manual = bank.outbound_payment_method_line_ids.filtered(lambda line: line.code == "manual")
        self.assertEqual(manual.payment_account_id, account)

    def test_bank_journal_in_another_active_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        if eur == self.company.currency_id:
            eur = self.env.ref("base.GBP")
            eur.active = True
        self._connect(currency_id=eur.id)
        bank = self._connection().bank_journal_id
        self.assertEqual(bank.currency_id, eur)
        self.assertEqual(bank.default_account_id.currency_id, eur)

    def test_journal_codes_skip_taken_ones_archived_included(self):
        self.env["account.journal"].create({"name": "Old", "code": "MOSS", "type": "general", "active": False})
        wizard = self._wizard()
        self.assertEqual((wizard.purchase_journal_code, wizard.bank_journal_code), ("MOSS1", "MOSSB"))


@tagged("post_install", "-at_install")
class TestMossConnectBadInput(MossConnectCommon):
    def test_journal_code_taken_by_archived_journal(self):
        self.env["account.journal"].create({"name": "Old", "code": "OLD", "type": "general", "active": False})
        wizard = self._wizard(purchase_journal_code="OLD")
        self.assertFailsLeavingNothing(UserError, wizard, "Purchase Journal", "OLD")

    def test_bank_journal_code_taken_after_purchase_journal(self):
        # The purchase journal is created first: the bank journal's clash must undo it.
        self.env["account.journal"].create({"name": "Taken", "code": "TAKEN", "type": "general"})
        wizard = self._wizard(bank_journal_code="TAKEN")
        self.assertFailsLeavingNothing(UserError, wizard, "Bank Journal", "TAKEN")

    def test_same_code_for_both_journals(self):
        wizard = self._wizard(purchase_journal_code="MS", bank_journal_code="MS")
        self.assertFailsLeavingNothing(UserError, wizard, "must differ")

    def test_journal_name_clash(self):
        self.env["account.journal"].create({"name": "Moss", "code": "XMOSS", "type": "bank"})
        wizard = self._wizard()
        self.assertFailsLeavingNothing(UserError, wizard, "Bank Journal", "'Moss'", "Use an existing one")

    def test_invalid_journal_codes(self):
        for code in ("", "   ", "TOOLONG", "A B", "<b>"):
            with self.subTest(code=code):
                wizard = self._wizard(purchase_journal_code=code)
                self.assertFailsLeavingNothing(UserError, wizard, "Purchase Journal Code")

    def test_empty_names(self):
        for field in ("purchase_journal_name", "bank_journal_name", "payment_account_name", "partner_name"):
            with self.subTest(field=field):
                wizard = self._wizard(**{field: "  "})
                self.assertFailsLeavingNothing(UserError, wizard, "is empty")

    def test_invisible_and_look_alike_characters(self):
        """Names that look like another or like nothing are refused, naming the field."""
        for name in (
            "\u3164",
            "\u2800",
            "Mo\ufe0fss",
            "Moss\u200b",
            "\u202eMoss",
            "Mo\u034fss",
            "Moss\u2028",
            "Mo\U0001d159ss",
            "Moss\U00016fe4",
            "Mo\udcffss",
            "Moss\ue000",
            "Moss\ufffe",
        ):
            with self.subTest(name=repr(name)), self.assertRaisesRegex(UserError, "Default Supplier Name"):
                self._wizard(partner_name=name)
        wizard = self._wizard(partner_name="- . -")
        self.assertFailsLeavingNothing(UserError, wizard, "Default Supplier Name", "no letter or digit")
        for code in ("M\u041eSS", "../"):  # a Cyrillic O; no letter at all
            with self.subTest(code=code):
                wizard = self._wizard(purchase_journal_code=code)
                self.assertFailsLeavingNothing(UserError, wizard, "Purchase Journal Code", "A to Z")

    def test_inactive_currency(self):
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("active", "=", False), ("id", "!=", self.company.currency_id.id)], limit=1)
        )
        wizard = self._wizard(currency_id=currency.id)
        self.assertFailsLeavingNothing(RedirectWarning, wizard, "Bank Journal Currency", currency.name, "Activate")

    def test_account_of_another_company(self):
        other = self._other_company("Moss Foreign Co", chart=False)
        account = (
            self.env["account.account"]
            .with_company(other)
            .create(
                {
                    "name": "Foreign clearing",
                    "code": "109902",
                    "account_type": "asset_current",
                    "reconcile": True,
                    "company_ids": [Command.set(other.ids)],
                }
            )
        )
        wizard = self._wizard(payment_account_mode="existing", payment_account_id=account.id)
        self.assertFailsLeavingNothing(UserError, wizard, "Outgoing Payments Account", "does not belong")

    def test_account_of_wrong_type(self):
        expense = self._chart_account("expense")
        wizard = self._wizard(payment_account_mode="existing", payment_account_id=expense.id)
        self.assertFailsLeavingNothing(UserError, wizard, "Outgoing Payments Account", "Current Assets")

    def test_account_not_reconcilable(self):
        account = self.env["account.account"].create(
            {"name": "Plain", "code": "109903", "account_type": "asset_current", "reconcile": False}
        )
        wizard = self._wizard(payment_account_mode="existing", payment_account_id=account.id)
        self.assertFailsLeavingNothing(UserError, wizard, "Allow Reconciliation")

    def test_account_name_clash(self):
        self.env["account.account"].create(
            {"name": "Moss Outstanding Payments", "code": "109904", "account_type": "asset_current"}
        )
        wizard = self._wizard()
        self.assertFailsLeavingNothing(UserError, wizard, "Outgoing Payments Account Name", "already exists")

    def test_journal_of_wrong_type(self):
        sale = self._chart_journal("sale")
        wizard = self._wizard(purchase_journal_mode="existing", purchase_journal_id=sale.id)
        self.assertFailsLeavingNothing(UserError, wizard, "Existing Purchase Journal", "not a Purchase journal")

    def test_existing_mode_without_a_choice(self):
        wizard = self._wizard(partner_mode="existing", partner_id=False)
        self.assertFailsLeavingNothing(UserError, wizard, "Existing Default Supplier", "is empty")

    def test_partner_of_another_company(self):
        other = self._other_company("Moss Partner Co", chart=False)
        partner = self.env["res.partner"].create({"name": "Foreign", "company_id": other.id})
        wizard = self._wizard(partner_mode="existing", partner_id=partner.id)
        self.assertFailsLeavingNothing(UserError, wizard, "Existing Default Supplier", "belongs to")

    def test_partner_name_clash(self):
        self.env["res.partner"].create({"name": "Moss"})
        wizard = self._wizard()
        self.assertFailsLeavingNothing(UserError, wizard, "Default Supplier Name", "already exists")


@tagged("post_install", "-at_install")
class TestMossConnectReadiness(MossConnectCommon):
    def _set_base_url(self, url, frozen=True):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", url)
        params.set_param("web.base.url.freeze", frozen)

    def _warnings(self, wizard):
        return [line["message"] for line in wizard._base_url_lines() if line["state"] != "ok"]

    def test_all_permissions_granted(self):
        self._set_base_url("https://odoo.example.com")
        wizard = self._wizard()
        self.assertTrue(wizard.is_ready)
        self.assertFalse(wizard._missing_permissions())
        self.assertNotIn("error", {line["state"] for line in wizard.readiness_lines})
        self.assertFalse(wizard.connect_blocked_reason)
        self.assertEqual(wizard.database_name, self.env.cr.dbname)
        self.assertEqual(wizard.base_url, "https://odoo.example.com")

    def test_each_missing_permission_is_named_and_refused(self):
        """Moss's checklist, as its article lists it: each permission and the Odoo group granting it."""
        required = moss_groups(self.env)
        checklist = [
            ("Settings", "base.group_system"),
            ("Accounting", "account.group_account_manager"),
            ("Journals", "account.group_account_manager"),
            ("Chart of Accounts", "account.group_account_manager"),
            ("Vendors / Suppliers", "base.group_partner_manager"),
            ("Analytic Accounting", "analytic.group_analytic_accounting"),
            ("Payments", "account.group_account_invoice"),
            ("API Key Management", "base.group_erp_manager"),
        ]
        self.assertEqual(self.env["moss.connect.wizard"]._moss_permissions(), checklist)
        for index, (permission, xmlid) in enumerate(checklist):
            with self.subTest(permission=permission):
                target = self.env.ref(xmlid)
                # Keep every group that does not grant the target, so only what grants it is missing.
                kept = required.filtered(lambda group, target=target: target not in group.all_implied_ids)
                user = self.env["res.users"].create(
                    {
                        "name": f"Lacks {permission}",
                        "login": f"moss_lacks_{index}",
                        "group_ids": [Command.set((kept | self.env.ref("base.group_user")).ids)],
                        "company_id": self.company.id,
                        "company_ids": [Command.set(self.company.ids)],
                    }
                )
                if not user.has_group("account.group_account_manager"):
                    # Without Accounting administration, the wizard does not even open.
                    with self.assertRaises(AccessError):
                        self.env["moss.connect.wizard"].with_user(user).create({})
                    continue
                wizard = self.env["moss.connect.wizard"].with_user(user).create({})
                self.assertIn(permission, dict(wizard._missing_permissions()))
                self.assertFalse(wizard.is_ready)
                self.assertIn(permission, {line["name"] for line in wizard.readiness_lines if line["state"] == "error"})
                self.assertIn("Connect is unavailable", wizard.connect_blocked_reason)
                message = self.assertFailsLeavingNothing(AccessError, wizard, permission)
                self.assertIn(target.full_name, message)

    def test_company_without_chart_of_accounts(self):
        bare = self.env["res.company"].create({"name": "Moss Bare Co"})
        self.env.user.company_ids += bare
        wizard = self._wizard(company=bare)
        self.assertFalse(wizard.is_ready)
        self.assertIn("no chart of accounts", wizard.connect_blocked_reason)
        message = self.assertFailsLeavingNothing(RedirectWarning, wizard, "no chart of accounts", "Moss Bare Co")
        self.assertEqual(message.count("Moss Bare Co"), 1, "the company is named once")
        line = next(line for line in wizard.readiness_lines if line["name"] == "Company")
        self.assertEqual(line["action"], "action_open_fiscal_localization")
        action = wizard.action_open_fiscal_localization()
        self.assertEqual(action["id"], self.env.ref("account.action_account_config").id)

    def test_company_outside_allowed_companies_is_refused_at_create(self):
        other = self._other_company("Moss Forbidden Co", chart=False)
        self.env.user.company_ids -= other
        user = new_test_user(self.env, login="moss_one_company", groups=",".join(MOSS_GROUPS))
        with self.assertRaisesRegex(AccessError, "not allowed"):
            self.env["moss.connect.wizard"].with_user(user).create({"company_id": other.id})
        wizard = self.env["moss.connect.wizard"].with_user(user).create({})
        with self.assertRaisesRegex(AccessError, "not allowed"):
            wizard.company_id = other

    def test_public_frozen_https_url_is_ok(self):
        self._set_base_url("https://odoo.example.com")
        self.assertFalse(self._warnings(self._wizard()))

    def test_unreachable_urls_warn(self):
        for url in (
            "https://localhost:8069",
            "https://127.0.0.1",
            "https://10.1.2.3",
            "https://192.168.0.10:8069",
            "https://172.16.5.4",
            "https://odoo",
            "https://odoo.local",
            "https://[::1]:8069",
        ):
            with self.subTest(url=url):
                self._set_base_url(url)
                warnings = self._warnings(self._wizard())
                self.assertEqual(len(warnings), 1)
                self.assertIn("cannot be reached from the internet", warnings[0])

    def test_plain_http_warns(self):
        self._set_base_url("http://odoo.example.com")
        self.assertIn("plain http", " ".join(self._warnings(self._wizard())))

    def test_unfrozen_url_warns_and_can_be_frozen(self):
        self._set_base_url("https://odoo.example.com", frozen=False)
        wizard = self._wizard()
        self.assertIn("not frozen", " ".join(self._warnings(wizard)))
        wizard.action_freeze_base_url()
        self.assertTrue(self.env["ir.config_parameter"].sudo().get_param("web.base.url.freeze"))
        self.assertFalse(self._warnings(self._wizard()))

    def test_only_administrators_freeze_the_url(self):
        self._set_base_url("https://odoo.example.com", frozen=False)
        user = new_test_user(self.env, login="moss_accountant_only", groups="account.group_account_manager")
        with self.assertRaises(AccessError):
            self._wizard().with_user(user).action_freeze_base_url()
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param("web.base.url.freeze"))


@tagged("post_install", "-at_install")
class TestMossReinstall(MossConnectCommon):
    def test_what_an_earlier_installation_left_is_offered(self):
        """Uninstalling drops the connections and keeps the accounting: Connect Moss finds it again."""
        self._connect_with_key()
        connection = self._connection()
        fields = ("purchase_journal_id", "bank_journal_id", "payment_account_id", "partner_id")
        left = {field: connection[field] for field in fields}
        user = connection.user_id
        connection._revoke_keys_and_archive_users()
        connection.sudo().unlink()  # what the uninstall leaves: no connection, no hidden state
        wizard = self._wizard()
        for field, record in left.items():
            with self.subTest(field=field):
                self.assertEqual(wizard[field], record)
                self.assertEqual(wizard[field.replace("_id", "_mode")], "existing")
        self.assertEqual(wizard.integration_login, user.login)
        counts = self._record_counts()
        wizard.action_connect()
        wizard._generate_key_and_show()
        self.assertEqual(self._connection().user_id, user, "the same integration user, active again")
        self.assertTrue(user.active)
        counts["moss.connection"] += 1
        self.assertEqual(self._record_counts(), counts, "nothing else is created")
