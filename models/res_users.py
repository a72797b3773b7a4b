from odoo import models
from odoo.exceptions import AccessError

from .moss_connection import PROFILE_GROUPS


class ResUsers(models.Model):
    _inherit = "res.users"

    def _is_moss_integration_user(self):
        self.ensure_one()
        return any(self.has_group(group) for group in PROFILE_GROUPS.values())

    def write(self, vals):
        """Moss's integration user changes no account, its own neither: renamed "Administrator", its
        key's messages would read as the administrator's. Connect Moss itself writes it as the server."""
        if not self.env.su and self.env.user._is_moss_integration_user():
            raise AccessError(self.env._("Moss's integration user cannot change user accounts, its own included."))
        return super().write(vals)
