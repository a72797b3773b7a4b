from odoo import api, fields, models
from odoo.exceptions import UserError


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    @api.model
    def generate(self, key, scope, name, expiration_date):
        """Odoo's programmatic key renewal, for a Moss integration user only when its company opted in.

        Odoo's switch ``base.enable_programmatic_api_keys`` is database-wide: a company that did not
        choose self-renewal keeps its key in the administrators' hands even when another one did.
        """
        connection = self.env["moss.connection"].sudo().search([("user_id", "=", self.env.uid)])
        if connection and not connection.self_renewal:
            raise UserError(
                self.env._(
                    "Moss may not renew its key itself in %(company)s: an administrator renews it in the Moss "
                    "block, or allows self-renewal in Connect Moss.",
                    company=connection.company_id.name,
                )
            )
        new_key = super().generate(key, scope, name, expiration_date)
        if connection:
            connection._key_renewed_by_moss(fields.Datetime.to_datetime(expiration_date))
        return new_key
