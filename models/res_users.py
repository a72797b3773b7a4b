from odoo import models

MOSS_KEY_NAME = "Moss Integration"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _moss_api_keys(self):
        """API keys of this integration user still in the database (Odoo deletes expired ones)."""
        self.ensure_one()
        return self.env["res.users.apikeys"].sudo().search([("user_id", "=", self.id)], order="expiration_date desc")

    def _moss_generate_api_key(self, expiration_date):
        """A new key through Odoo's own mechanism: only its hash is stored. The caller shows it once."""
        self.ensure_one()
        # sudo lets an administrator choose a duration beyond the user's group policy, like Odoo's own flow.
        return self.env["res.users.apikeys"].with_user(self).sudo()._generate(None, MOSS_KEY_NAME, expiration_date)

    def _moss_revoke_api_keys(self):
        self.ensure_one()
        self._moss_api_keys()._remove()
