from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .moss_connection import PROGRAMMATIC_KEYS_SET_BY_MOSS


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    @api.model
    def generate(self, key, scope, name, expiration_date):
        """Odoo's programmatic key renewal, for Moss only where a company opted in, once a day at most.

        Odoo's switch ``base.enable_programmatic_api_keys`` is database-wide. While Connect Moss is
        the one keeping it on, it serves the Moss users of the companies that chose self-renewal
        and no one else (administrators excepted, as in Odoo); switched on by someone else, it
        stays theirs, except for the Moss users of companies that did not choose it.
        """
        connection = self.env["moss.connection"].sudo().search([("user_id", "=", self.env.uid)])
        if not connection:
            if (
                self.env["ir.config_parameter"].sudo().get_param(PROGRAMMATIC_KEYS_SET_BY_MOSS)
                and not self.env.is_system()
            ):
                raise UserError(self.env._("Programmatic API keys are enabled for Moss's integration users only."))
            return super().generate(key, scope, name, expiration_date)
        expiration = fields.Datetime.to_datetime(expiration_date)
        connection._lock()
        self._check_moss_renewal(connection, expiration)
        previous = connection._valid_api_keys()
        new_key = super().generate(key, scope, name, expiration_date)
        # As when an administrator renews: the key Moss held keeps the grace period, older ones go.
        connection._retire_keys(previous, connection.key_grace_days)
        connection._key_renewed_by_moss(expiration)
        return new_key

    @api.model
    def _check_moss_renewal(self, connection, expiration):
        if not connection.self_renewal:
            raise UserError(
                self.env._(
                    "Moss may not renew its key itself in %(company)s: an administrator renews it in the Moss "
                    "block, or allows self-renewal in Connect Moss.",
                    company=connection.company_id.name,
                )
            )
        now = fields.Datetime.now()
        if not expiration or expiration < now + timedelta(days=1):
            raise UserError(self.env._("Expiration Date: give a date at least a day ahead, within the key policy."))
        newest = connection._current_key()
        if newest and newest.create_date > now - timedelta(days=1):
            raise UserError(self.env._("Moss renewed its key less than a day ago: it may renew it once a day at most."))
