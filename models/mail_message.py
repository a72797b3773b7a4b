from odoo import api, models
from odoo.exceptions import AccessError


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        """A Moss connection's history is written by its company's Settings administrators, each as
        themselves, whatever route creates the message; the addon writes it as the server."""
        if not self.env.su:
            for vals in vals_list:
                if vals.get("model") == "moss.connection":
                    self.env["moss.connection"].browse(vals.get("res_id"))._check_history_writer()
                    self._check_moss_author(vals.get("author_id"))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "author_id" in vals and "moss.connection" in self.sudo().mapped("model"):
            self._check_moss_author(vals["author_id"])
        return super().write(vals)

    @api.model
    def _check_moss_author(self, author_id):
        if author_id and author_id != self.env.user.partner_id.id:
            raise AccessError(
                self.env._("A note in a Moss connection's history is always authored by the one who writes it.")
            )
