from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError

ANALYTIC_GROUP = "analytic.group_analytic_accounting"


class MossConnectWizard(models.TransientModel):
    """What must hold before Moss can connect: the user's permissions, the company's chart of
    accounts, and a Base URL Moss can reach (the connection's own verdict). Shown as a checklist
    (data, rendered by the ``moss_checklist`` widget); enforced again by the server."""

    _inherit = "moss.connect.wizard"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The company whose accounting Moss will post into.",
    )
    readiness_lines = fields.Json(compute="_compute_readiness", string="Readiness")
    is_ready = fields.Boolean(compute="_compute_readiness")
    connect_blocked_reason = fields.Char(compute="_compute_readiness")
    base_url = fields.Char(compute="_compute_base_url", string="Base URL")
    base_url_frozen = fields.Boolean(compute="_compute_base_url")
    database_name = fields.Char(compute="_compute_base_url", string="Database")

    def _allowed_company(self):
        """The chosen company if the user may work in it, else nothing: no other company is ever computed."""
        self.ensure_one()
        if self.env["moss.connection"]._may_work_in(self.company_id):
            return self.company_id
        return self.env["res.company"]

    # ------------------------------------------------------------------
    # Base URL and database
    # ------------------------------------------------------------------

    @api.depends_context("uid")
    def _compute_base_url(self):
        params = self.env["ir.config_parameter"].sudo()
        base_url = params.get_param("web.base.url")
        frozen = bool(params.get_param("web.base.url.freeze"))
        for record in self:
            record.base_url = base_url
            record.base_url_frozen = frozen
            record.database_name = self.env.cr.dbname

    @api.model
    def _url_warnings(self):
        """Why Moss may not reach the Base URL it is given, for the hand-over screen."""
        return self.env["moss.connection"]._base_url_verdicts()[1]

    @api.model
    def _base_url_lines(self, with_actions=False):
        """The connection's Base URL findings as checklist lines; ``with_actions`` offers Freeze and
        Unfreeze to administrators."""
        Connection = self.env["moss.connection"]
        url, problems = Connection._base_url_verdicts()
        lines = Connection._lines(Connection._base_url_findings(), with_actions=False)
        if not (with_actions and self.env.user.has_group("base.group_system")):
            return lines
        if not Connection._base_url_frozen():
            freeze = lines[-1]
            if problems:
                freeze.update(
                    action="action_freeze_base_url_confirmed",
                    action_label=self.env._("Freeze anyway"),
                    confirm=self.env._(
                        "Freeze %(url)s? Moss cannot use this address (see above). Freeze the Base URL once Odoo "
                        "answers on its public https address, or unfreeze it later from Connect Moss.",
                        url=url,
                    ),
                )
            else:
                freeze.update(action="action_freeze_base_url", action_label=self.env._("Freeze Base URL"))
        else:
            lines.append(
                self._check_line(
                    "ok",
                    self.env._("Base URL"),
                    self.env._("Frozen: Odoo keeps %(url)s whoever logs in.", url=url),
                    action="action_unfreeze_base_url",
                    action_label=self.env._("Unfreeze"),
                )
            )
        return lines

    def _check_settings_administrator(self):
        """A button of this window, pressed by an administrator on a window of their own."""
        self.check_access("write")
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators (Settings) can change this."))

    def action_freeze_base_url(self):
        """Freeze ``web.base.url``: only a public https address, anything else needs the confirmed action."""
        self.ensure_one()
        self._check_settings_administrator()
        url, problems = self.env["moss.connection"]._base_url_verdicts()
        if problems:
            raise UserError(
                self.env._(
                    "Base URL: %(url)s is not a public https address, so freezing it would keep an address Moss "
                    "cannot use. %(problems)s",
                    url=url,
                    problems=" ".join(problem for _code, problem in problems),
                )
            )
        return self._freeze_base_url(True)

    def action_freeze_base_url_confirmed(self):
        """Freeze whatever the address: the interface asks for confirmation first."""
        self.ensure_one()
        self._check_settings_administrator()
        return self._freeze_base_url(True)

    def action_unfreeze_base_url(self):
        self.ensure_one()
        self._check_settings_administrator()
        return self._freeze_base_url(False)

    def _freeze_base_url(self, frozen):
        self.env["ir.config_parameter"].sudo().set_param("web.base.url.freeze", frozen)
        return self._action_reopen()

    def _action_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Connect Moss"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Readiness: permissions and company
    # ------------------------------------------------------------------

    def _moss_permissions(self):
        """Permissions Moss lists, each with the Odoo 19 group that grants it."""
        return [
            (self.env._("Settings"), "base.group_system"),
            (self.env._("Accounting"), "account.group_account_manager"),
            (self.env._("Journals"), "account.group_account_manager"),
            (self.env._("Chart of Accounts"), "account.group_account_manager"),
            (self.env._("Vendors / Suppliers"), "base.group_partner_manager"),
            (self.env._("Analytic Accounting"), ANALYTIC_GROUP),
            (self.env._("Payments"), "account.group_account_invoice"),
            (self.env._("API Key Management"), "base.group_erp_manager"),
        ]

    def _missing_permissions(self):
        """``[(permission, group)]`` the current user lacks, implied groups included. Analytic Accounting
        is not missing for a Settings administrator: Connect turns it on."""
        user_groups = self.env.user.all_group_ids
        missing = []
        for permission, xmlid in self._moss_permissions():
            group = self.env.ref(xmlid)
            if group not in user_groups and not (xmlid == ANALYTIC_GROUP and self._can_enable_analytic()):
                missing.append((permission, group))
        return missing

    def _can_enable_analytic(self):
        return self.env.user.has_group("base.group_system")

    def _analytic_off(self):
        return self.env.ref(ANALYTIC_GROUP) not in self.env.ref("base.group_user").all_implied_ids

    def _permission_lines(self):
        missing = dict(self._missing_permissions())
        lines = []
        for permission, xmlid in self._moss_permissions():
            if xmlid == ANALYTIC_GROUP and self._analytic_off():
                lines.append(self._analytic_line(permission))
            elif permission not in missing:
                lines.append(self._check_line("ok", permission, self.env._("Granted.")))
            else:
                message = self.env._(
                    "Missing: ask an administrator to add the group '%(group)s' to your user.",
                    group=missing[permission].sudo().full_name,
                )
                lines.append(self._check_line("error", permission, message, url=f"/odoo/res.users/{self.env.uid}"))
        return lines

    def _analytic_line(self, permission):
        """Analytic Accounting is a feature of the database: an administrator turns it on here, in one click."""
        if self._can_enable_analytic():
            return self._check_line(
                "warning",
                permission,
                self.env._(
                    "Off in this database. Moss posts analytic distributions: Connect turns it on for every user."
                ),
            )
        return self._check_line(
            "error",
            permission,
            self.env._("Off in this database: ask an administrator (Settings) to enable it from Connect Moss."),
        )

    def _enable_analytic_accounting(self, report):
        """Turn Analytic Accounting on for every internal user, as the setting of the same name does."""
        if not self._analytic_off():
            return
        self._check_settings_administrator()
        analytic = self.env.ref(ANALYTIC_GROUP).sudo()
        self.env.ref("base.group_user").sudo()._apply_group(analytic)
        report.insert(0, self.env._("Turned on Analytic Accounting for every user: Moss posts analytic distributions."))

    def _check_permissions(self):
        """Refuse on the server, whatever the view showed, when a permission is missing."""
        missing = self._missing_permissions()
        if missing:
            raise AccessError(
                self.env._(
                    "Connect Moss needs permissions you do not have: %(missing)s. "
                    "Ask an administrator to add these groups to your user.",
                    missing=", ".join(f"{permission} ({group.sudo().full_name})" for permission, group in missing),
                )
            )

    def _company_problem(self):
        """Why the chosen company cannot be set up, or ``False``."""
        self.ensure_one()
        company = self._allowed_company()
        if not company:
            return self.env._("You are not allowed to work in company %(company)s.", company=self.company_id.name)
        if not company.sudo().root_id.chart_template:
            return self.env._(
                "%(company)s has no chart of accounts yet: choose its fiscal localization, then run Connect Moss "
                "again.",
                company=company.name,
            )
        return False

    def _check_company_ready(self):
        problem = self._company_problem()
        if problem and self._allowed_company():
            action = self.env.ref("account.action_account_config")
            raise RedirectWarning(problem, action.id, self.env._("Choose a fiscal localization"))
        if problem:
            raise UserError(problem)

    def action_open_fiscal_localization(self):
        """The accounting settings, where a company's chart of accounts is chosen."""
        self.ensure_one()
        self.check_access("write")
        return self.env["ir.actions.act_window"]._for_xml_id("account.action_account_config")

    @api.model
    def _check_line(self, state, name, message, **extra):
        return {"state": state, "name": name, "message": message, **extra}

    def _blocked_reason(self, errors):
        """The footer's one line: why Connect cannot run yet."""
        if not errors:
            return False
        if len(errors) == 1:
            return self.env._("Connect is unavailable: %(name)s: %(message)s", **errors[0])
        return self.env._(
            "Connect is unavailable until these are fixed in the checklist: %(names)s.",
            names=", ".join(error["name"] for error in errors),
        )

    @api.depends("company_id")
    @api.depends_context("uid", "lang")
    def _compute_readiness(self):
        for record in self:
            lines = record._permission_lines()
            problem = record.company_id and record._company_problem()
            company_line = record._check_line(
                "error" if problem else "ok",
                self.env._("Company"),
                problem or self.env._("%(company)s has a chart of accounts.", company=record.company_id.name),
            )
            if problem and record._allowed_company():
                company_line.update(
                    action="action_open_fiscal_localization", action_label=self.env._("Choose a fiscal localization")
                )
            lines.append(company_line)
            lines += record._base_url_lines(with_actions=True)
            errors = [line for line in lines if line["state"] == "error"]
            record.readiness_lines = lines
            record.is_ready = not errors
            record.connect_blocked_reason = record._blocked_reason(errors)
