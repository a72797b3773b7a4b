import re
import unicodedata

from odoo import SUPERUSER_ID, Command, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .moss_connection import DEFAULT_LOGIN, LOGIN_MAX_LENGTH, LOGIN_RE, PROFILE_GROUPS


class MossConnection(models.Model):
    """The company's integration user: created for Moss alone, repaired, and checked before a key."""

    _inherit = "moss.connection"

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
        user = connection.user_id or self._left_user(company)
        if user:
            return user.login
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
            user.write(self._integration_user_changes(user, login))
            self.sudo().user_id = user
        else:
            user = Users.with_context(no_reset_password=True).create(
                {**self._integration_user_values(), "login": login}
            )
            self.sudo().user_id = user
        self._check_integration_user(user)
        return user

    def _reused_user(self, login):
        """The user a key for ``login`` goes to: the connection's own, or the one an earlier installation
        left for its company; none when it is archived and a new login is given."""
        user = self.sudo().user_id or self._left_user(self.company_id)
        if user and not user.active and user.login != login:
            return user.browse()
        return user

    @api.model
    def _left_user(self, company):
        """The archived Moss user of ``company`` that no connection holds: what an uninstall left. Found
        by its login, since the uninstall removed the addon's groups; it is repaired before any key."""
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        held = self.sudo().search([("user_id", "!=", False)]).user_id
        return Users.search(
            [
                ("login", "=like", f"{DEFAULT_LOGIN}%"),
                ("active", "=", False),
                ("company_id", "=", company.id),
                ("id", "not in", held.ids),
            ],
            order="id",
            limit=1,
        )

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
        user.write(self._integration_user_changes(user))

    def _integration_user_changes(self, user, login=None):
        """Only what differs from ``_integration_user_values``: writing a user's groups or companies
        clears every worker's caches, so a renewal or a second Connect must not write them unchanged."""
        wanted = {**self._integration_user_values(), "login": login or user.login}
        current = {
            "active": user.active,
            "name": user.name,
            "company_id": user.company_id.id,
            "company_ids": [Command.set(user.company_ids.ids)],
            "group_ids": [Command.set(user.group_ids.ids)],
            "login": user.login,
        }
        return {field: value for field, value in wanted.items() if current[field] != value}

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
        problems = self._unfit_user_problems(user)
        if user.group_ids != self._profile_group():
            problems.append(self.env._("its groups are not exactly '%(group)s'", group=self._profile_group().name))
        if user.company_ids != self.company_id:
            problems.append(self.env._("it may work in companies other than %(company)s", company=self.company_id.name))
        return problems

    @api.model
    def _unfit_user_problems(self, user):
        """What no repair can make Moss's: a portal account, an administrator's, a person's (it has a password)."""
        problems = []
        if not user._is_internal():
            problems.append(self.env._("it is not an internal user"))
        if user._is_admin() or user._is_system() or user.id == SUPERUSER_ID:
            problems.append(self.env._("it has administrator rights"))
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
