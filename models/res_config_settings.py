from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    def action_open_moss_connect_wizard(self):
        """Open Connect Moss for the company these settings are about."""
        self.ensure_one()
        return self.env["moss.connect.wizard"]._action_open(self.company_id)
