from odoo import models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        """Moss creates and changes suppliers, not the contacts of users: they carry users' names."""
        if not self.env.su and self.env.user._is_moss_integration_user() and self.sudo().user_ids:
            raise AccessError(self.env._("Moss's integration user cannot change the contacts of users."))
        return super().write(vals)
