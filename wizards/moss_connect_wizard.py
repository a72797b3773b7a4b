import re
import unicodedata
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.addons.base.models.res_users import check_identity
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

# Moss only needs the manual outgoing method: it records payments that already happened.
MANUAL_OUT_METHOD = "account.account_payment_method_manual_out"
JOURNAL_CODE_SIZE = 5
JOURNAL_CODE_RE = re.compile(r"[\w\-./]+")
OUTGOING_ACCOUNT_TYPES = ("asset_current", "liability_current")
SETUP_MODES = [("create", "Create a new one"), ("existing", "Use an existing one")]
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
DEFAULT_INTEGRATION_LOGIN = "moss-integration"


def _setup_mode_field():
    """Create a record of the set-up, or use one: proposed from what the company already uses."""
    return fields.Selection(
        SETUP_MODES, compute="_compute_setup_choices", store=True, readonly=False, required=True, precompute=True
    )


def _chosen_record_field(comodel, domain, string, **kwargs):
    """A record of the set-up chosen in the wizard, proposed from what the company already uses."""
    return fields.Many2one(
        comodel,
        compute="_compute_setup_choices",
        store=True,
        readonly=False,
        precompute=True,
        domain=domain,
        string=string,
        **kwargs,
    )


class MossConnectWizard(models.TransientModel):
    _name = "moss.connect.wizard"
    _inherit = ["moss.connect.readiness"]
    _description = "Connect Moss"

    state = fields.Selection([("setup", "Set up"), ("done", "Done")], default="setup", required=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")

    purchase_journal_mode = _setup_mode_field()
    purchase_journal_id = _chosen_record_field(
        "account.journal", "[('type', '=', 'purchase'), ('company_id', '=', company_id)]", "Existing Purchase Journal"
    )
    purchase_journal_name = fields.Char(default=lambda self: self.env._("Moss Purchase Journal"))
    purchase_journal_code = fields.Char(compute="_compute_journal_codes", store=True, readonly=False, precompute=True)

    bank_journal_mode = _setup_mode_field()
    bank_journal_id = _chosen_record_field(
        "account.journal", "[('type', '=', 'bank'), ('company_id', '=', company_id)]", "Existing Bank Journal"
    )
    bank_journal_name = fields.Char(default="Moss")
    bank_journal_code = fields.Char(compute="_compute_journal_codes", store=True, readonly=False, precompute=True)
    currency_id = _chosen_record_field(
        "res.currency",
        "[('active', '=', True)]",
        "Bank Journal Currency",
        help="Currency of the Moss wallet (Moss wallets run in EUR or GBP).",
    )

    payment_account_mode = _setup_mode_field()
    payment_account_id = _chosen_record_field(
        "account.account",
        f"[('company_ids', 'in', company_id), ('account_type', 'in', {list(OUTGOING_ACCOUNT_TYPES)})]",
        "Existing Outgoing Payments Account",
    )
    payment_account_name = fields.Char(default=lambda self: self.env._("Moss Outstanding Payments"))

    partner_mode = _setup_mode_field()
    partner_id = _chosen_record_field(
        "res.partner", "['|', ('company_id', '=', False), ('company_id', '=', company_id)]", "Existing Default Supplier"
    )
    partner_name = fields.Char(default="Moss", string="Default Supplier Name")

    summary_html = fields.Html(sanitize=False, readonly=True, string="What was done")

    integration_login = fields.Char(
        compute="_compute_integration_login",
        store=True,
        readonly=False,
        precompute=True,
        string="Integration User Login",
        help="Login of the user Moss connects as. It has no password: it only works through its API key.",
    )
    integration_groups = fields.Text(compute="_compute_integration_policy", string="Rights Granted")
    key_policy_days = fields.Integer(compute="_compute_integration_policy")
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

    # ------------------------------------------------------------------
    # Opening
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_text_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_text_values(vals)
        return super().write(vals)

    def _check_text_values(self, vals):
        """Refuse control characters with the field's name, before PostgreSQL refuses NUL obscurely."""
        for name, value in vals.items():
            if isinstance(value, str) and self._fields[name].type == "char":
                self._check_no_control_characters(value, self._fields[name].get_description(self.env)["string"])

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

    def action_freeze_base_url(self):
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators (Settings) can freeze the Base URL."))
        self.env["ir.config_parameter"].sudo().set_param("web.base.url.freeze", True)
        return self._action_reopen()

    # ------------------------------------------------------------------
    # Defaults taken from what the company already uses
    # ------------------------------------------------------------------

    @api.depends("company_id")
    def _compute_setup_choices(self):
        for wizard in self:
            company = wizard.company_id.sudo()
            for mode, field, recorded in (
                ("purchase_journal_mode", "purchase_journal_id", company.moss_purchase_journal_id),
                ("bank_journal_mode", "bank_journal_id", company.moss_bank_journal_id),
                ("payment_account_mode", "payment_account_id", company.moss_payment_account_id),
                ("partner_mode", "partner_id", company.moss_partner_id),
            ):
                wizard[mode] = "existing" if recorded else "create"
                wizard[field] = recorded
            bank_currency = company.moss_bank_journal_id.currency_id
            wizard.currency_id = bank_currency or company.currency_id

    @api.depends("company_id")
    def _compute_journal_codes(self):
        for wizard in self:
            if not wizard.company_id:
                wizard.purchase_journal_code = wizard.bank_journal_code = False
                continue
            free = wizard._free_journal_codes(wizard.company_id, ("MOSS", "MOSSB"))
            wizard.purchase_journal_code, wizard.bank_journal_code = free

    def _free_journal_codes(self, company, bases):
        """One free code per base (``MOSS``, ``MOSS1``, ...), all distinct, found in one query."""
        candidates = {
            base: [base] + [f"{base[: JOURNAL_CODE_SIZE - len(str(n))]}{n}" for n in range(1, 100)] for base in bases
        }
        taken = set(
            self.env["account.journal"]
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
        user = self.env["res.company"]._moss_find_integration_user()
        for wizard in self:
            wizard.integration_login = user.login or DEFAULT_INTEGRATION_LOGIN

    @api.model
    def _key_policy_days(self):
        """Odoo's policy for the integration user: the longest duration any of its groups allows, else one day."""
        group = self.env.ref("moss_connect.group_moss_integration")
        return int(max((group | group.all_implied_ids).mapped("api_key_duration")) or 1)

    def _compute_integration_policy(self):
        group = self.env.ref("moss_connect.group_moss_integration")
        names = "\n".join(sorted(group.sudo().implied_ids.mapped("full_name")))
        policy = self._key_policy_days()
        for wizard in self:
            wizard.key_policy_days = policy
            wizard.integration_groups = names

    @api.depends("company_id")
    def _compute_key_duration(self):
        policy = self._key_policy_days()
        allowed = [value for value, _label in KEY_DURATIONS if value != "0" and int(value) <= policy]
        for wizard in self:
            wizard.key_duration = wizard.key_duration or (allowed[-1] if allowed else "1")

    @api.depends("key_duration", "key_policy_days")
    def _compute_key_exceeds_policy(self):
        for wizard in self:
            days = int(wizard.key_duration or 0)
            wizard.key_exceeds_policy = days == 0 or days > wizard.key_policy_days

    # ------------------------------------------------------------------
    # Setup
    # ------------------------------------------------------------------

    def action_connect(self):
        """Create or reuse and repair everything Moss posts into, all or nothing."""
        self.ensure_one()
        self._check_permissions()
        self._check_company()
        self._lock_company()
        report = []
        with self.env.cr.savepoint():
            purchase_journal = self._ensure_purchase_journal(report)
            payment_account = self._ensure_payment_account(report)
            bank_journal = self._ensure_bank_journal(report)
            self._ensure_payment_method_line(bank_journal, payment_account, report)
            partner = self._ensure_partner(report)
            self.company_id.sudo().write(
                {
                    "moss_purchase_journal_id": purchase_journal.id,
                    "moss_bank_journal_id": bank_journal.id,
                    "moss_payment_account_id": payment_account.id,
                    "moss_partner_id": partner.id,
                }
            )
        self.write({"state": "done", "summary_html": self._render_summary(report)})
        return self._action_reopen()

    def _lock_company(self):
        """Serialize concurrent runs for one company: the second waits, then reuses the first's set."""
        self.env.cr.execute("SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE", [self.company_id.id])
        self.company_id.invalidate_recordset(
            ["moss_purchase_journal_id", "moss_bank_journal_id", "moss_payment_account_id", "moss_partner_id"]
        )

    def _render_summary(self, report):
        return self.env["ir.qweb"]._render("moss_connect.moss_connect_summary", {"lines": report})

    def _post_origin_message(self, record):
        record.message_post(
            body=self.env._(
                "Created by Connect Moss for %(company)s, by %(user)s on %(date)s.",
                company=self.company_id.name,
                user=self.env.user.name,
                date=format_datetime(self.env, fields.Datetime.now()),
            )
        )

    def _reuse(self, record, label, report):
        """Reuse ``record``, restoring it when it was archived."""
        if not record.active:
            record.active = True
            report.append(
                self.env._("Restored the archived %(what)s '%(name)s'.", what=label, name=record.display_name)
            )
        else:
            report.append(self.env._("Reused the %(what)s '%(name)s'.", what=label, name=record.display_name))
        return record

    def _chosen(self, mode, chosen, recorded, field_label):
        """The record to reuse: the one chosen in the wizard, else what the company already uses."""
        if mode != "existing":
            return recorded
        if not chosen:
            raise UserError(
                self.env._("%(field)s is empty: choose a record, or select 'Create a new one'.", field=field_label)
            )
        return chosen

    # Journals -----------------------------------------------------------

    def _ensure_purchase_journal(self, report):
        return self._ensure_journal("purchase", report)

    def _ensure_bank_journal(self, report):
        return self._ensure_journal("bank", report)

    def _journal_labels(self, journal_type):
        if journal_type == "purchase":
            return {
                "moss": self.env._("Moss Purchase Journal"),
                "journal": self.env._("Purchase Journal"),
                "existing": self.env._("Existing Purchase Journal"),
                "name": self.env._("Purchase Journal Name"),
                "code": self.env._("Purchase Journal Code"),
            }
        return {
            "moss": self.env._("Moss Bank Journal"),
            "journal": self.env._("Bank Journal"),
            "existing": self.env._("Existing Bank Journal"),
            "name": self.env._("Bank Journal Name"),
            "code": self.env._("Bank Journal Code"),
        }

    def _ensure_journal(self, journal_type, report):
        """Reuse (and restore) the chosen or recorded journal of this type, else create it."""
        labels = self._journal_labels(journal_type)
        prefix = f"{journal_type}_journal"
        recorded = self.company_id.sudo()[f"moss_{prefix}_id"]
        journal = self._chosen(self[f"{prefix}_mode"], self[f"{prefix}_id"], recorded, labels["existing"])
        if journal:
            self._check_journal(journal, journal_type, labels["existing"])
            return self._reuse(journal, labels["moss"], report)
        name = self._clean_name(self[f"{prefix}_name"], labels["name"])
        code = self._clean_journal_code(self[f"{prefix}_code"], labels["code"])
        if journal_type == "bank":
            self._check_codes_differ(code)
        self._check_journal_free(name, code, labels["journal"])
        values = {"name": name, "code": code, "type": journal_type, "company_id": self.company_id.id}
        if journal_type == "bank":
            values.update(self._new_bank_journal_values(name))
        journal = self.env["account.journal"].create(values)
        self._post_origin_message(journal)
        report.append(
            self.env._("Created the %(what)s '%(name)s' (%(code)s).", what=labels["moss"], name=name, code=code)
        )
        return journal

    def _check_codes_differ(self, bank_code):
        if self.purchase_journal_mode == "create" and bank_code == (self.purchase_journal_code or "").strip():
            raise UserError(
                self.env._(
                    "The Bank Journal Code must differ from the Purchase Journal Code (%(code)s).", code=bank_code
                )
            )

    def _new_bank_journal_values(self, name):
        """The bank journal's currency and its own liquidity account."""
        currency = self._journal_currency()
        return {"currency_id": currency.id, "default_account_id": self._create_liquidity_account(name, currency).id}

    def _journal_currency(self):
        """Currency to set on the bank journal: empty when it is the company's own."""
        currency = self.currency_id
        if not currency or currency == self.company_id.currency_id:
            return self.env["res.currency"]
        if not currency.active:
            raise UserError(
                self.env._(
                    "Bank Journal Currency: %(currency)s is not active. Activate it in Accounting > Configuration > "
                    "Currencies, or choose %(company_currency)s.",
                    currency=currency.name,
                    company_currency=self.company_id.currency_id.name,
                )
            )
        return currency

    def _create_liquidity_account(self, name, currency):
        """The bank journal's own account, created here rather than by Odoo, whose code search and
        tag computation read the chart once per account or per thousand accounts."""
        company = self.company_id
        Account = self.env["account.account"]
        digits = len(self._reference_outstanding_account().code or "") or 6
        start_code = (company.bank_account_code_prefix or "").ljust(digits, "0")
        vals = self.env["account.journal"]._prepare_liquidity_account_vals(
            company, self._next_free_account_code(start_code), {"name": name, "currency_id": currency.id}
        )
        sibling = Account.search(
            [*Account._check_company_domain(company), ("account_type", "=", "asset_cash")], limit=1
        )
        vals["tag_ids"] = [Command.set(sibling.tag_ids.ids)]
        return Account.create(vals)

    # Outgoing payments account -----------------------------------------

    def _ensure_payment_account(self, report):
        company = self.company_id
        account = self._chosen(
            self.payment_account_mode,
            self.payment_account_id,
            company.sudo().moss_payment_account_id,
            self.env._("Existing Outgoing Payments Account"),
        )
        label = self.env._("Outgoing Payments account")
        if account:
            self._check_payment_account(account)
            return self._reuse(account, label, report)
        name = self._clean_name(self.payment_account_name, self.env._("Outgoing Payments Account Name"))
        Account = self.env["account.account"].with_company(company)
        if Account.with_context(active_test=False).search_count(
            [("company_ids", "in", company.id), ("name", "=", name)], limit=1
        ):
            raise UserError(
                self.env._(
                    "Outgoing Payments Account Name: an account named '%(name)s' already exists in %(company)s. "
                    "Choose it under 'Use an existing one' or give another name.",
                    name=name,
                    company=company.name,
                )
            )
        reference = self._reference_outstanding_account()
        start_code = reference.code or (company.bank_account_code_prefix or "").ljust(6, "0")
        code = self._next_free_account_code(start_code)
        account = Account.create(
            {
                "name": name,
                "code": code,
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [Command.link(company.id)],
                # Given, so Odoo does not read the whole chart to copy the closest account's tags.
                "tag_ids": [Command.set(reference.tag_ids.ids)],
            }
        )
        self._post_origin_message(account)
        report.append(self.env._("Created the %(what)s '%(code)s %(name)s'.", what=label, code=code, name=name))
        return account

    def _reference_outstanding_account(self):
        """The chart's own Outstanding Payments account: new Moss accounts are numbered next to it."""
        company = self.company_id
        return self.env.ref(
            f"account.{company.root_id.id}_account_journal_payment_credit_account_id", raise_if_not_found=False
        ) or self.env["account.account"].with_company(company)

    def _next_free_account_code(self, start_code):
        """First free code from ``start_code``, in one query whatever the size of the chart.

        Core's ``_search_new_account_code`` probes one code per query, so its cost grows with
        every account numbered after ``start_code``. Among the N codes used in the company, one
        of ``start_code .. start_code + N`` is free: a bounded series anti-joined with the codes.
        """
        company = self.company_id
        Account = self.env["account.account"].with_company(company).sudo()
        if not start_code.isdigit():
            return Account._search_new_account_code(start_code)  # charts with letters or dots
        Account.flush_model(["code_store"])
        root = str(company.root_id.id)
        self.env.cr.execute(
            SQL(
                """
                WITH used AS (
                    SELECT code_store->>%(root)s AS code FROM account_account WHERE code_store->>%(root)s IS NOT NULL
                )
                SELECT candidate.code
                  FROM (SELECT n, lpad(n::text, %(digits)s, '0') AS code
                          FROM generate_series(%(start)s::bigint, %(start)s::bigint + (SELECT count(*) FROM used)) n
                       ) candidate
                 WHERE char_length(candidate.code) = %(digits)s
                   AND NOT EXISTS (SELECT 1 FROM used WHERE used.code = candidate.code)
              ORDER BY candidate.n
                 LIMIT 1
                """,
                root=root,
                digits=len(start_code),
                start=int(start_code),
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else Account._search_new_account_code(start_code)

    def _check_payment_account(self, account):
        company = self.company_id
        if company not in account.sudo().company_ids:
            raise UserError(
                self.env._(
                    "Existing Outgoing Payments Account: %(account)s does not belong to %(company)s. "
                    "Choose an account of that company.",
                    account=account.display_name,
                    company=company.name,
                )
            )
        if account.account_type not in OUTGOING_ACCOUNT_TYPES:
            raise UserError(
                self.env._(
                    "Existing Outgoing Payments Account: %(account)s is not a Current Assets or Current "
                    "Liabilities account. Choose one of those types, or let Connect Moss create one.",
                    account=account.display_name,
                )
            )
        if not account.reconcile:
            raise UserError(
                self.env._(
                    "Existing Outgoing Payments Account: %(account)s does not allow reconciliation, so Moss "
                    "payments could not be matched with their bills. Tick 'Allow Reconciliation' on it first.",
                    account=account.display_name,
                )
            )

    def _ensure_payment_method_line(self, journal, account, report):
        """Map the bank journal's manual outgoing method to the Moss Outgoing Payments account."""
        manual_out = self.env.ref(MANUAL_OUT_METHOD)
        line = journal.outbound_payment_method_line_ids.filtered(lambda line: line.payment_method_id == manual_out)[:1]
        if not line:
            journal.outbound_payment_method_line_ids = [
                Command.create({"payment_method_id": manual_out.id, "payment_account_id": account.id})
            ]
            report.append(
                self.env._("Added the manual outgoing payment method to '%(journal)s'.", journal=journal.name)
            )
        elif line.payment_account_id != account:
            line.payment_account_id = account
            report.append(
                self.env._(
                    "Mapped the outgoing payments of '%(journal)s' to '%(account)s'.",
                    journal=journal.name,
                    account=account.display_name,
                )
            )

    # Default supplier ---------------------------------------------------

    def _ensure_partner(self, report):
        company = self.company_id
        partner = self._chosen(
            self.partner_mode, self.partner_id, company.sudo().moss_partner_id, self.env._("Existing Default Supplier")
        )
        label = self.env._("default supplier")
        if partner:
            if partner.company_id and partner.company_id != company:
                raise UserError(
                    self.env._(
                        "Existing Default Supplier: %(partner)s belongs to %(other)s, not %(company)s. "
                        "Choose a partner shared by all companies or of %(company)s.",
                        partner=partner.display_name,
                        other=partner.company_id.name,
                        company=company.name,
                    )
                )
            partner = self._reuse(partner, label, report)
            if not partner.supplier_rank:
                partner.supplier_rank = 1
            return partner
        name = self._clean_name(self.partner_name, self.env._("Default Supplier Name"))
        if (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_count([("name", "=", name), ("company_id", "in", [company.id, False])], limit=1)
        ):
            raise UserError(
                self.env._(
                    "Default Supplier Name: a partner named '%(name)s' already exists. Choose it under "
                    "'Use an existing one' or give another name.",
                    name=name,
                )
            )
        partner = self.env["res.partner"].create(
            {"name": name, "is_company": True, "company_id": company.id, "supplier_rank": 1}
        )
        self._post_origin_message(partner)
        report.append(self.env._("Created the %(what)s '%(name)s'.", what=label, name=name))
        return partner

    # Input checks -------------------------------------------------------

    def _clean_name(self, value, field_label):
        name = " ".join((value or "").split())
        if not name:
            raise UserError(self.env._("%(field)s is empty: type a name.", field=field_label))
        self._check_no_control_characters(name, field_label)
        return name

    @api.model
    def _check_no_control_characters(self, value, field_label):
        """Control characters (NUL included, which PostgreSQL refuses) have no place in a name."""
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise UserError(self.env._("%(field)s contains control characters: remove them.", field=field_label))

    def _clean_journal_code(self, value, field_label):
        code = (value or "").strip()
        if not code or len(code) > JOURNAL_CODE_SIZE or not JOURNAL_CODE_RE.fullmatch(code):
            raise UserError(
                self.env._(
                    "%(field)s: '%(code)s' is not a valid journal code. Use 1 to %(size)s letters or digits.",
                    field=field_label,
                    code=code,
                    size=JOURNAL_CODE_SIZE,
                )
            )
        return code

    def _check_journal_free(self, name, code, label):
        """Codes are unique per company, archived journals included; a same-named journal is a clash too."""
        clash = (
            self.env["account.journal"]
            .with_context(active_test=False)
            .search_fetch(
                [("company_id", "=", self.company_id.id), "|", ("code", "=", code), ("name", "=", name)],
                ["code", "name"],
                limit=1,
            )
        )
        if clash:
            raise UserError(
                self.env._(
                    "%(what)s: the journal '%(journal)s' (%(journal_code)s) of %(company)s already uses this "
                    "name or code. Choose it under 'Use an existing one', or change the name and code.",
                    what=label,
                    journal=clash.name,
                    journal_code=clash.code,
                    company=self.company_id.name,
                )
            )

    def _check_journal(self, journal, journal_type, field_label):
        if journal.company_id != self.company_id or journal.type != journal_type:
            raise UserError(
                self.env._(
                    "%(field)s: '%(journal)s' is not a %(type)s journal of %(company)s. Choose one that is.",
                    field=field_label,
                    journal=journal.display_name,
                    type=dict(journal._fields["type"]._description_selection(self.env))[journal_type],
                    company=self.company_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Integration user and API key
    # ------------------------------------------------------------------

    @check_identity
    def action_generate_key(self):
        """Confirm the administrator's password (like Odoo's own key flow), then show a new key once."""
        return self._generate_key_and_show()

    def _generate_key_and_show(self):
        self.ensure_one()
        company = self.company_id
        company._moss_check_administrator()
        self._check_company()
        missing = company._moss_missing_setup()
        if missing:
            raise UserError(
                self.env._(
                    "Run 'Connect' first: %(missing)s",
                    missing=" ".join(missing),
                )
            )
        expiration = self._key_expiration_date()
        user = company._moss_ensure_integration_user(self.integration_login)
        # One valid key at a time: a new key revokes the previous ones.
        user._moss_revoke_api_keys()
        key = user._moss_generate_api_key(expiration)
        company.sudo().moss_key_reminder = False
        return self._action_show_credentials(user, key, expiration)

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

    def _action_show_credentials(self, user, key, expiration):
        company = self.company_id.sudo()
        context = {
            "default_base_url": self.base_url,
            "default_database_name": self.env.cr.dbname,
            "default_login": user.login,
            "default_api_key": key,
            "default_key_expiration": format_datetime(self.env, expiration) if expiration else self.env._("Never"),
            "default_purchase_journal": self._journal_label(company.moss_purchase_journal_id),
            "default_bank_journal": self._journal_label(company.moss_bank_journal_id),
            "default_supplier": company.moss_partner_id.display_name,
        }
        return {
            "type": "ir.actions.act_window",
            "res_model": "moss.connect.credentials",
            "name": self.env._("Give these details to Moss"),
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }

    @api.model
    def _journal_label(self, journal):
        return f"{journal.name} ({journal.code})"
