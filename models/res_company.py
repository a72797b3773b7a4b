from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

# Days before expiry when the Accounting administrators are warned.
KEY_EXPIRY_WARNING_DAYS = 14


class ResCompany(models.Model):
    _inherit = "res.company"

    # What Connect Moss set up for this company; the wizard reuses and repairs these on each run.
    moss_purchase_journal_id = fields.Many2one(
        "account.journal",
        groups="account.group_account_manager",
        check_company=True,
        context={"active_test": False},
        help="Journal Moss posts card payments, invoices and reimbursements into.",
    )
    moss_bank_journal_id = fields.Many2one(
        "account.journal",
        groups="account.group_account_manager",
        check_company=True,
        context={"active_test": False},
        help="Journal Moss creates its payments in.",
    )
    moss_payment_account_id = fields.Many2one(
        "account.account",
        string="Moss Outgoing Payments Account",
        groups="account.group_account_manager",
        context={"active_test": False},
        help="Outstanding payments account of the Moss Bank Journal's outgoing payment method.",
    )
    moss_partner_id = fields.Many2one(
        "res.partner",
        string="Moss Default Supplier",
        groups="account.group_account_manager",
        context={"active_test": False},
        help="Supplier Moss posts card transactions, currency conversion and bank fees against.",
    )
    moss_integration_user_id = fields.Many2one(
        "res.users",
        groups="account.group_account_manager",
        context={"active_test": False},
        help="The user Moss connects as, with its API key. One per database, shared by the set-up companies.",
    )
    moss_key_reminder = fields.Selection(
        [("soon", "Expires soon"), ("expired", "Expired")],
        groups="account.group_account_manager",
        help="Last key expiry reminder sent, so the daily job warns once per stage.",
    )

    def _moss_missing_setup(self):
        """What Moss still lacks in this company's set-up, as sentences naming the fix."""
        self.ensure_one()
        company = self.sudo()
        missing = []
        for record, label in (
            (company.moss_purchase_journal_id, self.env._("Moss Purchase Journal")),
            (company.moss_bank_journal_id, self.env._("Moss Bank Journal")),
            (company.moss_payment_account_id, self.env._("Outgoing Payments account")),
            (company.moss_partner_id, self.env._("Moss default supplier")),
        ):
            if not record:
                missing.append(self.env._("%(what)s: not set up yet.", what=label))
            elif not record.active:
                missing.append(self.env._("%(what)s: '%(name)s' is archived.", what=label, name=record.display_name))
        if company.moss_bank_journal_id and company.moss_payment_account_id:
            mapped = company.moss_bank_journal_id.outbound_payment_method_line_ids.payment_account_id
            if company.moss_payment_account_id not in mapped:
                missing.append(
                    self.env._("Moss Bank Journal: its outgoing payments are not mapped to the Moss account.")
                )
        return missing

    # ------------------------------------------------------------------
    # Integration user and its API key
    # ------------------------------------------------------------------

    def _moss_check_administrator(self):
        """Settings rights, and only for the companies the user may work in."""
        if self.env.is_superuser():
            return
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._("Only administrators (Settings) can create, change or disconnect the Moss integration user.")
            )
        foreign = self - self.env.user.company_ids
        if foreign:
            raise AccessError(
                self.env._("You are not allowed to work in company %(company)s.", company=foreign[:1].name)
            )

    @api.model
    def _moss_find_integration_user(self):
        """The database's integration user, archived included."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("moss_integration_user_id", "!=", False)], limit=1)
            .moss_integration_user_id
        )

    def _moss_ensure_integration_user(self, login):
        """Create or reuse and repair the integration user, with this company among its companies."""
        self.ensure_one()
        self._moss_check_administrator()
        login = (login or "").strip()
        if not login:
            raise UserError(self.env._("Integration User Login is empty: type a login such as 'moss-integration'."))
        self.env["moss.connect.wizard"]._check_no_control_characters(login, self.env._("Integration User Login"))
        user = self._moss_find_integration_user()
        Users = self.env["res.users"].with_context(active_test=False)
        taken = Users.search([("login", "=", login), ("id", "!=", user.id)], limit=1)
        if taken:
            raise UserError(
                self.env._(
                    "Integration User Login: '%(login)s' is already used by the user '%(user)s'. Choose another login.",
                    login=login,
                    user=taken.name,
                )
            )
        group = self.env.ref("moss_connect.group_moss_integration")
        if not user:
            user = Users.with_context(no_reset_password=True).create(
                {
                    "name": self.env._("Moss Integration"),
                    "login": login,
                    "company_id": self.id,
                    "company_ids": [Command.set(self.ids)],
                    "group_ids": [Command.set(group.ids)],
                }
            )
        else:
            # Repair: active again, the Moss rights, this company allowed.
            user.write(
                {
                    "active": True,
                    "login": login,
                    "company_ids": [Command.link(self.id)],
                    "group_ids": [Command.link(group.id)],
                }
            )
        self.sudo().moss_integration_user_id = user
        return user

    def _moss_key_expiration(self):
        """Expiry of the integration user's newest key; ``False`` when it has none or none left."""
        self.ensure_one()
        user = self.sudo().moss_integration_user_id
        keys = user._moss_api_keys() if user else []
        return keys[:1].expiration_date if keys else False

    def _moss_disconnect(self):
        """Stop Moss for this company; revoke the keys and archive the user when no company is left.

        Journals, accounts, the supplier and every entry stay: connecting again reuses them.
        """
        self.ensure_one()
        self._moss_check_administrator()
        user = self.sudo().moss_integration_user_id
        if not user:
            return
        remaining = user.company_ids - self
        if remaining:
            user.sudo().write({"company_id": remaining[:1].id, "company_ids": [Command.unlink(self.id)]})
            return
        user._moss_revoke_api_keys()
        user.sudo().active = False

    # ------------------------------------------------------------------
    # Daily reminder before the key expires
    # ------------------------------------------------------------------

    @api.model
    def _cron_moss_key_reminders(self):
        companies = self.sudo().search([("moss_integration_user_id.active", "=", True)])
        now = fields.Datetime.now()
        for company in companies:
            stage = company._moss_key_stage(now)
            if stage and stage != company.moss_key_reminder:
                company._moss_send_key_reminder(stage)
            company.moss_key_reminder = stage

    def _moss_key_stage(self, now):
        expiration = self._moss_key_expiration()
        if not expiration or expiration <= now:
            return "expired"
        if expiration <= now + timedelta(days=KEY_EXPIRY_WARNING_DAYS):
            return "soon"
        return False

    def _moss_send_key_reminder(self, stage):
        """An activity for each Accounting administrator of the company and a message on the bank journal."""
        journal = self.moss_bank_journal_id
        if not journal:
            return
        expiration = self._moss_key_expiration()
        if stage == "soon":
            summary = self.env._("Moss API key expires soon")
            note = self.env._(
                "The Moss API key of %(company)s expires on %(date)s. Renew it in Accounting > Settings > Moss, "
                "then give Moss the new key, or the integration stops.",
                company=self.name,
                date=fields.Date.to_string(expiration),
            )
        else:
            summary = self.env._("Moss API key expired")
            note = self.env._(
                "The Moss API key of %(company)s has expired: Moss can no longer post into Odoo. Renew it in "
                "Accounting > Settings > Moss and give Moss the new key.",
                company=self.name,
            )
        admins = self.env.ref("account.group_account_manager").all_user_ids.filtered(
            lambda user: self in user.company_ids and not user.share and user.active
        )
        for admin in admins:
            journal.activity_schedule("mail.mail_activity_data_todo", summary=summary, note=note, user_id=admin.id)
        journal.message_post(body=note, partner_ids=admins.partner_id.ids)
