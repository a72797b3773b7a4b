from odoo import api, models
from odoo.exceptions import AccessError


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model_create_multi
    def create(self, vals_list):
        """Followers may post on a record: a Moss connection is followed by its history writers only,
        added by one of them. Odoo's own subscriptions run as the server, through the connection."""
        if not self.env.su:
            for vals in vals_list:
                if vals.get("res_model") == "moss.connection":
                    self._check_moss_follower(vals.get("res_id"), vals.get("partner_id"))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and (
            vals.get("res_model") == "moss.connection" or "moss.connection" in self.sudo().mapped("res_model")
        ):
            raise AccessError(self.env._("The followers of a Moss connection are not changed this way."))
        return super().write(vals)

    @api.model
    def _check_moss_follower(self, connection_id, partner_id):
        connection = self.env["moss.connection"].browse(connection_id)
        connection._check_history_writer()
        partner_users = self.env["res.partner"].sudo().browse(partner_id).user_ids
        if not connection.sudo()._history_writers(partner_users):
            raise AccessError(self.env._("Only the Settings administrators of the company follow its Moss connection."))
