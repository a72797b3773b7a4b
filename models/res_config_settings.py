from odoo import api, fields, models
from odoo.exceptions import UserError

MOSS_STATUSES = [
    ("none", "Not connected"),
    ("disconnected", "Disconnected"),
    ("key_missing", "API key missing"),
    ("key_invalid", "No valid API key"),
    ("neutralized", "Neutralized copy"),
    ("attention", "Needs attention"),
    ("connected", "Connected"),
]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Computed when read, never written: the block only shows the connection and calls its actions.
    moss_connection_id = fields.Many2one(
        "moss.connection", compute="_compute_moss_connection", groups="account.group_account_manager"
    )
    moss_status = fields.Selection(
        MOSS_STATUSES, compute="_compute_moss_connection", groups="account.group_account_manager"
    )
    moss_status_lines = fields.Json(compute="_compute_moss_connection", groups="account.group_account_manager")
    moss_has_previous_key = fields.Boolean(compute="_compute_moss_connection", groups="account.group_account_manager")

    @api.depends("company_id")
    @api.depends_context("uid", "lang", "tz")
    def _compute_moss_connection(self):
        Connection = self.env["moss.connection"].sudo()
        for settings in self:
            company = settings.company_id if Connection._may_work_in(settings.company_id) else Connection.company_id
            connection = Connection.search([("company_id", "=", company.id)]) if company else Connection
            settings.moss_connection_id = connection
            if not connection:
                settings.moss_status, settings.moss_status_lines, settings.moss_has_previous_key = "none", [], False
                continue
            findings = connection._health()
            settings.moss_status = connection._status(findings)
            settings.moss_status_lines = connection._summary_lines(findings)
            settings.moss_has_previous_key = any(finding["code"] == "key_previous" for finding in findings)

    def _moss_connection(self):
        """The connection the block's buttons act on; refused when the user cannot see it."""
        self.ensure_one()
        connection = self.env["moss.connection"].search([("company_id", "=", self.company_id.id)])
        if not connection:
            raise UserError(
                self.env._(
                    "Moss is not connected to %(company)s: use Connect Moss first.", company=self.company_id.name
                )
            )
        return connection

    def action_open_moss_connect_wizard(self):
        """Open Connect Moss for the company these settings are about."""
        self.ensure_one()
        return self.env["moss.connection"]._wizard_action(self.company_id)

    def action_moss_create_key(self):
        """Step two: the wizard at its key step, for a company whose accounting is set up."""
        self.ensure_one()
        self.env["moss.connection"]._check_can_manage(self.company_id)
        return self.env["moss.connection"]._wizard_action(self.company_id, "key")

    def action_moss_renew_key(self):
        """The renewal dialog: it says what happens to the key Moss holds before creating one."""
        self.ensure_one()
        self.env["moss.connection"]._check_can_manage(self.company_id)
        return self.env["moss.connection"]._wizard_action(self.company_id, "renew")

    def action_moss_revoke_previous_key(self):
        self.ensure_one()
        return self._moss_connection().action_revoke_previous_key()

    def action_moss_check_connection(self):
        self.ensure_one()
        return self._moss_connection().action_check()

    def action_moss_open_connection(self):
        """The connection's record: its keys, its check and its history."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "moss.connection",
            "res_id": self._moss_connection().id,
            "views": [(False, "form")],
        }

    def action_moss_disconnect(self):
        self.ensure_one()
        return self._moss_connection().action_disconnect()
