from odoo import models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        """Moss creates and changes suppliers, not the contacts of users: they carry users' names."""
        if not self.env.su and self.env.user._is_moss_integration_user() and self.sudo().user_ids:
            raise AccessError(self.env._("Moss's integration user cannot change the contacts of users."))
        return super().write(vals)

    def _increase_rank(self, field, n=1):
        """Moss books every card transaction on its default supplier, which is a supplier once and for
        all: raising its rank on each bill only makes concurrent posts collide in Odoo's post-commit
        update (serialization errors in the log, lost increments). Other partners rank as in Odoo."""
        if field == "supplier_rank" and self:
            moss_sudo = self.env["moss.connection"].sudo().search([("partner_id", "in", self.ids)]).partner_id
            return super(ResPartner, self - moss_sudo.filtered("supplier_rank"))._increase_rank(field, n)
        return super()._increase_rank(field, n)
