import re
import unicodedata
from datetime import timedelta

from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError, UserError
from odoo.tools import SQL, create_index, format_date, format_datetime, html_escape, mute_logger, str2bool

from .moss_connection_report import KEY_EXPIRY_WARNING_DAYS

KEY_NAME = "Moss Integration"
DEFAULT_LOGIN = "moss-integration"
LOGIN_MAX_LENGTH = 64
LOGIN_RE = re.compile(r"[a-z0-9._@+-]{3,64}")
RIGHTS_PROFILES = [
    ("minimal", "Least privilege"),
    ("accounting_admin", "Accounting administrator without Settings"),
]
PROFILE_GROUPS = {
    "minimal": "moss_connect.group_moss_integration",
    "accounting_admin": "moss_connect.group_moss_integration_accounting",
}
PROGRAMMATIC_KEYS_PARAM = "base.enable_programmatic_api_keys"
# Set when Connect Moss turned Odoo's switch on, so that it only ever turns off what it turned on.
PROGRAMMATIC_KEYS_SET_BY_MOSS = "moss_connect.enabled_programmatic_api_keys"
ACTIVITY_INDEX = "account_move_moss_create_uid_date_index"


class MossConnection(models.Model):
    """What Moss has in one company: the records it posts into, the user it connects as and that
    user's keys. Clients only read it; every change goes through the action methods below, which
    check rights and companies themselves, and each leaves a message in the chatter."""

    _name = "moss.connection"
    _inherit = ["mail.thread", "moss.accounting.setup", "moss.connection.report"]
    _description = "Moss Connection"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    state = fields.Selection(
        [("draft", "Key missing"), ("connected", "Connected"), ("disconnected", "Disconnected")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    purchase_journal_id = fields.Many2one(
        "account.journal",
        string="Moss Purchase Journal",
        readonly=True,
        check_company=True,
        ondelete="set null",
        context={"active_test": False},
        help="Journal Moss posts card payments, invoices and reimbursements into.",
    )
    bank_journal_id = fields.Many2one(
        "account.journal",
        string="Moss Bank Journal",
        readonly=True,
        check_company=True,
        ondelete="set null",
        context={"active_test": False},
        help="Journal Moss creates its payments in.",
    )
    payment_account_id = fields.Many2one(
        "account.account",
        string="Outgoing Payments Account",
        readonly=True,
        ondelete="set null",
        context={"active_test": False},
        help="Outstanding payments account of the Moss Bank Journal's outgoing payment method.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Moss Default Supplier",
        readonly=True,
        ondelete="set null",
        context={"active_test": False},
        help="Supplier Moss posts card transactions, currency conversion and bank fees against.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Integration User",
        readonly=True,
        ondelete="set null",
        context={"active_test": False},
        help="The user Moss connects as, with its API key. Created by Connect Moss for this company only.",
    )
    rights_profile = fields.Selection(RIGHTS_PROFILES, default="minimal", required=True, readonly=True, tracking=True)
    key_grace_days = fields.Integer(
        string="Previous Key Grace Period (days)",
        default=7,
        readonly=True,
        help="After a renewal, the key Moss holds keeps working this many days, never past its own expiry.",
    )
    self_renewal = fields.Boolean(
        string="Moss Renews Its Key Itself",
        readonly=True,
        tracking=True,
        help="The integration user may create its next key with its current one, within its group's policy.",
    )
    inactivity_warning_days = fields.Integer(
        string="Warn After Days Without Moss Activity",
        default=14,
        readonly=True,
        help="Warn when Moss has created no bill or payment in this company for this many days.",
    )
    key_reminder = fields.Selection(
        [("soon", "Expires soon"), ("expired", "Expired")],
        readonly=True,
        help="Last key expiry reminder sent, so the daily job warns once per stage.",
    )
    previous_key_revoked_date = fields.Datetime(readonly=True)

    _company_uniq = models.Constraint("UNIQUE(company_id)", "A company has one Moss connection.")
    _user_uniq = models.Constraint("UNIQUE(user_id)", "Each Moss connection has its own integration user.")

    def init(self):
        # Moss's last activity is one lookup of the newest entry its user created, whatever the size of the books.
        create_index(self.env.cr, ACTIVITY_INDEX, "account_move", ["create_uid", "create_date", "id"])

    @api.depends("company_id.name")
    def _compute_display_name(self):
        for connection in self:
            connection.display_name = self.env._("Moss: %(company)s", company=connection.company_id.name)

    # ------------------------------------------------------------------
    # Rights and locks
    # ------------------------------------------------------------------

    @api.model
    def _may_work_in(self, company):
        """Whether the acting user may work in ``company``, whatever the superuser mode of a computation."""
        return self.env.uid == SUPERUSER_ID or company in self.env.user.company_ids

    @api.model
    def _check_can_manage(self, company):
        """Settings rights, and only for the companies the user may work in."""
        if self.env.uid == SUPERUSER_ID:
            return
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._(
                    "Only administrators (Settings) can connect Moss, create, renew or revoke its keys, "
                    "or disconnect it."
                )
            )
        if not self._may_work_in(company):
            raise AccessError(self.env._("You are not allowed to work in company %(company)s.", company=company.name))

    @api.model
    def _for_company(self, company):
        """The company's connection, created when missing; a concurrent creation is retried by Odoo."""
        connection = self.sudo().search([("company_id", "=", company.id)])
        if connection:
            return connection.with_env(self.env)
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                connection = self.sudo().create({"company_id": company.id})
        except UniqueViolation as error:
            raise ConcurrencyError("Another transaction connected this company first") from error
        return connection.with_env(self.env)

    def _lock(self):
        """Serialize changes of one connection: a concurrent one waits, then is retried on fresh data."""
        self.env.cr.execute(SQL("SELECT id FROM moss_connection WHERE id IN %s FOR NO KEY UPDATE", tuple(self.ids)))
        self.invalidate_recordset()

    def _post(self, body):
        """Audit trail: a message by the acting user; ``body`` is escaped unless it is Markup."""
        self.sudo().message_post(body=body, author_id=self.env.user.partner_id.id)

    # ------------------------------------------------------------------
    # Connect: the accounting Moss posts into
    # ------------------------------------------------------------------

    @api.model
    def _connect(self, company, choices, policy):
        """Create or reuse and repair what Moss posts into for ``company``, all or nothing.

        ``choices`` maps ``purchase_journal``, ``bank_journal``, ``payment_account`` and ``partner``
        to ``{"record": chosen record or empty, "name": ..., "code": ..., "currency": ...}``: a chosen
        record is reused (and restored), an empty one is created. ``policy`` holds the connection's
        ``rights_profile``, ``self_renewal`` and ``inactivity_warning_days``. Returns the connection
        and what was done, as sentences.
        """
        self._check_can_manage(company)
        report = []
        with self.env.cr.savepoint():
            connection = self.with_company(company)._for_company(company)
            connection._lock()
            purchase_journal = connection._ensure_journal("purchase", choices["purchase_journal"], report)
            payment_account = connection._ensure_payment_account(choices["payment_account"], report)
            bank_journal = connection._ensure_journal("bank", choices["bank_journal"], report)
            connection._ensure_payment_method_line(bank_journal, payment_account, report)
            partner = connection._ensure_partner(choices["partner"], report)
            connection.sudo().write(
                {
                    "purchase_journal_id": purchase_journal.id,
                    "bank_journal_id": bank_journal.id,
                    "payment_account_id": payment_account.id,
                    "partner_id": partner.id,
                    "state": "draft" if connection.state == "disconnected" else connection.state,
                    "rights_profile": policy["rights_profile"],
                    "inactivity_warning_days": policy["inactivity_warning_days"],
                }
            )
            connection._apply_self_renewal(policy["self_renewal"])
            if connection.sudo().user_id.active:
                connection._repair_integration_user()
        connection._post(
            Markup("%s<ul>%s</ul>")
            % (
                self.env._("Connect Moss run by %(user)s:", user=self.env.user.name),
                Markup().join(Markup("<li>%s</li>") % line for line in report),
            )
        )
        return connection, report

    # ------------------------------------------------------------------
    # Integration user
    # ------------------------------------------------------------------

    @api.model
    def _clean_login(self, value):
        login = (value or "").strip()
        if not LOGIN_RE.fullmatch(login):
            raise UserError(
                self.env._(
                    "Integration User Login: '%(login)s' is not a valid login. Use 3 to 64 lowercase letters, "
                    "digits and the characters . _ @ + -, for example 'moss-integration'.",
                    login=login,
                )
            )
        return login

    def _profile_group(self):
        return self.env.ref(PROFILE_GROUPS[self.rights_profile])

    @api.model
    def _default_login(self, company):
        """``moss-integration`` for the first company, then one derived from the company's name."""
        connection = self.sudo().search([("company_id", "=", company.id)])
        if connection.user_id:
            return connection.user_id.login
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        taken = set(Users.search([("login", "=like", f"{DEFAULT_LOGIN}%")]).mapped("login"))
        if DEFAULT_LOGIN not in taken:
            return DEFAULT_LOGIN
        ascii_name = unicodedata.normalize("NFKD", company.name).encode("ascii", "ignore").decode().lower()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
        login = f"{DEFAULT_LOGIN}-{slug}"[:LOGIN_MAX_LENGTH].rstrip("-")
        if not slug or login in taken:
            login = f"{DEFAULT_LOGIN}-{company.id}"
        return login

    def _integration_user_values(self):
        """What the integration user must be: active, named for this company, this company only, exactly
        the profile's group."""
        return {
            "active": True,
            "name": self.env._("Moss Integration (%(company)s)", company=self.company_id.name),
            "company_id": self.company_id.id,
            "company_ids": [Command.set(self.company_id.ids)],
            "group_ids": [Command.set(self._profile_group().ids)],
        }

    def _ensure_integration_user(self, login):
        """Create the company's integration user, or repair and rename the one it has."""
        self.ensure_one()
        login = self._clean_login(login)
        user = self._reused_user(login)
        self._check_login_free(login, user)
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        if user:
            self._check_not_a_person(user)
            user.write({**self._integration_user_values(), "login": login})
        else:
            user = Users.with_context(no_reset_password=True).create(
                {**self._integration_user_values(), "login": login}
            )
            self.sudo().user_id = user
        self._check_integration_user(user)
        return user

    def _reused_user(self, login):
        """The user a key for ``login``: the connection's own, unless it is archived and a new login is given."""
        user = self.sudo().user_id
        if user and not user.active and user.login != login:
            return user.browse()
        return user

    def _check_login_free(self, login, user=None):
        """Refuse a login that belongs to anyone but the user the key will go to."""
        user = self._reused_user(login) if user is None else user
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        taken = Users.search([("login", "=", login), ("id", "!=", user.id)], limit=1)
        if taken:
            raise UserError(
                self.env._(
                    "Integration User Login: '%(login)s' is already used by the user '%(user)s'. Choose another login.",
                    login=login,
                    user=taken.name,
                )
            )

    def _repair_integration_user(self):
        user = self.sudo().user_id
        self._check_not_a_person(user)
        user.write(self._integration_user_values())

    def _check_not_a_person(self, user):
        """Odoo's own administrator and superuser are never turned into Moss's user."""
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        if user.id == SUPERUSER_ID or user == admin:
            raise UserError(
                self.env._(
                    "Integration User: '%(login)s' is Odoo's administrator account. Moss's user must be its own; "
                    "disconnect Moss and connect again with a new login.",
                    login=user.login,
                )
            )

    def _integration_user_problems(self, user):
        """Why ``user`` must not get a key, as sentences; empty when it is Moss's own user as made."""
        problems = []
        if not user._is_internal():
            problems.append(self.env._("it is not an internal user"))
        if user._is_admin() or user._is_system() or user.id == SUPERUSER_ID:
            problems.append(self.env._("it has administrator rights"))
        if user.group_ids != self._profile_group():
            problems.append(self.env._("its groups are not exactly '%(group)s'", group=self._profile_group().name))
        if user.company_ids != self.company_id:
            problems.append(self.env._("it may work in companies other than %(company)s", company=self.company_id.name))
        self.env.cr.execute(SQL("SELECT COALESCE(password, '') <> '' FROM res_users WHERE id = %s", user.id))
        if self.env.cr.fetchone()[0]:
            problems.append(self.env._("it has a password, so a person could log in as Moss"))
        return problems

    def _check_integration_user(self, user):
        problems = self._integration_user_problems(user)
        if problems:
            raise UserError(
                self.env._(
                    "Integration User '%(login)s' cannot get a key: %(problems)s. Run Connect Moss to repair it, "
                    "or disconnect and connect again with a new login.",
                    login=user.login,
                    problems="; ".join(problems),
                )
            )

    # ------------------------------------------------------------------
    # API keys
    # ------------------------------------------------------------------

    def _valid_api_keys(self):
        """The integration user's keys that still open Odoo, newest first; never the key itself."""
        self.ensure_one()
        Keys = self.env["res.users.apikeys"].sudo()
        if not self.sudo().user_id:
            return Keys
        return Keys.search(
            [
                ("user_id", "=", self.sudo().user_id.id),
                "|",
                ("expiration_date", "=", False),
                ("expiration_date", ">", fields.Datetime.now()),
            ],
            order="create_date desc, id desc",
        )

    def _current_key(self):
        return self._valid_api_keys()[:1]

    def _previous_keys(self):
        return self._valid_api_keys()[1:]

    def _issue_key(self, login, expiration, grace_days, opened_at=None):
        """A new key for the company's integration user, returned once for the caller to show.

        The key Moss holds keeps working for ``grace_days`` (never past its own expiry), so Moss
        does not stop while an administrator hands over the new one; older keys are revoked now.
        """
        self.ensure_one()
        self._check_can_manage(self.company_id)
        self._lock()
        self._check_no_newer_key(opened_at)
        self._check_ready_for_a_key()
        user = self._ensure_integration_user(login)
        previous = self._retire_keys(self._valid_api_keys(), grace_days)
        key = self.env["res.users.apikeys"].with_user(user).sudo()._generate(None, KEY_NAME, expiration)
        self.sudo().write({"state": "connected", "key_reminder": False, "key_grace_days": grace_days})
        self._post(self._key_issued_message(expiration, previous))
        return key

    def _check_ready_for_a_key(self):
        """Set up, and not disconnected: a disconnection stands until someone connects again."""
        if self.state == "disconnected":
            raise UserError(
                self.env._(
                    "Moss was disconnected from %(company)s: run Connect Moss again before creating a key.",
                    company=self.company_id.name,
                )
            )
        missing = self._missing_setup()
        if missing:
            raise UserError(self.env._("Run 'Connect' first: %(missing)s", missing=" ".join(missing)))

    def _check_no_newer_key(self, opened_at):
        """Two administrators creating a key at once: the later one is told, not handed a stale key."""
        newest = self._current_key()
        # Strictly later: a key made in the same transaction as the window is no race.
        if opened_at and newest and newest.create_date > opened_at:
            raise UserError(
                self.env._(
                    "API Key: a new key for %(login)s was created at %(time)s, after you opened this window. "
                    "Close it and look at the Moss block before creating another one.",
                    login=self.sudo().user_id.login,
                    time=format_datetime(self.env, newest.create_date, dt_format="short"),
                )
            )

    def _retire_keys(self, keys, grace_days):
        """Keep the newest of ``keys`` valid for the grace period; revoke the others now."""
        keys[1:]._remove()
        previous = keys[:1]
        if not previous:
            return previous
        grace_end = fields.Datetime.now() + timedelta(days=grace_days)
        if grace_days <= 0:
            previous._remove()
            self.sudo().previous_key_revoked_date = fields.Datetime.now()
            return previous.browse()
        if not previous.expiration_date or previous.expiration_date > grace_end:
            previous.write({"expiration_date": grace_end})
        return previous

    def _key_issued_message(self, expiration, previous):
        values = {"user": self.env.user.name, "login": self.sudo().user_id.login}
        if expiration:
            text = self.env._(
                "New API key created by %(user)s for %(login)s; it expires on %(date)s.",
                date=format_datetime(self.env, expiration, dt_format="short"),
                **values,
            )
        else:
            text = self.env._("New API key created by %(user)s for %(login)s; it never expires.", **values)
        if previous:
            text += " " + self.env._(
                "The previous key keeps working until %(date)s.",
                date=format_datetime(self.env, previous.expiration_date, dt_format="short"),
            )
        return text

    def action_revoke_previous_key(self):
        """Revoke every key but the newest, now: Moss uses the new one."""
        self.ensure_one()
        self.check_access("read")
        self._check_can_manage(self.company_id)
        self._lock()
        previous = self._previous_keys()
        if not previous:
            raise UserError(self.env._("Previous key: there is none left to revoke."))
        previous._remove()
        self.sudo().previous_key_revoked_date = fields.Datetime.now()
        self._post(self.env._("Previous API key revoked by %(user)s.", user=self.env.user.name))
        return self._notification(self.env._("The previous key is revoked. Moss keeps working with the new one."))

    def action_disconnect(self):
        """Stop Moss for this company: its keys are revoked and its user archived.

        Journals, accounts, the supplier and every entry stay: connecting again reuses them.
        """
        self.ensure_one()
        self.check_access("read")
        self._check_can_manage(self.company_id)
        self._lock()
        self._revoke_keys_and_archive_users()
        self.sudo().write({"state": "disconnected", "key_reminder": False, "previous_key_revoked_date": False})
        self._apply_self_renewal(self.self_renewal)
        self._post(self.env._("Moss disconnected by %(user)s: its API keys are revoked.", user=self.env.user.name))
        return self._notification(
            self.env._(
                "Moss is disconnected from %(company)s. Journals, accounts, the supplier and all entries stay.",
                company=self.company_id.name,
            )
        )

    def _revoke_keys_and_archive_users(self):
        """Every key of these connections' integration users gone, the users archived: Moss cannot log in."""
        users = self.sudo().user_id
        self.env["res.users.apikeys"].sudo().search([("user_id", "in", users.ids)])._remove()
        users.active = False

    @api.model
    def _notification(self, message):
        """Confirm a finished action; closing then reloads the block in place, where the administrator is."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": {"type": "ir.actions.act_window_close"}},
        }

    # Self-renewal -------------------------------------------------------

    def _apply_self_renewal(self, enabled):
        """Record the choice, and keep Odoo's database-wide switch on exactly while a connected company wants it."""
        self.sudo().self_renewal = enabled
        params = self.env["ir.config_parameter"].sudo()
        wanted = bool(self.sudo().search_count([("self_renewal", "=", True), ("state", "!=", "disconnected")]))
        switched_on = self._programmatic_keys_on()
        if wanted and not switched_on:
            params.set_param(PROGRAMMATIC_KEYS_PARAM, "True")
            params.set_param(PROGRAMMATIC_KEYS_SET_BY_MOSS, "True")
        elif not wanted and switched_on:
            self._release_programmatic_keys()

    @api.model
    def _release_programmatic_keys(self):
        """Turn Odoo's switch off, only if Connect Moss is the one that turned it on."""
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(PROGRAMMATIC_KEYS_SET_BY_MOSS):
            params.set_param(PROGRAMMATIC_KEYS_PARAM, False)
            params.set_param(PROGRAMMATIC_KEYS_SET_BY_MOSS, False)

    @api.model
    def _programmatic_keys_on(self):
        return str2bool(self.env["ir.config_parameter"].sudo().get_param(PROGRAMMATIC_KEYS_PARAM), False)

    def _key_renewed_by_moss(self, expiration):
        self.sudo().key_reminder = False
        self._post(
            self.env._(
                "Moss created its next API key itself; it expires on %(date)s.",
                date=format_datetime(self.env, expiration, dt_format="short"),
            )
        )

    # ------------------------------------------------------------------
    # Moss's last activity
    # ------------------------------------------------------------------

    def _last_moss_activity(self):
        """The newest journal entry (bill, payment, fee) the integration user created: one indexed query."""
        self.ensure_one()
        Move = self.env["account.move"].sudo()
        user = self.sudo().user_id
        if not user:
            return Move
        Move.flush_model(["create_uid", "create_date"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_move WHERE create_uid = %s ORDER BY create_date DESC, id DESC LIMIT 1",
                user.id,
            )
        )
        row = self.env.cr.fetchone()
        return Move.browse(row[0]) if row else Move

    # ------------------------------------------------------------------
    # Opening from the settings
    # ------------------------------------------------------------------

    def action_check(self):
        """The Check connection report, in a dialog."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Moss connection check"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [(self.env.ref("moss_connect.moss_connection_view_form_check").id, "form")],
            "target": "new",
        }

    def action_open_connect_wizard(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["moss.connect.wizard"]._action_open(self.company_id)

    # ------------------------------------------------------------------
    # Daily job: grace periods and expiry reminders
    # ------------------------------------------------------------------

    @api.model
    def _cron_key_reminders(self):
        now = fields.Datetime.now()
        for connection in self.sudo().search([("state", "=", "connected")]):
            connection._revoke_keys_past_grace(now)
            stage = connection._key_stage(now)
            if stage and stage != connection.key_reminder:
                connection._send_key_reminder(stage)
            connection.key_reminder = stage

    def _revoke_keys_past_grace(self, now):
        """Previous keys whose grace period ended: gone from the database, said in the chatter."""
        Keys = self.env["res.users.apikeys"].sudo()
        keys = Keys.search([("user_id", "=", self.user_id.id)], order="create_date desc, id desc")
        ended = keys[1:].filtered(lambda key: key.expiration_date and key.expiration_date <= now)
        if ended:
            ended._remove()
            self.previous_key_revoked_date = now
            self._post(self.env._("Previous API key revoked: its grace period ended."))

    def _key_stage(self, now):
        key = self._current_key()
        if not key:
            return "expired"
        if key.expiration_date and key.expiration_date <= now + timedelta(days=KEY_EXPIRY_WARNING_DAYS):
            return "soon"
        return False

    def _send_key_reminder(self, stage):
        """An activity for each Accounting administrator of the company and a message on the bank journal."""
        journal = self.bank_journal_id
        if not journal:
            return
        if stage == "soon":
            summary = self.env._("Moss API key expires soon")
            note = self.env._(
                "The Moss API key of %(company)s expires on %(date)s. Renew it in Invoicing / Accounting > "
                "Configuration > Settings > Moss, then give Moss the new key, or the integration stops.",
                company=self.company_id.name,
                date=format_date(self.env, self._current_key().expiration_date),
            )
        else:
            summary = self.env._("Moss API key expired")
            note = self.env._(
                "The Moss API key of %(company)s has expired: Moss can no longer post into Odoo. Renew it in "
                "Invoicing / Accounting > Configuration > Settings > Moss and give Moss the new key.",
                company=self.company_id.name,
            )
        self._notify_accounting_admins(summary, note)

    def _notify_accounting_admins(self, summary, note):
        journal = self.bank_journal_id
        admins = self.env.ref("account.group_account_manager").all_user_ids.filtered(
            lambda user: self.company_id in user.company_ids and not user.share and user.active
        )
        for admin in admins:
            journal.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, note=html_escape(note), user_id=admin.id
            )
        journal.message_post(body=note, partner_ids=admins.partner_id.ids)

    # ------------------------------------------------------------------
    # Upgrade from 19.0.1.x, where the companies held the set-up and shared one user
    # ------------------------------------------------------------------

    @api.model
    def _adopt_company_setups(self, setups):
        """One connection per set-up company; the shared integration user stays, with its keys, with the
        company it was made for, so Moss keeps working there. Any other company it served is told to
        create its own key: a key of one company must read nothing of another.

        ``setups``: dicts of ``company_id``, ``purchase_journal_id``, ``bank_journal_id``,
        ``payment_account_id``, ``partner_id``, ``user_id`` and ``key_reminder`` (ids or None).
        """
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        connections = self.sudo()
        for setup in setups:
            user = Users.browse(setup["user_id"] or []).exists()
            company = self.env["res.company"].browse(setup["company_id"])
            was_connected = bool(user.active and company in user.company_ids)
            keeps_user = bool(user) and user.company_id == company
            values = {
                field: setup[field] or False
                for field in (
                    "company_id",
                    "purchase_journal_id",
                    "bank_journal_id",
                    "payment_account_id",
                    "partner_id",
                )
            }
            values.update(
                user_id=user.id if keeps_user else False,
                key_reminder=setup["key_reminder"] if keeps_user else False,
                state=self._adopted_state(user, keeps_user, was_connected),
            )
            connection = self.sudo().create(values)
            connections |= connection
            if user and was_connected and not keeps_user:
                connection._tell_to_create_own_key(user)
        for connection in connections.filtered("user_id"):
            connection.user_id.write(
                {"company_id": connection.company_id.id, "company_ids": [Command.set(connection.company_id.ids)]}
            )
        return connections

    @api.model
    def _adopted_state(self, user, keeps_user, was_connected):
        if user and not was_connected:
            return "disconnected"
        return "connected" if keeps_user else "draft"

    def _tell_to_create_own_key(self, shared_user):
        note = self.env._(
            "Moss stopped for %(company)s with the upgrade of Connect Moss: each company now has its own "
            "integration user, and the key of '%(login)s' no longer reads this company. Create this company's "
            "key in Invoicing / Accounting > Configuration > Settings > Moss and give it to Moss.",
            company=self.company_id.name,
            login=shared_user.login,
        )
        self._post(note)
        if self.bank_journal_id:
            self._notify_accounting_admins(self.env._("Create the Moss API key of this company"), note)
