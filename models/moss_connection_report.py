import math

from odoo import api, fields, models
from odoo.tools import format_date, format_datetime, str2bool

# Days before expiry when a key is reported, and its Accounting administrators warned.
KEY_EXPIRY_WARNING_DAYS = 14


class MossConnectionReport(models.AbstractModel):
    """What the settings block and Check connection say about a connection, as data: lines of
    ``{state, name, message, url}`` that the ``moss_checklist`` widget renders as text. The report
    part of ``moss.connection``, which inherits it."""

    _name = "moss.connection.report"
    _description = "Moss Connection Report"

    key_lines = fields.Json(compute="_compute_key_lines", string="API Keys")
    check_lines = fields.Json(compute="_compute_check_lines", string="Connection Check")
    has_errors = fields.Boolean(compute="_compute_check_lines")

    # ------------------------------------------------------------------
    # Status, as the settings block shows it
    # ------------------------------------------------------------------

    @api.model
    def _database_neutralized(self):
        return str2bool(self.env["ir.config_parameter"].sudo().get_param("database.is_neutralized"), False)

    def _summary_lines(self):
        """What the settings block lists: the set-up, the keys and Moss's last activity, never a key."""
        self.ensure_one()
        connection = self.sudo()
        lines = []
        for record, name in (
            (connection.purchase_journal_id, self.env._("Purchase Journal")),
            (connection.bank_journal_id, self.env._("Bank Journal")),
            (connection.payment_account_id, self.env._("Outgoing Payments")),
            (connection.partner_id, self.env._("Default Supplier")),
        ):
            if record.active:
                lines.append(self._line("ok", name, self._record_label(record), record))
        lines += [self._line("error", "", problem) for problem in self._missing_setup()]
        if connection.user_id and self.state != "disconnected":
            lines.append(self._line("ok", self.env._("Integration User"), connection.user_id.login, connection.user_id))
        if self.state == "connected":
            lines += self._key_lines()
            lines.append(self._activity_line())
        return lines

    def _status(self):
        """One word for the settings block: key_missing, connected, key_invalid, neutralized, disconnected."""
        self.ensure_one()
        if self.state in ("draft", "disconnected"):
            return "key_missing" if self.state == "draft" else "disconnected"
        if self._current_key() and self.sudo().user_id.active:
            return "connected"
        return "neutralized" if self._database_neutralized() else "key_invalid"

    # ------------------------------------------------------------------
    # Moss's last activity
    # ------------------------------------------------------------------

    def _activity_line(self):
        label = self.env._("Moss's last activity")
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
            since = self._current_key().create_date
        quiet = self.state == "connected" and since and self._days_since(since) >= self.inactivity_warning_days
        if quiet:
            message += " " + self.env._(
                "Nothing for %(days)s days or more: check that Moss still has the current key.",
                days=self.inactivity_warning_days,
            )
        return self._line("warning" if quiet else "ok", label, message, move)

    @api.model
    def _days_since(self, moment):
        return (fields.Datetime.now() - moment).days

    # ------------------------------------------------------------------
    # Keys and checks, as data: the moss_checklist widget renders them as text
    # ------------------------------------------------------------------

    @api.model
    def _line(self, state, name, message, record=None):
        url = f"/odoo/{record._name}/{record.id}" if record else False
        return {"state": state, "name": name, "message": message, "url": url}

    @api.model
    def _days_left(self, expiration):
        """Whole days left, rounded up: a 90-day key created a second ago has 90 left."""
        return math.ceil((expiration - fields.Datetime.now()).total_seconds() / 86400)

    @api.depends("user_id", "state")
    @api.depends_context("uid", "lang", "tz")
    def _compute_key_lines(self):
        self.check_access("read")
        for connection in self:
            connection.key_lines = connection._key_lines()

    def _key_lines(self):
        """The company's keys by name, creation and expiry: current, previous, or revoked."""
        keys = self._valid_api_keys()
        lines = []
        for index, key in enumerate(keys):
            values = {"key": key.name, "created": format_date(self.env, key.create_date)}
            if index and key.expiration_date:
                # The end of a grace period is to the minute: say when exactly Moss must have the new key.
                message = self.env._(
                    "'%(key)s', created %(created)s, keeps working until %(date)s.",
                    date=format_datetime(self.env, key.expiration_date, dt_format="short"),
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
            lines.append(self._line("warning" if index else "ok", name, message))
        if not keys[1:] and self.previous_key_revoked_date:
            lines.append(
                self._line(
                    "ok",
                    self.env._("Previous key"),
                    self.env._(
                        "revoked on %(date)s.",
                        date=format_datetime(self.env, self.previous_key_revoked_date, dt_format="short"),
                    ),
                )
            )
        return lines

    @api.depends("user_id", "state", "purchase_journal_id", "bank_journal_id", "payment_account_id", "partner_id")
    @api.depends_context("uid", "lang", "tz")
    def _compute_check_lines(self):
        self.check_access("read")
        for connection in self:
            lines = connection._check_lines()
            connection.check_lines = lines
            connection.has_errors = any(line["state"] == "error" for line in lines)

    def _check_lines(self):
        """Everything Moss needs, each line ok / warning / error with the fix."""
        self.ensure_one()
        connection = self.sudo()
        return [
            *self.env["moss.connect.readiness"]._base_url_lines(),
            self._check_journal_line(connection.purchase_journal_id, "purchase", self.env._("Moss Purchase Journal")),
            self._check_journal_line(connection.bank_journal_id, "bank", self.env._("Moss Bank Journal")),
            self._check_payment_account_line(),
            self._check_partner_line(),
            self._check_user_line(),
            self._check_key_line(),
            *self._key_lines()[1:],
            self._check_renewal_line(),
            self._activity_line(),
        ]

    def _check_journal_line(self, journal, journal_type, name):
        if not journal:
            return self._line("error", name, self.env._("Not set up. Run Connect Moss."))
        if not journal.active:
            return self._line("error", name, self.env._("'%s' is archived: restore it.", journal.name), journal)
        if journal.type != journal_type or journal.company_id != self.company_id:
            return self._line(
                "error", name, self.env._("'%s' is not of the right type or company.", journal.name), journal
            )
        return self._line("ok", name, self._record_label(journal), journal)

    def _check_payment_account_line(self):
        name = self.env._("Outgoing payments")
        journal, account = self.sudo().bank_journal_id, self.sudo().payment_account_id
        if not journal or not account:
            return self._line("error", name, self.env._("Not set up. Run Connect Moss."))
        if not self._outgoing_payments_mapped():
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

    def _check_partner_line(self):
        name = self.env._("Default supplier")
        partner = self.sudo().partner_id
        if not partner:
            return self._line("error", name, self.env._("Not set up. Run Connect Moss."))
        if not partner.active:
            return self._line("error", name, self.env._("'%s' is archived: restore it.", partner.name), partner)
        return self._line("ok", name, partner.display_name, partner)

    def _check_user_line(self):
        name = self.env._("Integration user")
        user = self.sudo().user_id
        if self.state == "disconnected":
            return self._line("warning", name, self.env._("Moss is disconnected: connect it again to use it."))
        if not user:
            return self._line("error", name, self.env._("No integration user yet. Create the API key."))
        if not user.active:
            return self._line(
                "error", name, self.env._("'%s' is archived: create a new key to reconnect.", user.login), user
            )
        problems = self._integration_user_problems(user)
        if problems:
            message = self.env._(
                "'%(login)s': %(problems)s. Run Connect Moss to repair it.",
                login=user.login,
                problems="; ".join(problems),
            )
            return self._line("error", name, message, user)
        return self._line(
            "ok",
            name,
            self.env._("%(login)s, active, rights: %(group)s.", login=user.login, group=self._profile_group().name),
            user,
        )

    def _check_key_line(self):
        name = self.env._("API key")
        key = self._current_key()
        if self.state == "draft":
            return self._line("error", name, self.env._("Not created yet: create the API key and give it to Moss."))
        if self.state == "disconnected":
            return self._line("warning", name, self.env._("Revoked when Moss was disconnected."))
        if not key:
            return self._no_valid_key_line(name)
        if not key.expiration_date:
            return self._line("warning", name, self.env._("The key never expires: prefer a duration and renew."))
        days = self._days_left(key.expiration_date)
        if days <= KEY_EXPIRY_WARNING_DAYS:
            return self._line(
                "warning",
                name,
                self.env._("The key expires in %(days)s days: renew it and give Moss the new one.", days=days),
            )
        return self._line("ok", name, self.env._("Valid for %(days)s more days.", days=days))

    def _no_valid_key_line(self, name):
        if self._database_neutralized():
            return self._line(
                "warning",
                name,
                self.env._(
                    "This database is a neutralized copy: Moss's keys were removed so that the production "
                    "key cannot open it. Create a key here only if Moss should post into this copy."
                ),
            )
        return self._line("error", name, self.env._("No valid key: Moss cannot connect. Renew the key."))

    def _check_renewal_line(self):
        name = self.env._("Key renewal")
        if not self.self_renewal:
            return self._line("ok", name, self.env._("An administrator renews the key in the Moss block."))
        if not self._programmatic_keys_on():
            return self._line(
                "error",
                name,
                self.env._("Moss may renew its key itself, but Odoo's switch for it is off: run Connect Moss again."),
            )
        return self._line("ok", name, self.env._("Moss renews its key itself, within its group's policy."))
