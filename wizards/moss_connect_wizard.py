import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.base.models.res_users import check_identity
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime

from ..models.moss_connection import PROFILE_GROUPS, RIGHTS_PROFILES
from ..models.moss_connection_setup import JOURNAL_CODE_SIZE

SETUP_MODES = [("create", "Create a new one"), ("existing", "Use an existing one")]
SETUP_FIELDS = ("purchase_journal_id", "bank_journal_id", "payment_account_id", "partner_id")
# Key durations in days, as Odoo's own key dialog offers them; "0" is a key without expiry.
KEY_DURATIONS = [
    ("1", "1 Day"),
    ("7", "1 Week"),
    ("30", "1 Month"),
    ("90", "3 Months"),
    ("180", "6 Months"),
    ("365", "1 Year"),
    ("0", "No expiry"),
]
MAX_GRACE_DAYS = 30  # as the connection's constraint
MAX_INACTIVITY_DAYS = 365
# PostgreSQL's integer: a larger id is no record, and would end in a database error.
MAX_RECORD_ID = 2**31 - 1
INTEGER_RANGES = {"key_grace_days": (0, MAX_GRACE_DAYS), "inactivity_warning_days": (1, MAX_INACTIVITY_DAYS)}


class MossConnectWizard(models.TransientModel):
    """Asks and confirms: readiness, choices, one call into ``moss.connection``, then the key."""

    _name = "moss.connect.wizard"
    _description = "Connect Moss"

    state = fields.Selection(
        [("setup", "Set up"), ("key", "API key"), ("renew", "Renew key"), ("done", "Done")],
        default="setup",
        required=True,
    )
    done_message = fields.Char(compute="_compute_done_message")
    company_connected = fields.Boolean(compute="_compute_done_message")

    purchase_journal_mode = fields.Selection(
        SETUP_MODES,
        string="Purchase Journal",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    purchase_journal_id = fields.Many2one(
        "account.journal",
        string="Existing Purchase Journal",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('type', '=', 'purchase'), ('company_id', 'parent_of', company_id)]",
    )
    purchase_journal_name = fields.Char(default=lambda self: self.env._("Moss Purchase Journal"))
    known_purchase_journal_id = fields.Many2one(
        "account.journal",
        compute="_compute_setup_choices",
        store=True,
        precompute=True,
        help="The company's Moss Purchase Journal so far, or the one an earlier installation left.",
    )
    purchase_journal_shared = fields.Boolean(
        compute="_compute_purchase_journal_shared",
        help="A journal chosen that is not Moss's yet: Moss entries would mix with its other purchases.",
    )
    purchase_journal_code = fields.Char(compute="_compute_journal_codes", store=True, readonly=False, precompute=True)

    bank_journal_mode = fields.Selection(
        SETUP_MODES,
        string="Bank Journal",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    bank_journal_id = fields.Many2one(
        "account.journal",
        string="Existing Bank Journal",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('type', '=', 'bank'), ('company_id', 'parent_of', company_id)]",
    )
    bank_journal_name = fields.Char(default="Moss")
    bank_journal_code = fields.Char(compute="_compute_journal_codes", store=True, readonly=False, precompute=True)
    currency_id = fields.Many2one(
        "res.currency",
        string="Bank Journal Currency",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('active', '=', True)]",
        help="Currency of the Moss wallet (Moss wallets run in EUR or GBP).",
    )

    payment_account_mode = fields.Selection(
        SETUP_MODES,
        string="Outgoing Payments Account",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    payment_account_id = fields.Many2one(
        "account.account",
        string="Existing Outgoing Payments Account",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('company_ids', 'parent_of', company_id), "
        "('account_type', 'in', ['asset_current', 'liability_current'])]",
    )
    payment_account_name = fields.Char(
        string="Outgoing Payments Account Name", default=lambda self: self.env._("Moss Outstanding Payments")
    )

    partner_mode = fields.Selection(
        SETUP_MODES,
        string="Default Supplier",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Existing Default Supplier",
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        precompute=True,
        domain="['|', ('company_id', '=', False), ('company_id', 'parent_of', company_id)]",
    )
    partner_name = fields.Char(string="Default Supplier Name", default="Moss")

    rights_profile = fields.Selection(
        RIGHTS_PROFILES,
        string="Rights of Moss's User",
        compute="_compute_policy",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    self_renewal = fields.Boolean(
        string="Let Moss renew its key itself", compute="_compute_policy", store=True, readonly=False, precompute=True
    )
    inactivity_warning_days = fields.Integer(
        string="Warn after days without Moss activity",
        compute="_compute_policy",
        store=True,
        readonly=False,
        precompute=True,
    )
    connect_report = fields.Json(string="What was done", readonly=True)

    integration_login = fields.Char(
        string="Integration User Login",
        compute="_compute_integration_login",
        store=True,
        readonly=False,
        precompute=True,
        help="Login of the user Moss connects as. It has no password: it only works through its API key.",
    )
    integration_groups = fields.Text(compute="_compute_integration_groups", string="What Moss's User May Do")
    key_policy_days = fields.Integer(compute="_compute_key_policy_days", string="Longest Duration Allowed (days)")
    key_duration = fields.Selection(
        KEY_DURATIONS,
        compute="_compute_key_duration",
        store=True,
        readonly=False,
        precompute=True,
        help="The integration stops when the key expires and must be renewed.",
    )
    key_exceeds_policy = fields.Boolean(compute="_compute_key_exceeds_policy")
    confirm_long_key = fields.Boolean(
        string="I accept a longer-lived key",
        help="Needed for a duration beyond what the integration user's groups allow, or a key without expiry.",
    )
    key_grace_days = fields.Integer(
        string="Keep the previous key for (days)",
        compute="_compute_policy",
        store=True,
        readonly=False,
        precompute=True,
        help="The key Moss holds now keeps working this long (never past its own expiry), so Moss does not stop "
        "while you give it the new one. 0 revokes it at once.",
    )

    # ------------------------------------------------------------------
    # Opening, and what a client may write
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        for vals in vals_list:
            self._check_values(vals)
        wizards = super().create(vals_list)
        wizards._check_companies_allowed()
        return wizards

    def write(self, vals):
        self.check_access("write")
        self._check_values(vals)
        result = super().write(vals)
        if "company_id" in vals:
            self._check_companies_allowed()
        return result

    def _check_companies_allowed(self):
        """A wizard only serves a company its user may work in, however the company was given."""
        for wizard in self:
            if not self.env["moss.connection"]._may_work_in(wizard.company_id):
                raise AccessError(
                    self.env._("You are not allowed to work in company %(company)s.", company=wizard.company_id.name)
                )

    def _check_values(self, vals):
        """Refuse, naming the field, what would end in a database error or a look-alike name."""
        Connection = self.env["moss.connection"]
        for name, value in vals.items():
            field = self._fields.get(name)
            if not field or value is False or value is None:
                continue  # an unknown field is Odoo's to refuse
            label = field.get_description(self.env)["string"]
            if field.type == "char":
                if not isinstance(value, str):
                    raise UserError(self.env._("%(field)s: type text.", field=label))
                if name == "integration_login":
                    Connection._clean_login(value)
                else:
                    Connection._check_text(value, label)
            elif name in INTEGER_RANGES:
                self._check_integer(value, label, *INTEGER_RANGES[name])
            elif field.type == "many2one":
                self._check_integer(value, label, 1, MAX_RECORD_ID)
            elif field.type == "json" and "\\u0000" in json.dumps(value):
                raise UserError(self.env._("%(field)s contains a NUL character.", field=label))

    @api.model
    def _check_integer(self, value, label, low, high):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise UserError(
                self.env._("%(field)s: use a whole number from %(low)s to %(high)s.", field=label, low=low, high=high)
            )

    # ------------------------------------------------------------------
    # Defaults taken from the company's connection
    # ------------------------------------------------------------------

    @api.depends("company_id")
    def _compute_done_message(self):
        for wizard in self:
            connection = wizard._company_connection()
            wizard.company_connected = connection.state == "connected"
            wizard.done_message = wizard._done_message(connection._current_key()) if connection else False

    def _done_message(self, key):
        if not key:
            return False
        if not key.expiration_date:
            return self.env._(
                "Moss is set up for this company and its API key does not expire: nothing else to do. "
                'To give Moss a new key, use "Renew key" in the Moss block.'
            )
        return self.env._(
            "Moss is set up for this company and its API key is valid until %(date)s: nothing else to do. "
            'To give Moss a new key, use "Renew key" in the Moss block.',
            date=format_datetime(self.env, key.expiration_date, dt_format="short"),
        )

    def _company_connection(self):
        """The connection of the wizard's company, read as the server once the company is checked."""
        Connection = self.env["moss.connection"].sudo()
        company = self._allowed_company()
        return Connection.search([("company_id", "=", company.id)]) if company else Connection

    @api.depends("company_id")
    def _compute_setup_choices(self):
        for wizard in self:
            records = wizard._known_records()
            wizard.known_purchase_journal_id = records["purchase_journal_id"]
            wizard.purchase_journal_mode = "existing" if records["purchase_journal_id"] else "create"
            wizard.purchase_journal_id = records["purchase_journal_id"]
            wizard.bank_journal_mode = "existing" if records["bank_journal_id"] else "create"
            wizard.bank_journal_id = records["bank_journal_id"]
            wizard.payment_account_mode = "existing" if records["payment_account_id"] else "create"
            wizard.payment_account_id = records["payment_account_id"]
            wizard.partner_mode = "existing" if records["partner_id"] else "create"
            wizard.partner_id = records["partner_id"]
            wizard.currency_id = records["bank_journal_id"].currency_id or wizard._allowed_company().currency_id

    def _known_records(self):
        """The connection's records, or what an earlier installation left for the company."""
        connection = self._company_connection()
        company = self._allowed_company()
        if connection or not company:
            return {field: connection[field] for field in SETUP_FIELDS}
        return self.env["moss.connection"]._left_records(company)

    @api.depends("purchase_journal_mode", "purchase_journal_id", "known_purchase_journal_id")
    def _compute_purchase_journal_shared(self):
        for wizard in self:
            chosen = wizard.purchase_journal_mode == "existing" and wizard.purchase_journal_id
            wizard.purchase_journal_shared = bool(chosen) and chosen != wizard.known_purchase_journal_id

    @api.depends("company_id")
    def _compute_policy(self):
        defaults = self.env["moss.connection"].default_get(
            ["rights_profile", "inactivity_warning_days", "key_grace_days"]
        )
        for wizard in self:
            connection = wizard._company_connection()
            wizard.rights_profile = connection.rights_profile or defaults["rights_profile"]
            wizard.self_renewal = connection.self_renewal
            wizard.inactivity_warning_days = connection.inactivity_warning_days or defaults["inactivity_warning_days"]
            wizard.key_grace_days = connection.key_grace_days if connection else defaults["key_grace_days"]

    @api.depends("company_id")
    def _compute_journal_codes(self):
        for wizard in self:
            company = wizard._allowed_company()
            if not company:
                wizard.purchase_journal_code = wizard.bank_journal_code = False
                continue
            wizard.purchase_journal_code, wizard.bank_journal_code = wizard._free_journal_codes(
                company, ("MOSS", "MOSSB")
            )

    def _free_journal_codes(self, company, bases):
        """One free code per base (``MOSS``, ``MOSS1``, ...), all distinct, found in one query."""
        candidates = {
            base: [base] + [f"{base[: JOURNAL_CODE_SIZE - len(str(n))]}{n}" for n in range(1, 100)] for base in bases
        }
        taken = set(
            self.env["account.journal"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("code", "in", [code for codes in candidates.values() for code in codes]),
                ],
                ["code"],
            )
            .mapped("code")
        )
        codes = []
        for base in bases:
            code = next((c for c in candidates[base] if c not in taken), False)
            taken.add(code)
            codes.append(code)
        return codes

    @api.depends("company_id")
    def _compute_integration_login(self):
        for wizard in self:
            company = wizard._allowed_company()
            wizard.integration_login = self.env["moss.connection"]._default_login(company) if company else False

    @api.depends("rights_profile")
    def _compute_integration_groups(self):
        """The rights as an administrator knows them, not Odoo's group names."""
        for wizard in self:
            rights = [
                self.env._("Reads the chart of accounts, taxes, journals and analytic plans."),
                self.env._("Creates suppliers, analytic accounts, vendor bills, payments and reconciliations."),
            ]
            if wizard.rights_profile == "accounting_admin":
                rights.append(self.env._("Creates accounts, taxes, journals and analytic plans."))
            rights += [
                self.env._("Reads Odoo's API description, as client libraries need."),
                self.env._("No Settings, no user management, no other company, no password."),
            ]
            wizard.integration_groups = "\n".join(rights)

    def _profile_group(self):
        return self.env.ref(PROFILE_GROUPS[self.rights_profile or "minimal"])

    @api.depends("rights_profile")
    def _compute_key_policy_days(self):
        for wizard in self:
            wizard.key_policy_days = wizard._key_policy_days()

    def _key_policy_days(self):
        return self.env["moss.connection"]._key_policy_days(self._profile_group())

    @api.depends("rights_profile")
    def _compute_key_duration(self):
        for wizard in self:
            policy = wizard._key_policy_days()
            allowed = [value for value, _label in KEY_DURATIONS if value != "0" and int(value) <= policy]
            wizard.key_duration = wizard.key_duration or (allowed[-1] if allowed else "1")

    @api.depends("key_duration", "key_policy_days")
    def _compute_key_exceeds_policy(self):
        for wizard in self:
            days = int(wizard.key_duration or 0)
            wizard.key_exceeds_policy = days == 0 or days > wizard.key_policy_days

    # ------------------------------------------------------------------
    # Connect
    # ------------------------------------------------------------------

    def action_connect(self):
        """Turn on what a fresh database lacks, then create or reuse and repair everything Moss posts
        into, all or nothing."""
        self.ensure_one()
        self.check_access("write")
        self._check_permissions()
        self._check_company_ready()
        report = []
        self._enable_analytic_accounting(report)
        connection, setup_report = self.env["moss.connection"]._connect(
            self.company_id, self._setup_choices(), self._policy()
        )
        lines = [self._check_line("ok", "", line) for line in report + setup_report]
        self.write({"connect_report": lines, "state": "done" if connection._current_key() else "key"})
        return self._action_reopen()

    def action_connect_and_create_key(self):
        """One confirmation when nothing is left to decide: connect, then Odoo asks for the password and
        the key is shown, with what Connect did."""
        self.action_connect()
        if self.state != "key":
            return self._action_reopen()
        return self.action_generate_key()

    def _setup_choices(self):
        self._check_codes_differ()
        return {
            "purchase_journal": self._choice(
                self.purchase_journal_mode,
                self.purchase_journal_id,
                self.env._("Existing Purchase Journal"),
                name=self.purchase_journal_name,
                code=self.purchase_journal_code,
            ),
            "bank_journal": self._choice(
                self.bank_journal_mode,
                self.bank_journal_id,
                self.env._("Existing Bank Journal"),
                name=self.bank_journal_name,
                code=self.bank_journal_code,
                currency=self.currency_id,
            ),
            "payment_account": self._choice(
                self.payment_account_mode,
                self.payment_account_id,
                self.env._("Existing Outgoing Payments Account"),
                name=self.payment_account_name,
            ),
            "partner": self._choice(
                self.partner_mode, self.partner_id, self.env._("Existing Default Supplier"), name=self.partner_name
            ),
        }

    def _choice(self, mode, record, field_label, **values):
        """A record to reuse ("Use an existing one"), or an empty one and what to create."""
        if mode == "existing" and not record:
            raise UserError(
                self.env._("%(field)s is empty: choose a record, or select 'Create a new one'.", field=field_label)
            )
        return {"record": record if mode == "existing" else record.browse(), **values}

    def _check_codes_differ(self):
        purchase = (self.purchase_journal_code or "").strip()
        both_created = self.purchase_journal_mode == self.bank_journal_mode == "create"
        if both_created and purchase and purchase == (self.bank_journal_code or "").strip():
            raise UserError(
                self.env._(
                    "Bank Journal Code: it must differ from the Purchase Journal Code (%(code)s).", code=purchase
                )
            )

    def _policy(self):
        return {
            "rights_profile": self.rights_profile,
            "self_renewal": self.self_renewal,
            "inactivity_warning_days": self.inactivity_warning_days,
        }

    # ------------------------------------------------------------------
    # Integration user and API key
    # ------------------------------------------------------------------

    def action_generate_key(self):
        """Check everything that can be checked before Odoo asks for the password, then ask for it."""
        self.ensure_one()
        self.check_access("write")
        self._check_key_request()
        return self._generate_key_after_identity_check()

    @check_identity
    def _generate_key_after_identity_check(self):
        """Confirmed by the administrator's password, like Odoo's own key flow."""
        return self._generate_key_and_show()

    def _generate_key_and_show(self):
        """Create the key and open the screen that shows it once."""
        self._check_key_request()
        expiration = self._key_expiration_date()
        connection = self._company_connection().with_env(self.env)
        key = connection._issue_key(self.integration_login, expiration, self.key_grace_days, self.create_date)
        return self._action_show_credentials(connection, key, expiration)

    def _check_key_request(self):
        """Rights, set-up, login and duration, before the password is asked: each refusal names the field."""
        self.ensure_one()
        self.env["moss.connection"]._check_can_manage(self.company_id)
        self._check_company_ready()
        connection = self._company_connection()
        if not connection:
            raise UserError(
                self.env._("Run 'Connect' first: %(missing)s", missing=self.env._("the accounting is not set up yet."))
            )
        connection._check_ready_for_a_key()
        connection._check_login_free(connection._clean_login(self.integration_login))
        self._key_expiration_date()

    def _key_expiration_date(self):
        if self.key_exceeds_policy and not self.confirm_long_key:
            raise UserError(
                self.env._(
                    "Key Duration: the integration user's groups allow keys of up to %(days)s days. For a longer "
                    "key or one without expiry, tick 'I accept a longer-lived key'; a shorter duration is safer.",
                    days=self.key_policy_days,
                )
            )
        days = int(self.key_duration or 0)
        return fields.Datetime.now() + timedelta(days=days) if days else False

    def _action_show_credentials(self, connection, key, expiration):
        connection = connection.sudo()
        warnings = [self._check_line("warning", "", message) for _code, message in self._url_warnings()]
        context = {
            "default_company": self.company_id.name,
            "default_connect_report": self.connect_report or [],
            "default_base_url": self.base_url,
            "default_database_name": self.env.cr.dbname,
            "default_login": connection.user_id.login,
            "default_api_key": key,
            "default_key_expiration": format_datetime(self.env, expiration, dt_format="short")
            if expiration
            else self.env._("Never"),
            "default_purchase_journal": connection._record_label(connection.purchase_journal_id),
            "default_bank_journal": connection._record_label(connection.bank_journal_id),
            "default_supplier": connection.partner_id.display_name,
            "default_url_warnings": warnings,
        }
        return {
            "type": "ir.actions.act_window",
            "res_model": "moss.connect.credentials",
            "name": self.env._("Give these details to Moss"),
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }
