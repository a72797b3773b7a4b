from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    moss_purchase_journal_id = fields.Many2one(related="company_id.moss_purchase_journal_id", readonly=True)
    moss_bank_journal_id = fields.Many2one(related="company_id.moss_bank_journal_id", readonly=True)
    moss_payment_account_id = fields.Many2one(related="company_id.moss_payment_account_id", readonly=True)
    moss_partner_id = fields.Many2one(related="company_id.moss_partner_id", readonly=True)
    moss_integration_user_id = fields.Many2one(related="company_id.moss_integration_user_id", readonly=True)
    moss_setup_missing = fields.Text(compute="_compute_moss_setup_missing", groups="account.group_account_manager")
    moss_key_name = fields.Char(compute="_compute_moss_key", groups="account.group_account_manager")
    moss_key_expiration = fields.Datetime(compute="_compute_moss_key", groups="account.group_account_manager")
    moss_connected = fields.Boolean(compute="_compute_moss_key", groups="account.group_account_manager")

    @api.depends("company_id")
    def _compute_moss_setup_missing(self):
        for settings in self:
            settings.moss_setup_missing = "\n".join(settings.company_id._moss_missing_setup())

    @api.depends("company_id")
    def _compute_moss_key(self):
        """The key's name and expiry, never the key: only its hash exists."""
        for settings in self:
            company = settings.company_id.sudo()
            user = company.moss_integration_user_id
            key = user._moss_api_keys()[:1] if user.active and settings.company_id in user.company_ids else False
            settings.moss_connected = bool(key)
            settings.moss_key_name = key.name if key else False
            settings.moss_key_expiration = key.expiration_date if key else False

    def action_moss_renew_key(self):
        """Open the wizard at its key step: a new key, shown once, replaces the previous one."""
        self.ensure_one()
        self.company_id._moss_check_administrator()
        action = self.env["moss.connect.wizard"]._action_open(self.company_id)
        action["context"]["default_state"] = "done"
        return action

    def action_moss_check_connection(self):
        self.ensure_one()
        return self.env["moss.connect.health"]._action_open(self.company_id)

    def action_moss_disconnect(self):
        self.ensure_one()
        self.company_id._moss_disconnect()
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_open_moss_connect_wizard(self):
        """Open Connect Moss for the company these settings are about."""
        self.ensure_one()
        return self.env["moss.connect.wizard"]._action_open(self.company_id)
