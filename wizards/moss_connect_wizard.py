from odoo import api, fields, models


class MossConnectWizard(models.TransientModel):
    _name = "moss.connect.wizard"
    _description = "Connect Moss"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The company whose accounting Moss will post into.",
    )

    @api.model
    def _action_open(self, company):
        """Return the window action opening the wizard for ``company``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Connect Moss"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_company_id": company.id},
        }
