import ipaddress
import logging
import math
from urllib.parse import urlsplit

from odoo import api, fields, models, modules
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_datetime, str2bool

from .moss_connection_setup import MANUAL_OUT_METHOD

_logger = logging.getLogger(__name__)

# Days before expiry when a key is reported, and its Accounting administrators warned.
KEY_EXPIRY_WARNING_DAYS = 14
# Host names that only resolve inside a network, never from Moss's servers.
LOCAL_HOST_SUFFIXES = (".localhost", ".local", ".lan", ".internal", ".home", ".localdomain")
SEVERITY_RANK = {"ok": 0, "warning": 1, "error": 2}
# The parts of the accounting set-up: an error in one of them keeps a key from being created.
SETUP_PARTS = ("purchase_journal", "bank_journal", "payment_account", "partner")
# Findings about the key that the daily job reminds people of, and the stage each stands for.
KEY_STAGES = {"key_expiring": "soon", "key_invalid": "expired"}


class MossConnection(models.Model):
    """Whether Moss is healthy, decided in one place: ``_health()``. The block's status and lines,
    the key gate, Check connection, the daily job and Moss's own ``health_check`` call all read it."""

    _inherit = "moss.connection"

    key_lines = fields.Json(compute="_compute_key_lines", string="API Keys")
    check_lines = fields.Json(compute="_compute_check_lines", string="Connection Check")
    has_errors = fields.Boolean(compute="_compute_check_lines")

    # ------------------------------------------------------------------
    # Findings
    # ------------------------------------------------------------------

    @api.model
    def _finding(self, code, severity, name, message, record=None, *, action=None):
        """One checked part: a stable ``code``, ``severity`` (ok, warning, error), what it is about
        (``name``, the record), what is wrong or right, and the connection's method that fixes it."""
        return {
            "code": code,
            "severity": severity,
            "name": name,
            "message": message,
            "record": [record._name, record.id] if record else False,
            "action": action or False,
        }

    def _health(self):
        """Every part Moss needs, checked once, in the order the Check connection dialog lists them."""
        self.ensure_one()
        keys = self._valid_api_keys()  # read once: the key, the grace period and the activity use them
        return [
            *self._base_url_findings(),
            self._journal_finding("purchase"),
            self._journal_finding("bank"),
            self._payment_account_finding(),
            self._partner_finding(),
            self._user_finding(),
            self._key_finding(keys[:1]),
            *self._previous_key_findings(keys),
            self._renewal_finding(),
            self._activity_finding(keys[:1]),
        ]

    def _problems(self):
        """The findings that are not ok: what is wrong with Moss in this company."""
        return [finding for finding in self._health() if finding["severity"] != "ok"]

    @api.model
    def _worst(self, findings):
        return max((finding["severity"] for finding in findings), key=SEVERITY_RANK.__getitem__, default="ok")

    def _setup_errors(self, findings):
        return [f for f in findings if f["code"].startswith(SETUP_PARTS) and f["severity"] == "error"]

    def _status(self, findings):
        """One word for the settings block: key_missing, disconnected, key_invalid, neutralized,
        attention (connected, something to look at) or connected (nothing to look at)."""
        self.ensure_one()
        if self.state == "draft":
            return "key_missing"
        if self.state == "disconnected":
            return "disconnected"
        codes = {finding["code"] for finding in findings if finding["severity"] != "ok"}
        if "key_neutralized" in codes:
            return "neutralized"
        if "key_invalid" in codes:
            return "key_invalid"
        return "attention" if codes else "connected"

    def _lines(self, findings, with_actions=True):
        """Findings as the ``moss_checklist`` widget shows them: text, a link to the record, the fix."""
        labels = {
            "action_open_connect_wizard": self.env._("Repair with Connect Moss"),
            "action_open_renew_wizard": self.env._("Renew key"),
        }
        lines = []
        for finding in findings:
            line = self._line(finding["severity"], finding["name"], finding["message"])
            if finding["record"]:
                line["url"] = "/odoo/{}/{}".format(*finding["record"])
            if with_actions and finding["action"]:
                line.update(action=finding["action"], action_label=labels[finding["action"]])
            lines.append(line)
        return lines

    @api.model
    def _line(self, state, name, message, record=None):
        url = f"/odoo/{record._name}/{record.id}" if record else False
        return {"state": state, "name": name, "message": message, "url": url}

    # Base URL -------------------------------------------------------------

    @api.model
    def _base_url_verdicts(self):
        """``(url, [(code, problem)])``: what keeps Moss from reaching ``web.base.url``."""
        url = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            return url, [
                (
                    "base_url_missing",
                    self.env._(
                        "The Base URL is empty or not a URL. Set 'web.base.url' in the System Parameters "
                        "(developer mode)."
                    ),
                )
            ]
        problems = []
        if self._is_local_host(host):
            problems.append(
                (
                    "base_url_local",
                    self.env._(
                        "%(url)s cannot be reached from the internet, so Moss cannot reach it either. "
                        "Open Odoo through its public address and log in again as administrator, "
                        "or set 'web.base.url' to that address.",
                        url=url,
                    ),
                )
            )
        if parts.scheme != "https":
            problems.append(
                (
                    "base_url_http",
                    self.env._(
                        "%(url)s uses plain http: the API key would travel unencrypted. Serve Odoo over https.",
                        url=url,
                    ),
                )
            )
        return url, problems

    @api.model
    def _base_url_frozen(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param("web.base.url.freeze"))

    @api.model
    def _base_url_findings(self):
        name = self.env._("Base URL")
        url, problems = self._base_url_verdicts()
        findings = [
            self._finding(code, "error" if code == "base_url_missing" else "warning", name, problem)
            for code, problem in problems
        ]
        if not self._base_url_frozen():
            findings.append(
                self._finding(
                    "base_url_not_frozen",
                    "warning",
                    name,
                    self.env._(
                        "The Base URL is not frozen: Odoo rewrites it each time an administrator logs in "
                        "from another address. Freeze it to keep the one Moss is given."
                    ),
                    action="action_open_connect_wizard",
                )
            )
        elif not problems:
            findings.append(
                self._finding("base_url", "ok", name, self.env._("%(url)s is public, https and frozen.", url=url))
            )
        return findings

    @api.model
    def _is_local_host(self, host):
        if host == "localhost" or host.endswith(LOCAL_HOST_SUFFIXES):
            return True
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return "." not in host  # a bare host name only resolves on the local network
        return not address.is_global

    # The accounting set-up ------------------------------------------------

    def _journal_finding(self, journal_type):
        if journal_type == "purchase":
            journal, name = self.sudo().purchase_journal_id, self.env._("Moss Purchase Journal")
        else:
            journal, name = self.sudo().bank_journal_id, self.env._("Moss Bank Journal")
        code = f"{journal_type}_journal"
        if not journal:
            message = self.env._("Not set up. Run Connect Moss.")
            return self._finding(f"{code}_missing", "error", name, message, action="action_open_connect_wizard")
        if not journal.active:
            message = self.env._("'%s' is archived: restore it.", journal.name)
            return self._finding(f"{code}_archived", "error", name, message, journal)
        if journal.type != journal_type or not self._of_company(journal):
            message = self.env._("'%s' is not of the right type or company.", journal.name)
            return self._finding(
                f"{code}_invalid", "error", name, message, journal, action="action_open_connect_wizard"
            )
        return self._finding(code, "ok", name, self._record_label(journal), journal)

    def _payment_account_finding(self):
        name = self.env._("Outgoing payments")
        journal, account = self.sudo().bank_journal_id, self.sudo().payment_account_id
        if not journal or not account:
            message = self.env._("Not set up. Run Connect Moss.")
            return self._finding("payment_account_missing", "error", name, message, action="action_open_connect_wizard")
        if not self._outgoing_payments_mapped():
            message = self.env._(
                "The manual outgoing payments of '%s' are not mapped to the Moss account.", journal.name
            )
            return self._finding(
                "payment_account_unmapped", "error", name, message, journal, action="action_open_connect_wizard"
            )
        if not account.active or not account.reconcile or not self._of_company(account):
            message = self.env._("'%s' must be active and allow reconciliation.", account.display_name)
            return self._finding("payment_account_invalid", "error", name, message, account)
        return self._finding("payment_account", "ok", name, account.display_name, account)

    def _outgoing_payments_mapped(self):
        manual = self.env.ref(MANUAL_OUT_METHOD)
        lines = self.sudo().bank_journal_id.outbound_payment_method_line_ids
        return (
            self.sudo().payment_account_id
            in lines.filtered(lambda line: line.payment_method_id == manual).payment_account_id
        )

    def _partner_finding(self):
        name = self.env._("Default supplier")
        partner = self.sudo().partner_id
        if not partner:
            message = self.env._("Not set up. Run Connect Moss.")
            return self._finding("partner_missing", "error", name, message, action="action_open_connect_wizard")
        if not partner.active:
            message = self.env._("'%s' is archived: restore it.", partner.name)
            return self._finding("partner_archived", "error", name, message, partner)
        return self._finding("partner", "ok", name, partner.display_name, partner)

    # The integration user and its keys ------------------------------------

    def _user_finding(self):
        name = self.env._("Integration user")
        user = self.sudo().user_id
        if self.state == "disconnected":
            message = self.env._("Moss is disconnected: connect it again to use it.")
            return self._finding("user_disconnected", "warning", name, message, action="action_open_connect_wizard")
        if not user:
            message = self.env._("No integration user yet. Create the API key.")
            return self._finding("user_missing", "error", name, message)
        if not user.active:
            message = self.env._("'%s' is archived: create a new key to reconnect.", user.login)
            return self._finding("user_archived", "error", name, message, user)
        problems = self._integration_user_problems(user)
        if problems:
            message = self.env._(
                "'%(login)s': %(problems)s. Run Connect Moss to repair it.",
                login=user.login,
                problems="; ".join(problems),
            )
            return self._finding("user_unfit", "error", name, message, user, action="action_open_connect_wizard")
        message = self.env._(
            "%(login)s, active, rights: %(group)s.", login=user.login, group=self._profile_group().name
        )
        return self._finding("user", "ok", name, message, user)

    @api.model
    def _database_neutralized(self):
        return str2bool(self.env["ir.config_parameter"].sudo().get_param("database.is_neutralized"), False)

    @api.model
    def _days_left(self, expiration):
        """Whole days left, rounded up: a 90-day key created a second ago has 90 left."""
        return math.ceil((expiration - fields.Datetime.now()).total_seconds() / 86400)

    def _key_finding(self, key):
        name = self.env._("API key")
        if self.state == "draft":
            message = self.env._("Not created yet: create the API key and give it to Moss.")
            return self._finding("key_missing", "error", name, message)
        if self.state == "disconnected":
            return self._finding("key_revoked", "warning", name, self.env._("Revoked when Moss was disconnected."))
        if not key or not self.sudo().user_id.active:
            return self._no_key_finding(name)
        if not key.expiration_date:
            message = self.env._("The key never expires: prefer a duration and renew.")
            return self._finding("key_endless", "warning", name, message, action="action_open_renew_wizard")
        days = self._days_left(key.expiration_date)
        if days <= KEY_EXPIRY_WARNING_DAYS:
            message = self.env._("The key expires in %(days)s days: renew it and give Moss the new one.", days=days)
            return self._finding("key_expiring", "warning", name, message, action="action_open_renew_wizard")
        return self._finding("key", "ok", name, self.env._("Valid for %(days)s more days.", days=days))

    def _no_key_finding(self, name):
        if self._database_neutralized():
            message = self.env._(
                "This database is a neutralized copy: Moss's keys were removed so that the production "
                "key cannot open it. Create a key here only if Moss should post into this copy."
            )
            return self._finding("key_neutralized", "warning", name, message, action="action_open_renew_wizard")
        message = self.env._("No valid key: Moss cannot connect. Renew the key.")
        return self._finding("key_invalid", "error", name, message, action="action_open_renew_wizard")

    def _previous_key_findings(self, keys):
        """A key in its grace period is the normal course of a renewal, not a problem."""
        if self.state != "connected":
            return []
        return [
            self._finding("key_previous", "ok", line["name"], line["message"])
            for line in self._key_lines(keys)[1 : len(keys)]
        ]

    def _renewal_finding(self):
        name = self.env._("Key renewal")
        if not self.self_renewal:
            message = self.env._("An administrator renews the key in the Moss block.")
        else:
            message = self.env._("Moss renews its key itself, within its group's policy.")
        return self._finding("renewal", "ok", name, message)

    @api.depends("user_id", "state")
    @api.depends_context("uid", "lang", "tz")
    def _compute_key_lines(self):
        self.check_access("read")
        for connection in self:
            connection.key_lines = connection._key_lines()

    def _key_lines(self, keys=None):
        """The company's keys by name, creation and expiry: current, previous, or revoked."""
        keys = self._valid_api_keys() if keys is None else keys
        lines = []
        for index, key in enumerate(keys):
            values = {"key": key.name, "created": format_date(self.env, key.create_date)}
            if index and self.key_grace_end:
                # The end of a grace period is to the minute: say when exactly Moss must have the new key.
                message = self.env._(
                    "'%(key)s', created %(created)s, keeps working until %(date)s.",
                    date=format_datetime(self.env, self.key_grace_end, dt_format="short"),
                    **values,
                )
            elif key.expiration_date:
                message = self.env._(
                    "'%(key)s', created %(created)s, expires on %(date)s.",
                    date=format_date(self.env, key.expiration_date),
                    **values,
                )
            else:
                message = self.env._("'%(key)s', created %(created)s, never expires.", **values)
            name = self.env._("Previous key") if index else self.env._("Current key")
            lines.append(self._line("ok", name, message))
        if not keys[1:] and self.previous_key_revoked_date:
            message = self.env._(
                "revoked on %(date)s.",
                date=format_datetime(self.env, self.previous_key_revoked_date, dt_format="short"),
            )
            lines.append(self._line("ok", self.env._("Previous key"), message))
        return lines

    # Moss's last activity -------------------------------------------------

    def _last_moss_activity(self):
        """The newest journal entry (bill, payment, fee) the integration user created: one indexed query."""
        self.ensure_one()
        Move = self.env["account.move"].sudo()
        user = self.sudo().user_id
        if not user:
            return Move
        return Move.search([("create_uid", "=", user.id)], order="create_date desc, id desc", limit=1)

    def _activity_finding(self, key):
        name = self.env._("Moss's last activity")
        move = self._last_moss_activity()
        if move:
            message = self.env._(
                "%(entry)s, created %(date)s.",
                entry=move.display_name,
                date=format_datetime(self.env, move.create_date, dt_format="short"),
            )
            since = move.create_date
        else:
            message = self.env._("Moss has not created any bill or payment yet.")
            since = key.create_date
        quiet = (
            self.state == "connected" and since and (fields.Datetime.now() - since).days >= self.inactivity_warning_days
        )
        if quiet:
            message += " " + self.env._(
                "Nothing for %(days)s days or more: check that Moss still has the current key.",
                days=self.inactivity_warning_days,
            )
        return self._finding(
            "activity_quiet" if quiet else "activity", "warning" if quiet else "ok", name, message, move
        )

    # ------------------------------------------------------------------
    # What the screens show
    # ------------------------------------------------------------------

    @api.depends("user_id", "state", "purchase_journal_id", "bank_journal_id", "payment_account_id", "partner_id")
    @api.depends_context("uid", "lang", "tz")
    def _compute_check_lines(self):
        self.check_access("read")
        for connection in self:
            findings = connection._health()
            connection.check_lines = connection._lines(findings)
            connection.has_errors = connection._worst(findings) == "error"

    def _summary_lines(self, findings):
        """What the settings block lists: the set-up and what is wrong; once connected, the user, the
        keys and Moss's last activity too. Never a key itself."""
        connected = self.state == "connected"
        listed = (*SETUP_PARTS, "user", "activity") if connected else SETUP_PARTS
        shown = [
            finding
            for finding in findings
            if finding["code"] in listed
            or (finding["severity"] != "ok" and (connected or not finding["code"].startswith(("user", "key"))))
        ]
        lines = self._lines(shown, with_actions=False)
        if connected:
            lines += self._key_lines()
        return lines

    # ------------------------------------------------------------------
    # Moss asks for its own connection's health, over JSON-2
    # ------------------------------------------------------------------

    @api.model
    def health_check(self):
        """Moss's view of what is wrong in Odoo: ``{"company", "login", "status", "findings"}`` of the
        connection whose integration user calls, each finding ``{code, severity, name, message}``."""
        connection_sudo = self.sudo().search([("user_id", "=", self.env.uid)])
        if not connection_sudo:
            raise AccessError(self.env._("Only a Moss integration user reads its connection's health."))
        findings = connection_sudo._health()
        return {
            "company": connection_sudo.company_id.name,
            "login": connection_sudo.user_id.login,
            "status": connection_sudo._status(findings),
            "findings": [
                {key: finding[key] for key in ("code", "severity", "name", "message")} for finding in findings
            ],
        }

    # ------------------------------------------------------------------
    # The key gate
    # ------------------------------------------------------------------

    def _check_ready_for_a_key(self):
        """Set up, and not disconnected: a disconnection stands until someone connects again."""
        if self.state == "disconnected":
            raise UserError(
                self.env._(
                    "Moss was disconnected from %(company)s: run Connect Moss again before creating a key.",
                    company=self.company_id.name,
                )
            )
        errors = self._setup_errors(self._health())
        if errors:
            missing = " ".join(f"{error['name']}: {error['message']}" for error in errors)
            raise UserError(self.env._("Run 'Connect' first: %(missing)s", missing=missing))

    # ------------------------------------------------------------------
    # Daily job: grace periods and reminders
    # ------------------------------------------------------------------

    @api.model
    def _cron_key_reminders(self):
        """Each connected company on its own, committed one by one (Odoo's tests forbid commits): one
        company's failure does not stop the others."""
        connections = self.sudo().search([("state", "=", "connected")])
        commit = not modules.module.current_test
        if commit:
            self.env["ir.cron"]._commit_progress(remaining=len(connections))
        for connection in connections:
            try:
                with self.env.cr.savepoint():
                    connection._daily_check(fields.Datetime.now())
            except Exception:
                _logger.exception("Connect Moss: the daily check of %s failed", connection.company_id.name)
            if commit and not self.env["ir.cron"]._commit_progress(1):
                break

    def _daily_check(self, now):
        self._revoke_keys_past_grace(now)
        findings = self._health()
        stage = next((KEY_STAGES[f["code"]] for f in findings if f["code"] in KEY_STAGES), False)
        if stage and stage != self.key_reminder:
            self._send_key_reminder(stage)
        self.key_reminder = stage

    def _reminder_recipients(self):
        """The company's Accounting administrators who are people: never Moss's own users."""
        admins = self.env.ref("account.group_account_manager").all_user_ids
        return admins.filtered(
            lambda user: (
                self.company_id in user.company_ids
                and user._is_internal()
                and user.active
                and not user._is_moss_integration_user()
            )
        )

    def _send_key_reminder(self, stage):
        """A to-do on the connection for each of its company's Accounting administrators."""
        if stage == "soon":
            summary = self.env._("Moss API key of %(company)s expires soon", company=self.company_id.name)
            note = self.env._(
                "The Moss API key of %(company)s expires on %(date)s. Renew it from this connection, then give "
                "Moss the new key, or the integration stops.",
                company=self.company_id.name,
                date=format_date(self.env, self._current_key().expiration_date),
            )
        else:
            summary = self.env._("Moss API key of %(company)s expired", company=self.company_id.name)
            note = self.env._(
                "The Moss API key of %(company)s has expired: Moss can no longer post into Odoo. Renew it "
                "from this connection and give Moss the new key.",
                company=self.company_id.name,
            )
        self._schedule_for_accounting_admins(summary, note)

    def _schedule_for_accounting_admins(self, summary, note):
        for admin in self._reminder_recipients():
            self.activity_schedule("mail.mail_activity_data_todo", summary=summary, note=note, user_id=admin.id)
        self._post(note)
