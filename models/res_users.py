from odoo import api, models
from odoo.exceptions import AccessDenied, AccessError

from .moss_connection import PROFILE_GROUPS


class ResUsers(models.Model):
    _inherit = "res.users"

    def _is_moss_integration_user(self):
        self.ensure_one()
        return any(self.has_group(group) for group in PROFILE_GROUPS.values())

    @api.model
    def _check_uid_passwd(self, uid, passwd):
        """XML-RPC: a Moss user's key is checked on every call, not only when Odoo's cache misses it.

        Core caches accepted (uid, key) pairs per worker. A request that read the key just before
        Disconnect or Revoke previous key committed could store it there after their cache clear, and
        the worker would then accept a removed key until the next clear. JSON-2 checks the key on
        every request already; this makes XML-RPC refuse it as surely, for Moss's users only.
        """
        result = super()._check_uid_passwd(uid, passwd)
        Keys = self.env["res.users.apikeys"]
        if self.browse(uid)._is_moss_integration_user() and Keys._check_credentials(scope="rpc", key=passwd) != uid:
            raise AccessDenied()
        return result

    def write(self, vals):
        """Moss's integration user changes no account, its own neither: renamed "Administrator", its
        key's messages would read as the administrator's. Connect Moss itself writes it as the server."""
        if not self.env.su and self.env.user._is_moss_integration_user():
            raise AccessError(self.env._("Moss's integration user cannot change user accounts, its own included."))
        return super().write(vals)
