import ipaddress
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# Host names that only resolve inside a network, never from Moss's servers.
LOCAL_HOST_SUFFIXES = (".localhost", ".local", ".lan", ".internal", ".home", ".localdomain")


class MossConnectReadiness(models.AbstractModel):
    """What must hold before Moss can connect: the user's permissions, the company's chart of
    accounts, and a Base URL Moss can reach. Shown as a checklist; enforced again by the server."""

    _name = "moss.connect.readiness"
    _description = "Moss Connection Readiness"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The company whose accounting Moss will post into.",
    )
    readiness_html = fields.Html(compute="_compute_readiness", sanitize=False, string="Readiness")
    is_ready = fields.Boolean(compute="_compute_readiness")
    base_url = fields.Char(compute="_compute_base_url", string="Base URL")
    base_url_frozen = fields.Boolean(compute="_compute_base_url")
    database_name = fields.Char(compute="_compute_base_url", string="Database")

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

    def _base_url_checks(self):
        """Checks of ``web.base.url``: Moss calls it from its own servers, over the internet."""
        self.ensure_one()
        url = self.base_url or ""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            message = self.env._(
                "The Base URL is empty or not a URL. Set 'web.base.url' in Settings > Technical > Parameters."
            )
            return [self._check_line("error", self.env._("Base URL"), message)]
        warnings = []
        if self._is_local_host(host):
            warnings.append(
                self.env._(
                    "%(url)s cannot be reached from the internet, so Moss cannot reach it either. "
                    "Open Odoo through its public address and log in again as administrator, "
                    "or set 'web.base.url' to that address.",
                    url=url,
                )
            )
        if parts.scheme != "https":
            warnings.append(
                self.env._(
                    "%(url)s uses plain http: the API key would travel unencrypted. Serve Odoo over https.", url=url
                )
            )
        if not self.base_url_frozen:
            warnings.append(
                self.env._(
                    "The Base URL is not frozen: Odoo rewrites it each time an administrator logs in "
                    "from another address. Use 'Freeze Base URL' to keep the one Moss is given."
                )
            )
        if not warnings:
            return [
                self._check_line(
                    "ok", self.env._("Base URL"), self.env._("%(url)s is public, https and frozen.", url=url)
                )
            ]
        return [self._check_line("warning", self.env._("Base URL"), warning) for warning in warnings]

    @api.model
    def _is_local_host(self, host):
        if host == "localhost" or host.endswith(LOCAL_HOST_SUFFIXES):
            return True
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return "." not in host  # a bare host name only resolves on the local network
        return not address.is_global

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
            (self.env._("Analytic Accounting"), "analytic.group_analytic_accounting"),
            (self.env._("Payments"), "account.group_account_invoice"),
            (self.env._("API Key Management"), "base.group_erp_manager"),
        ]

    def _missing_permissions(self):
        """``[(permission, group)]`` the current user lacks, implied groups included."""
        user_groups = self.env.user.all_group_ids
        missing = []
        for permission, xmlid in self._moss_permissions():
            group = self.env.ref(xmlid)
            if group not in user_groups:
                missing.append((permission, group))
        return missing

    def _permission_checks(self):
        missing = dict(self._missing_permissions())
        checks = []
        for permission, xmlid in self._moss_permissions():
            if permission in missing:
                message = self.env._(
                    "Missing: ask an administrator to add the group '%(group)s' to your user "
                    "(Settings > Users & Companies > Users).",
                    group=missing[permission].sudo().full_name,
                )
                if xmlid == "analytic.group_analytic_accounting":
                    message = self.env._(
                        "Missing: enable 'Analytic Accounting' in Accounting > Configuration > Settings > Analytics."
                    )
                checks.append(self._check_line("error", permission, message))
            else:
                checks.append(self._check_line("ok", permission, self.env._("Granted.")))
        return checks

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
        company = self.company_id
        if company not in self.env.user.company_ids:
            return self.env._("You are not allowed to work in company %(company)s.", company=company.name)
        if not company.sudo().chart_template:
            return self.env._(
                "Company %(company)s has no chart of accounts. Install one in Accounting > Configuration > "
                "Settings > Fiscal Localization, then run Connect Moss again.",
                company=company.name,
            )
        return False

    def _check_company(self):
        problem = self._company_problem()
        if problem:
            raise UserError(problem)

    @api.model
    def _check_line(self, state, name, message):
        return {"state": state, "name": name, "message": message}

    @api.depends("company_id")
    @api.depends_context("uid")
    def _compute_readiness(self):
        for record in self:
            checks = record._permission_checks()
            problem = record.company_id and record._company_problem()
            checks.append(
                record._check_line(
                    "error" if problem else "ok",
                    self.env._("Company"),
                    problem or self.env._("%(company)s has a chart of accounts.", company=record.company_id.name),
                )
            )
            checks += record._base_url_checks()
            record.is_ready = all(check["state"] != "error" for check in checks)
            record.readiness_html = self.env["ir.qweb"]._render(
                "moss_connect.moss_connect_checklist", {"checks": checks}
            )
