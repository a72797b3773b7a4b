from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    moss_purchase_journal_id = fields.Many2one(related="company_id.moss_purchase_journal_id", readonly=True)
    moss_bank_journal_id = fields.Many2one(related="company_id.moss_bank_journal_id", readonly=True)
    moss_payment_account_id = fields.Many2one(related="company_id.moss_payment_account_id", readonly=True)
    moss_partner_id = fields.Many2one(related="company_id.moss_partner_id", readonly=True)
    moss_setup_missing = fields.Text(compute="_compute_moss_setup_missing", groups="account.group_account_manager")

    @api.depends("company_id")
    def _compute_moss_setup_missing(self):
        for settings in self:
            settings.moss_setup_missing = "\n".join(settings.company_id._moss_missing_setup())

    def action_open_moss_connect_wizard(self):
        """Open Connect Moss for the company these settings are about."""
        self.ensure_one()
        return self.env["moss.connect.wizard"]._action_open(self.company_id)
