from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # What Connect Moss set up for this company; the wizard reuses and repairs these on each run.
    moss_purchase_journal_id = fields.Many2one(
        "account.journal",
        groups="account.group_account_manager",
        check_company=True,
        context={"active_test": False},
        help="Journal Moss posts card payments, invoices and reimbursements into.",
    )
    moss_bank_journal_id = fields.Many2one(
        "account.journal",
        groups="account.group_account_manager",
        check_company=True,
        context={"active_test": False},
        help="Journal Moss creates its payments in.",
    )
    moss_payment_account_id = fields.Many2one(
        "account.account",
        string="Moss Outgoing Payments Account",
        groups="account.group_account_manager",
        context={"active_test": False},
        help="Outstanding payments account of the Moss Bank Journal's outgoing payment method.",
    )
    moss_partner_id = fields.Many2one(
        "res.partner",
        string="Moss Default Supplier",
        groups="account.group_account_manager",
        context={"active_test": False},
        help="Supplier Moss posts card transactions, currency conversion and bank fees against.",
    )

    def _moss_missing_setup(self):
        """What Moss still lacks in this company's set-up, as sentences naming the fix."""
        self.ensure_one()
        company = self.sudo()
        missing = []
        for record, label in (
            (company.moss_purchase_journal_id, self.env._("Moss Purchase Journal")),
            (company.moss_bank_journal_id, self.env._("Moss Bank Journal")),
            (company.moss_payment_account_id, self.env._("Outgoing Payments account")),
            (company.moss_partner_id, self.env._("Moss default supplier")),
        ):
            if not record:
                missing.append(self.env._("%(what)s: not set up yet.", what=label))
            elif not record.active:
                missing.append(self.env._("%(what)s: '%(name)s' is archived.", what=label, name=record.display_name))
        if company.moss_bank_journal_id and company.moss_payment_account_id:
            mapped = company.moss_bank_journal_id.outbound_payment_method_line_ids.payment_account_id
            if company.moss_payment_account_id not in mapped:
                missing.append(
                    self.env._("Moss Bank Journal: its outgoing payments are not mapped to the Moss account.")
                )
        return missing
