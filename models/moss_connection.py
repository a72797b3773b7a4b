import re

from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError
from odoo.tools import SQL, mute_logger

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
KEY_JOB = "moss_connect.ir_cron_moss_key_reminders"


class MossConnection(models.Model):
    """What Moss has in one company: the records it posts into, the user it connects as and that
    user's keys. Clients only read it; every change goes through the action methods below, which
    check rights and companies themselves, and each leaves a message in the chatter."""

    _name = "moss.connection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
        check_company=True,
        ondelete="set null",
        context={"active_test": False},
        help="Outstanding payments account of the Moss Bank Journal's outgoing payment method.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Moss Default Supplier",
        readonly=True,
        check_company=True,
        ondelete="set null",
        context={"active_test": False},
        help="Supplier Moss posts card transactions, currency conversion and bank fees against.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Integration User",
        readonly=True,
        check_company=True,
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
    key_grace_end = fields.Datetime(
        string="Previous Key Works Until",
        readonly=True,
        help="When the daily job removes the key Moss held before the last renewal (it is triggered for that time).",
    )
    self_renewal_date = fields.Datetime(
        string="Last Renewal by Moss",
        readonly=True,
        help="Moss renews its key itself at most once a day, counted from this time.",
    )

    _company_uniq = models.Constraint("UNIQUE(company_id)", "A company has one Moss connection.")
    _key_grace_days_range = models.Constraint(
        "CHECK(key_grace_days BETWEEN 0 AND 30)", "The previous key's grace period is 0 to 30 days."
    )
    _inactivity_warning_days_range = models.Constraint(
        "CHECK(inactivity_warning_days BETWEEN 1 AND 365)", "Moss's inactivity warning comes after 1 to 365 days."
    )
    _user_uniq = models.Constraint("UNIQUE(user_id)", "Each Moss connection has its own integration user.")

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
        """Log one of the addon's own events, as core logs system events: it notifies nobody. Authored
        by the acting user; ``body`` is escaped unless it is Markup."""
        self.sudo()._message_log(body=body, author_id=self.env.user.partner_id.id)

    # ------------------------------------------------------------------
    # History: only the addon and the company's Settings administrators, as themselves, write it
    # ------------------------------------------------------------------

    def _history_writers(self, users):
        """Those of ``users`` who may write in this connection's history: active internal Settings
        administrators who work in its company."""
        self.ensure_one()
        return users.filtered(
            lambda user: (
                user.active
                and user._is_internal()
                and user.has_group("base.group_system")
                and self.company_id in user.company_ids
            )
        )

    def _check_history_writer(self):
        if self.env.su:
            return
        for connection in self:
            if not connection._is_history_writer():
                raise AccessError(
                    self.env._(
                        "Only the Settings administrators of %(company)s write in the history of its Moss connection.",
                        company=connection.sudo().company_id.name,
                    )
                )

    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        """Posting needs no write access on a connection (no client writes one), but a history writer.
        Odoo's mail routes ask this in sudo: the answer is about the user of the request all the same."""
        if message_operation != "create":
            return super()._mail_get_operation_for_mail_message_operation(message_operation)
        return {connection: "read" if connection._is_history_writer() else None for connection in self}

    def _is_history_writer(self):
        """Whether the acting user (not the superuser mode of a computation) writes this history."""
        self.ensure_one()
        return self.env.uid == SUPERUSER_ID or bool(self.sudo()._history_writers(self.env.user))

    def message_post(self, **kwargs):
        """An administrator's note is theirs: the author is always the one who writes it."""
        self._check_history_writer()
        if not self.env.su:
            kwargs.update(author_id=self.env.user.partner_id.id, email_from=False)
        return super().message_post(**kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """History writers decide who follows, in place of core's write access that no client has."""
        self._check_history_writer()
        return self._message_subscribe(partner_ids, subtype_ids)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Followers may post on a record whatever their rights: only history writers follow a connection."""
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        for connection in self:
            writers = connection.sudo()._history_writers(Users.search([("partner_id", "in", partner_ids or [])]))
            super(MossConnection, connection)._message_subscribe(
                writers.partner_id.ids, subtype_ids=subtype_ids, customer_ids=customer_ids
            )
        return True

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
                    "self_renewal": policy["self_renewal"],
                    "inactivity_warning_days": policy["inactivity_warning_days"],
                }
            )
            if connection.sudo().user_id.active:
                connection._repair_integration_user()
        connection._post(
            Markup("%s<ul>%s</ul>")
            % (
                self.env._(
                    "Connect Moss run by %(user)s for %(company)s:", user=self.env.user.name, company=company.name
                ),
                Markup().join(Markup("<li>%s</li>") % line for line in report),
            )
        )
        return connection, report

    # ------------------------------------------------------------------
    # Disconnect
    # ------------------------------------------------------------------

    def action_disconnect(self):
        """Stop Moss for this company: its keys are revoked and its user archived.

        Journals, accounts, the supplier and every entry stay: connecting again reuses them.
        """
        self.ensure_one()
        self.check_access("read")
        self._check_can_manage(self.company_id)
        self._lock()
        self._revoke_keys_and_archive_users()
        self.sudo().write(
            {"state": "disconnected", "key_reminder": False, "previous_key_revoked_date": False, "key_grace_end": False}
        )
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

    @api.model
    def _wizard_action(self, company, state="setup"):
        """The window action opening Connect Moss for ``company`` at ``state`` (setup, key or renew)."""
        titles = {"renew": self.env._("Renew the Moss API key"), "key": self.env._("Create the Moss API key")}
        return {
            "type": "ir.actions.act_window",
            "name": titles.get(state, self.env._("Connect Moss")),
            "res_model": "moss.connect.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_company_id": company.id, "default_state": state},
        }

    def action_open_renew_wizard(self):
        """The renewal dialog, from Check connection or a reminder."""
        self.ensure_one()
        self.check_access("read")
        self._check_can_manage(self.company_id)
        return self._wizard_action(self.company_id, "renew")

    def action_open_connect_wizard(self):
        self.ensure_one()
        self.check_access("read")
        return self._wizard_action(self.company_id)
