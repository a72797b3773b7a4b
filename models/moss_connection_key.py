import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.base.models.res_users import KEY_CRYPT_CONTEXT
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.tools import SQL, format_datetime

from .moss_connection import KEY_JOB, KEY_NAME

BEARER_RE = re.compile(r"^bearer\s+(.+)$", re.IGNORECASE)


class MossConnection(models.Model):
    """The integration user's keys as Odoo manages them: made by ``_generate`` behind the
    administrator's password, removed by ``_remove()``; a grace period is a removal scheduled for
    its end; Moss renews its own key through ``renew_api_key``."""

    _inherit = "moss.connection"

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
        """The newest of ``keys``, the one Moss holds, keeps working for the grace period (never past
        its own expiry); older ones go now. The key row is core's and stays as it is: the daily job
        is triggered for the grace end and removes it then with core's ``_remove()``."""
        keys[1:]._remove()
        previous = keys[:1]
        now = fields.Datetime.now()
        grace_end = now + timedelta(days=grace_days)
        if previous.expiration_date:
            grace_end = min(grace_end, previous.expiration_date)
        if previous and grace_end <= now:
            previous._remove()
            previous = previous.browse()
        if keys and not previous:
            self.sudo().previous_key_revoked_date = now
        self.sudo().key_grace_end = grace_end if previous else False
        if previous:
            self.env.ref(KEY_JOB).sudo()._trigger(at=grace_end)
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
            text += " " + self._grace_message()
        return text

    def _grace_message(self):
        return self.env._(
            "The previous key keeps working until %(date)s.",
            date=format_datetime(self.env, self.sudo().key_grace_end, dt_format="short"),
        )

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
        self.sudo().write({"previous_key_revoked_date": fields.Datetime.now(), "key_grace_end": False})
        self._post(self.env._("Previous API key revoked by %(user)s.", user=self.env.user.name))
        return self._notification(
            self.env._(
                "The previous key of %(company)s is revoked. Moss keeps working with the new one.",
                company=self.company_id.name,
            )
        )

    # Moss's own renewal, over JSON-2 ------------------------------------

    @api.model
    def renew_api_key(self, duration_days=None):
        """Moss renews its own key: the next key for the integration user calling with its current key.

        Callable over JSON-2 only (``POST /json/2/moss.connection/renew_api_key``), where the key
        presented is the bearer token. Only the connection's current key renews, once a day at most,
        for at most the integration user's key policy (``duration_days``, by default all of it); the
        key used keeps the grace period of a renewal, older ones go now. Returns
        ``{"key", "expiration_date"}``; the key is never stored.
        """
        connection_sudo = self.sudo().search([("user_id", "=", self.env.uid), ("state", "=", "connected")])
        if not connection_sudo:
            raise AccessError(self.env._("Only a connected Moss integration user renews its own key."))
        connection_sudo._lock()
        connection_sudo._check_self_renewal(self._presented_api_key())
        days = connection_sudo._renewal_days(duration_days)
        expiration = fields.Datetime.now() + timedelta(days=days)
        previous = connection_sudo._valid_api_keys()
        key = self.env["res.users.apikeys"]._generate(None, KEY_NAME, expiration)
        previous = connection_sudo._retire_keys(previous, connection_sudo.key_grace_days)
        connection_sudo.write({"self_renewal_date": fields.Datetime.now(), "key_reminder": False})
        message = self.env._(
            "Moss created its next API key itself; it expires on %(date)s.",
            date=format_datetime(self.env, expiration, dt_format="short"),
        )
        connection_sudo._post(f"{message} {connection_sudo._grace_message()}" if previous else message)
        return {"key": key, "expiration_date": fields.Datetime.to_string(expiration)}

    @api.model
    def _presented_api_key(self):
        """The key of this JSON-2 request (its bearer token), or ``False`` over any other route."""
        header = request.httprequest.headers.get("Authorization", "") if request else ""
        match = BEARER_RE.match(header)
        return match.group(1) if match else False

    def _check_self_renewal(self, presented_key):
        """Self-renewal allowed, asked with the current key, and not yet today."""
        if not self.self_renewal:
            raise UserError(
                self.env._(
                    "Moss may not renew its key itself in %(company)s: an administrator renews it in the Moss "
                    "block, or allows self-renewal in Connect Moss.",
                    company=self.company_id.name,
                )
            )
        if not presented_key or not self._is_current_key(presented_key):
            raise UserError(
                self.env._(
                    "API key: only Moss's current key may renew it, over JSON-2 with the key as bearer token. "
                    "The key used is in its grace period or older: use the newest key."
                )
            )
        if self.self_renewal_date and self.self_renewal_date > fields.Datetime.now() - timedelta(days=1):
            raise UserError(
                self.env._(
                    "Moss renewed its key on %(date)s: it may renew it once a day at most.",
                    date=format_datetime(self.env, self.self_renewal_date, dt_format="short"),
                )
            )

    def _is_current_key(self, presented_key):
        """Whether ``presented_key`` is the newest valid key, checked against core's stored hash."""
        current = self._current_key()
        if not current:
            return False
        self.env.cr.execute(SQL("SELECT key FROM res_users_apikeys WHERE id = %s", current.id))
        return KEY_CRYPT_CONTEXT.verify(presented_key, self.env.cr.fetchone()[0])

    def _renewal_days(self, duration_days):
        policy = self._key_policy_days(self._profile_group())
        days = policy if duration_days is None else duration_days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= policy:
            raise UserError(
                self.env._(
                    "Duration: give a whole number of days from 1 to %(days)s, the integration user's key policy.",
                    days=policy,
                )
            )
        return days

    @api.model
    def _key_policy_days(self, group):
        """Odoo's policy for a user of ``group``: the longest duration any of its groups allows, else one day."""
        return int(max((group | group.all_implied_ids).mapped("api_key_duration")) or 1)

    def _revoke_keys_past_grace(self, now):
        """The grace period ended: the previous key goes with core's ``_remove()`` and the history says so,
        also when Odoo's own clean-up removed an expired key first."""
        if not self.key_grace_end or self.key_grace_end > now:
            return
        Keys = self.env["res.users.apikeys"].sudo()
        keys = Keys.search([("user_id", "=", self.user_id.id)], order="create_date desc, id desc")
        keys[1:]._remove()
        ended = self.key_grace_end
        self.write({"previous_key_revoked_date": ended, "key_grace_end": False})
        self._post(
            self.env._(
                "The previous API key stopped working on %(date)s: its grace period ended.",
                date=format_datetime(self.env, ended, dt_format="short"),
            )
        )
