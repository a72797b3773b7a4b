import re
import unicodedata

from odoo import Command, api, fields, models
from odoo.exceptions import RedirectWarning, UserError
from odoo.tools import format_datetime

# Longer names would be cut off in the lists and the settings block.
NAME_MAX_LENGTH = 64
# No name needs control, format (zero-width, bidirectional overrides), line/paragraph separators,
# surrogates, private-use or unassigned code points,
FORBIDDEN_CHARACTER_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
# nor what renders as nothing: Unicode's default-ignorable code points, and the blank look-alikes.
INVISIBLE_CHARACTERS = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d159\U0001d173-\U0001d17a"
    "\U00016fe4"
    "\U000e0000-\U000e0fff]"
)
JOURNAL_CODE_SIZE = 5
# Codes head every entry's number: plain ASCII letters and digits, so that no code looks like another.
JOURNAL_CODE_RE = re.compile(r"[A-Za-z0-9]+")
# Moss only needs the manual outgoing method: it records payments that already happened.
MANUAL_OUT_METHOD = "account.account_payment_method_manual_out"
OUTGOING_ACCOUNT_TYPES = ("asset_current", "liability_current")


class MossConnection(models.Model):
    """The accounting Moss posts into, created or reused and repaired through Odoo's own creation:
    the Moss Purchase Journal, the Moss Bank Journal with its outgoing payments mapped to an Outgoing
    Payments account, and the default supplier. A script runs the same code through ``_connect``."""

    _inherit = "moss.connection"

    # ------------------------------------------------------------------
    # Input: names and codes typed into the wizard
    # ------------------------------------------------------------------

    @api.model
    def _check_text(self, value, field_label, max_length=NAME_MAX_LENGTH):
        """Refuse look-alike and invisible characters and overlong values, naming the field."""
        invisible = any(unicodedata.category(char) in FORBIDDEN_CHARACTER_CATEGORIES for char in value)
        if invisible or INVISIBLE_CHARACTERS.search(value):
            raise UserError(
                self.env._(
                    "%(field)s contains invisible or control characters (line breaks, zero-width or "
                    "direction marks): type it again without them.",
                    field=field_label,
                )
            )
        if len(value) > max_length:
            raise UserError(
                self.env._(
                    "%(field)s is %(length)s characters long: use at most %(max)s.",
                    field=field_label,
                    length=len(value),
                    max=max_length,
                )
            )

    @api.model
    def _clean_name(self, value, field_label):
        value = value or ""
        self._check_text(value, field_label)
        name = " ".join(value.split())
        if not name:
            raise UserError(self.env._("%(field)s is empty: type a name.", field=field_label))
        if not any(char.isalnum() for char in name):
            raise UserError(self.env._("%(field)s has no letter or digit: type a name.", field=field_label))
        return name

    @api.model
    def _clean_journal_code(self, value, field_label):
        code = (value or "").strip()
        if not code or len(code) > JOURNAL_CODE_SIZE or not JOURNAL_CODE_RE.fullmatch(code):
            raise UserError(
                self.env._(
                    "%(field)s: '%(code)s' is not a valid journal code. Use 1 to %(size)s letters (A to Z) or digits.",
                    field=field_label,
                    code=code,
                    size=JOURNAL_CODE_SIZE,
                )
            )
        return code

    def _reuse(self, record, label, report):
        """Reuse ``record``, restoring it when it was archived."""
        name = self._record_label(record)
        if not record.active:
            record.active = True
            report.append(self.env._("Restored the archived %(what)s '%(name)s'.", what=label, name=name))
        else:
            report.append(self.env._("Reused the %(what)s '%(name)s'.", what=label, name=name))
        return record

    @api.model
    def _record_label(self, record):
        """How the report and the block name a record: journals with their code."""
        return f"{record.name} ({record.code})" if record._name == "account.journal" else record.display_name

    def _report_created(self, report, label, name, replaced):
        report.append(self.env._("Created the %(what)s '%(name)s'.", what=label, name=name))
        if replaced:
            report.append(
                self.env._("It replaces '%(previous)s', which is left as it is.", previous=replaced.display_name)
            )

    def _post_origin_message(self, record):
        record.message_post(
            body=self.env._(
                "Created by Connect Moss for %(company)s, by %(user)s on %(date)s.",
                company=self.company_id.name,
                user=self.env.user.name,
                date=format_datetime(self.env, fields.Datetime.now(), dt_format="short"),
            )
        )

    # Journals -----------------------------------------------------------

    def _journal_labels(self, journal_type):
        if journal_type == "purchase":
            return {
                "moss": self.env._("Moss Purchase Journal"),
                "existing": self.env._("Existing Purchase Journal"),
                "name": self.env._("Purchase Journal Name"),
                "code": self.env._("Purchase Journal Code"),
            }
        return {
            "moss": self.env._("Moss Bank Journal"),
            "existing": self.env._("Existing Bank Journal"),
            "name": self.env._("Bank Journal Name"),
            "code": self.env._("Bank Journal Code"),
        }

    def _ensure_journal(self, journal_type, choice, report):
        """Reuse (and restore) the chosen journal, else create one that becomes Moss's."""
        labels = self._journal_labels(journal_type)
        journal = choice["record"]
        if journal:
            self._check_journal(journal, journal_type, labels["existing"])
            return self._reuse(journal, labels["moss"], report)
        name = self._clean_name(choice["name"], labels["name"])
        code = self._clean_journal_code(choice["code"], labels["code"])
        self._check_journal_free(name, code, labels)
        values = {"name": name, "code": code, "type": journal_type, "company_id": self.company_id.id}
        if journal_type == "bank":
            values.update(self._new_bank_journal_values(name, choice["currency"]))
        journal = self.env["account.journal"].create(values)
        self._post_origin_message(journal)
        recorded = self.purchase_journal_id if journal_type == "purchase" else self.bank_journal_id
        self._report_created(report, labels["moss"], f"{name} ({code})", recorded)
        return journal

    def _check_journal(self, journal, journal_type, field_label):
        # Read as the server: a record of another company is refused by name of the field, not by Odoo's rules.
        if not self._of_company(journal):
            raise UserError(
                self.env._(
                    "%(field)s: the chosen journal belongs to another company. Choose a journal of %(company)s.",
                    field=field_label,
                    company=self.company_id.name,
                )
            )
        if journal.type != journal_type:
            raise UserError(
                self.env._(
                    "%(field)s: '%(journal)s' is not a %(type)s journal of %(company)s. Choose one that is.",
                    field=field_label,
                    journal=journal.display_name,
                    type=dict(journal._fields["type"]._description_selection(self.env))[journal_type],
                    company=self.company_id.name,
                )
            )

    def _check_journal_free(self, name, code, labels):
        """Codes are unique per company, archived journals included; a same-named journal is a clash too."""
        clash = (
            self.env["account.journal"]
            .sudo()
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
                    "%(field)s: the journal '%(journal)s' (%(journal_code)s) of %(company)s already uses this "
                    "name or code. Choose it under 'Use an existing one', or change the name and code.",
                    field=labels["code"] if clash.code == code else labels["name"],
                    journal=clash.name,
                    journal_code=clash.code,
                    company=self.company_id.name,
                )
            )

    def _new_bank_journal_values(self, name, currency):
        """The bank journal's currency and its liquidity account, made from core's own values."""
        currency = self._journal_currency(currency)
        return {"currency_id": currency.id, "default_account_id": self._create_liquidity_account(name, currency).id}

    def _create_liquidity_account(self, name, currency):
        """What ``account.journal.create`` would make, with the code found by ``_next_free_account_code``:
        left to itself, core probes the chart one used code after the other."""
        company = self.company_id
        Account = self.env["account.account"]
        digits = len(self._reference_outstanding_account().code or "") or 6
        prefix = company.bank_account_code_prefix or company.root_id.bank_account_code_prefix or ""
        vals = self.env["account.journal"]._prepare_liquidity_account_vals(
            company, self._next_free_account_code(prefix.ljust(digits, "0")), {"name": name, "currency_id": currency.id}
        )
        # Given, so Odoo does not read the whole chart to copy the closest account's tags.
        sibling = Account.search(
            [*Account._check_company_domain(company), ("account_type", "=", "asset_cash")], limit=1
        )
        vals["tag_ids"] = [Command.set(sibling.tag_ids.ids)]
        return Account.create(vals)

    def _of_company(self, record):
        """Whether ``record`` may serve this company as Odoo's accounting sees it: its own, its root's
        for a branch, or shared."""
        record_sudo = record.sudo()
        return bool(record_sudo.filtered_domain(record_sudo._check_company_domain(self.company_id)))

    def _journal_currency(self, currency):
        """Currency to set on the bank journal: empty when it is the company's own."""
        if not currency or currency == self.company_id.currency_id:
            return self.env["res.currency"]
        if not currency.active:
            raise RedirectWarning(
                self.env._(
                    "Bank Journal Currency: %(currency)s is not active. Activate it, or choose %(company_currency)s.",
                    currency=currency.name,
                    company_currency=self.company_id.currency_id.name,
                ),
                self.env.ref("base.action_currency_form").id,
                self.env._("Activate currencies"),
            )
        return currency

    # Outgoing payments account -----------------------------------------

    def _ensure_payment_account(self, choice, report):
        label = self.env._("Outgoing Payments account")
        account = choice["record"]
        if account:
            self._check_payment_account(account)
            return self._reuse(account, label, report)
        company = self.company_id
        name = self._clean_name(choice["name"], self.env._("Outgoing Payments Account Name"))
        Account = self.env["account.account"].with_company(company)
        if (
            Account.sudo()
            .with_context(active_test=False)
            .search_count([*Account._check_company_domain(company), ("name", "=", name)], limit=1)
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
        self._report_created(report, label, f"{code} {name}", self.payment_account_id)
        return account

    def _reference_outstanding_account(self):
        """The chart's own Outstanding Payments account: new Moss accounts are numbered next to it."""
        company = self.company_id
        return self.env.ref(
            f"account.{company.root_id.id}_account_journal_payment_credit_account_id", raise_if_not_found=False
        ) or self.env["account.account"].with_company(company)

    def _next_free_account_code(self, start_code):
        """Core's next free code after ``start_code``, its probes spared by the codes of that range,
        read in one query whatever their number (the ORM would read a computed code by batches)."""
        Account = self.env["account.account"].with_company(self.company_id).sudo().with_context(active_test=False)
        # The codes core's availability rule looks at: those of the parent and the child companies.
        company_id = self.company_id.id
        query = Account._search(
            [
                ("code", "=like", f"{start_code[:2]}%"),
                "|",
                ("company_ids", "parent_of", company_id),
                ("company_ids", "child_of", company_id),
            ]
        )
        used = {
            code for (code,) in self.env.execute_query(query.select(Account._field_to_sql(query.table, "code", query)))
        }
        return Account._search_new_account_code(start_code, cache={start_code, *used})

    def _check_payment_account(self, account):
        company = self.company_id
        if not self._of_company(account):
            raise UserError(
                self.env._(
                    "Existing Outgoing Payments Account: the chosen account does not belong to %(company)s. "
                    "Choose an account of that company.",
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

    def _ensure_partner(self, choice, report):
        company = self.company_id
        label = self.env._("default supplier")
        partner = choice["record"]
        if partner:
            if not self._of_company(partner):
                raise UserError(
                    self.env._(
                        "Existing Default Supplier: the chosen partner belongs to another company. "
                        "Choose a partner shared by all companies or of %(company)s.",
                        company=company.name,
                    )
                )
            partner = self._reuse(partner, label, report)
            if not partner.supplier_rank:
                partner.supplier_rank = 1
            return partner
        name = self._clean_name(choice["name"], self.env._("Default Supplier Name"))
        if (
            self.env["res.partner"]
            .sudo()
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
        self._report_created(report, label, name, self.partner_id)
        return partner

    # What an earlier installation left ----------------------------------

    @api.model
    def _left_records(self, company):
        """What Connect Moss set up for ``company`` before an uninstall, found by what it is: the
        journals by Moss's default codes, the account their outgoing payments are mapped to, the
        supplier by its name. The wizard offers them as "Use an existing one"."""
        Journal = self.env["account.journal"].sudo().with_context(active_test=False)
        journals = Journal.search(
            [
                ("company_id", "=", company.id),
                "|",
                "&",
                ("type", "=", "purchase"),
                ("code", "=", "MOSS"),
                "&",
                ("type", "=", "bank"),
                ("code", "=", "MOSSB"),
            ]
        )
        bank = journals.filtered(lambda journal: journal.type == "bank")
        manual = self.env.ref(MANUAL_OUT_METHOD)
        lines = bank.outbound_payment_method_line_ids.filtered(lambda line: line.payment_method_id == manual)
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        partner = Partner.search(
            [*Partner._check_company_domain(company), ("name", "=", "Moss"), ("supplier_rank", ">", 0)], limit=1
        )
        return {
            "purchase_journal_id": journals.filtered(lambda journal: journal.type == "purchase"),
            "bank_journal_id": bank,
            "payment_account_id": lines.payment_account_id[:1],
            "partner_id": partner,
        }
