from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.res_company import KEY_EXPIRY_WARNING_DAYS
from .moss_connect_wizard import MANUAL_OUT_METHOD


class MossConnectHealth(models.TransientModel):
    """Server-side health check of one company's Moss set-up, shown as a report."""

    _name = "moss.connect.health"
    _description = "Moss Connection Check"

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    report_html = fields.Html(compute="_compute_report", sanitize=False)
    has_errors = fields.Boolean(compute="_compute_report")

    @api.model
    def _action_open(self, company):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Moss connection check"),
            "res_model": self._name,
            "res_id": self.create({"company_id": company.id}).id,
            "views": [(False, "form")],
            "target": "new",
        }

    @api.depends("company_id")
    def _compute_report(self):
        for health in self:
            checks = health._health_checks()
            health.has_errors = any(check["state"] == "error" for check in checks)
            health.report_html = self.env["ir.qweb"]._render("moss_connect.moss_connect_checklist", {"checks": checks})

    def action_open_wizard(self):
        self.ensure_one()
        return self.env["moss.connect.wizard"]._action_open(self.company_id)

    # ------------------------------------------------------------------
    # Checks, each ok / warning / error with the fix
    # ------------------------------------------------------------------

    def _health_checks(self):
        self.ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You are not allowed to check company %s.", self.company_id.name))
        company = self.company_id.sudo()
        return [
            self._check_journal(company.moss_purchase_journal_id, "purchase", self.env._("Moss Purchase Journal")),
            self._check_journal(company.moss_bank_journal_id, "bank", self.env._("Moss Bank Journal")),
            self._check_payment_account(company),
            self._check_partner(company.moss_partner_id),
            self._check_integration_user(company),
            self._check_key(company),
        ]

    def _line(self, state, name, message, record=None):
        url = f"/odoo/{record._name}/{record.id}" if record else False
        return {"state": state, "name": name, "message": message, "url": url}

    def _not_set_up(self, name):
        return self._line("error", name, self.env._("Not set up. Run Connect Moss."))

    def _check_journal(self, journal, journal_type, name):
        if not journal:
            return self._not_set_up(name)
        if not journal.active:
            return self._line("error", name, self.env._("'%s' is archived: restore it.", journal.name), journal)
        if journal.type != journal_type or journal.company_id != self.company_id:
            return self._line(
                "error", name, self.env._("'%s' is not of the right type or company.", journal.name), journal
            )
        return self._line("ok", name, f"{journal.name} ({journal.code})", journal)

    def _check_payment_account(self, company):
        name = self.env._("Outgoing payments")
        journal, account = company.moss_bank_journal_id, company.moss_payment_account_id
        if not journal or not account:
            return self._not_set_up(name)
        manual = self.env.ref(MANUAL_OUT_METHOD)
        lines = journal.outbound_payment_method_line_ids.filtered(lambda line: line.payment_method_id == manual)
        if account not in lines.payment_account_id:
            return self._line(
                "error",
                name,
                self.env._("The manual outgoing payments of '%s' are not mapped to the Moss account.", journal.name),
                journal,
            )
        if not account.active or not account.reconcile:
            return self._line(
                "error",
                name,
                self.env._("'%s' must be active and allow reconciliation.", account.display_name),
                account,
            )
        return self._line("ok", name, account.display_name, account)

    def _check_partner(self, partner):
        name = self.env._("Default supplier")
        if not partner:
            return self._not_set_up(name)
        if not partner.active:
            return self._line("error", name, self.env._("'%s' is archived: restore it.", partner.name), partner)
        return self._line("ok", name, partner.display_name, partner)

    def _check_integration_user(self, company):
        name = self.env._("Integration user")
        user = company.moss_integration_user_id
        if not user:
            return self._line("error", name, self.env._("No integration user yet. Run Connect Moss and create a key."))
        if not user.active or company not in user.company_ids:
            return self._line(
                "error", name, self.env._("'%s' is disconnected: create a new key to reconnect.", user.login), user
            )
        if not user.has_group("moss_connect.group_moss_integration"):
            return self._line(
                "error",
                name,
                self.env._("'%s' lost the Moss Integration group: add it back or run Connect Moss.", user.login),
                user,
            )
        if user.has_group("base.group_system"):
            return self._line(
                "warning",
                name,
                self.env._("'%s' has Settings rights Moss does not need: remove them.", user.login),
                user,
            )
        return self._line("ok", name, user.login, user)

    def _check_key(self, company):
        name = self.env._("API key")
        user = company.moss_integration_user_id
        key = user._moss_api_keys()[:1] if user.active else False
        if not key:
            return self._line("error", name, self.env._("No valid key: Moss cannot connect. Renew the key."))
        if not key.expiration_date:
            return self._line("warning", name, self.env._("The key never expires: prefer a duration and renew."))
        left = key.expiration_date - fields.Datetime.now()
        if left <= timedelta(days=KEY_EXPIRY_WARNING_DAYS):
            return self._line(
                "warning",
                name,
                self.env._("The key expires in %s days: renew it and give Moss the new one.", left.days),
            )
        return self._line("ok", name, self.env._("Valid for %s more days.", left.days))
