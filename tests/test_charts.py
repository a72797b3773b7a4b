"""The charts Moss's customers use most: connect, a bill with the chart's own purchase tax, paid from
the Moss bank journal. Tagged ``moss_charts``: ``make test`` runs them in its main database, which
has l10n_de and l10n_nl, where the other tests run too (on the generic chart Invoicing gives a company
without a country)."""

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged

from .common import MossHelpers, moss_groups, set_public_base_url


class MossChartCommon(MossHelpers, AccountTestInvoicingCommon):
    """A new company on the chart a subclass names, with an administrator holding Moss's permissions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids += moss_groups(cls.env)
        set_public_base_url(cls.env)


class MossChartJourney:
    """The journey on one chart; a subclass names the chart. Not a test case itself."""

    allow_inherited_tests_method = True

    def test_a_taxed_bill_paid_from_the_moss_bank_journal(self):
        self.assertEqual(self.company.chart_template, self.chart_template)
        self._connect_with_key()
        connection = self._connection()
        user, company = connection.user_id, self.company
        tax = company.account_purchase_tax_id
        self.assertGreater(tax.amount, 0, "the chart has its own purchase tax")
        expense = self._chart_account("expense")
        line = {
            "name": "Card payment",
            "price_unit": 100.0,
            "account_id": expense.id,
            "tax_ids": [Command.set(tax.ids)],
        }
        bill = self._bill_as_moss(company, line)
        bill.action_post()
        self.assertAlmostEqual(bill.amount_total, 100.0 + tax.amount)
        manual_out = connection.bank_journal_id.outbound_payment_method_line_ids.filtered(
            lambda line: line.code == "manual"
        )
        register = (
            self.env["account.payment.register"]
            .with_user(user)
            .with_company(company)
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"journal_id": connection.bank_journal_id.id, "payment_method_line_id": manual_out.id})
        )
        payment = register._create_payments()
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertEqual(payment.outstanding_account_id, connection.payment_account_id)
        reference = self.env.ref(f"account.{company.id}_account_journal_payment_credit_account_id")
        self.assertEqual(len(connection.payment_account_id.code), len(reference.code), "numbered in the chart's scheme")


@tagged("post_install", "-at_install", "moss_charts")
class TestMossChartSkr03(MossChartJourney, MossChartCommon):
    chart_template = "de_skr03"
    country_code = "DE"


@tagged("post_install", "-at_install", "moss_charts")
class TestMossChartSkr04(MossChartJourney, MossChartCommon):
    chart_template = "de_skr04"
    country_code = "DE"


@tagged("post_install", "-at_install", "moss_charts")
class TestMossChartDutch(MossChartJourney, MossChartCommon):
    chart_template = "nl"
    country_code = "NL"
