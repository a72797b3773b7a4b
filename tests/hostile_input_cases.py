"""Hostile and odd input, drawn by hypothesis: each run either works correctly or ends in a clear
error that names the field, and leaves nothing behind. Loaded by ``test_property_input``, which
skips these tests with a clear reason where hypothesis is not installed."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MossConnectCommon

HOSTILE = st.sampled_from(
    [
        "'; DROP TABLE res_partner; --",
        "<script>alert(1)</script>",
        "<b>bold</b> & co",
        "Robert'); DELETE FROM account_journal;--",
        "\u202eevil",
        "admin\u200b",
        "a\x00b",
        "line\u2028break",
        "Zoë Ünïcødé 会计",
        " \t\n ",
        "",
        "x" * 2000,
    ]
)
NAMES = st.one_of(HOSTILE, st.text(min_size=0, max_size=300))
CODES = st.one_of(HOSTILE, st.text(min_size=0, max_size=8))
JOURNAL_FIELDS = {"purchase_journal_code": "purchase_journal_id", "bank_journal_code": "bank_journal_id"}
# Derandomized: the same examples on every run, so that CI is deterministic.
EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


class Undo(Exception):
    """Rolls one example back."""


@tagged("post_install", "-at_install")
class TestMossHostileInput(MossConnectCommon):
    def _run_isolated(self, check):
        """Run ``check`` in a savepoint rolled back afterwards, so examples do not see each other."""
        try:
            with self.env.cr.savepoint():
                check()
                raise Undo
        except Undo:
            self.env.invalidate_all()

    def _connect_or_clean_error(self, field_words, **values):
        """``action_connect()`` works, or raises a UserError naming the field and leaves nothing."""
        before = self._record_counts()
        try:
            wizard = self._wizard(**values)
            wizard.action_connect()
        except UserError as error:
            self.assertTrue(any(word in str(error) for word in field_words), str(error))
            self.assertEqual(self._record_counts(), before)
            return None
        return wizard

    @EXAMPLES
    @given(name=NAMES, field=st.sampled_from(["purchase_journal_name", "bank_journal_name", "partner_name"]))
    def test_names(self, name, field):
        def check():
            wizard = self._connect_or_clean_error(["Name", "name"], **{field: name})
            if wizard:
                cleaned = " ".join(name.split())
                self.assertLessEqual(len(name), 64, "overlong names are refused")
                invisible = [char for char in name if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")]
                self.assertFalse(invisible, "invisible and control characters are refused")
                record = {
                    "purchase_journal_name": self._connection().purchase_journal_id,
                    "bank_journal_name": self._connection().bank_journal_id,
                    "partner_name": self._connection().partner_id,
                }[field]
                self.assertEqual(record.name, cleaned)
                for message in record.message_ids:
                    self.assertNotIn("<script", message.body or "")

        self._run_isolated(check)

    @EXAMPLES
    @given(code=CODES, field=st.sampled_from(["purchase_journal_code", "bank_journal_code"]))
    def test_journal_codes(self, code, field):
        def check():
            wizard = self._connect_or_clean_error(["Code"], **{field: code})
            if wizard:
                journal = self._connection()[JOURNAL_FIELDS[field]]
                self.assertEqual(journal.code, code.strip())
                self.assertLessEqual(len(journal.code), 5)

        self._run_isolated(check)

    @EXAMPLES
    @given(duration=st.sampled_from(["1", "7", "30", "90", "180", "365", "0"]), confirmed=st.booleans())
    def test_key_durations(self, duration, confirmed):
        def check():
            wizard = self._connect(key_duration=duration, confirm_long_key=confirmed)
            allowed = duration != "0" and int(duration) <= wizard.key_policy_days
            if allowed or confirmed:
                key = wizard._generate_key_and_show()["context"]["default_api_key"]
                self.assertTrue(self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key))
            else:
                with self.assertRaisesRegex(UserError, "Key Duration"):
                    wizard._generate_key_and_show()

        self._run_isolated(check)

    @EXAMPLES
    @given(login=st.one_of(HOSTILE, st.text(min_size=0, max_size=60), st.sampled_from(["admin", "moss_portal"])))
    def test_integration_logins(self, login):
        def check():
            self.env["res.users"].create(
                {
                    "name": "Portal",
                    "login": "moss_portal",
                    "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
                }
            )
            users = self.env["res.users"].with_context(active_test=False).search_count([])
            try:
                self._connect(integration_login=login)._generate_key_and_show()
            except UserError as error:
                self.assertIn("Integration User Login", str(error))
                self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), users)
                return
            self.assertRegex(login.strip(), r"^[a-z0-9._@+-]{3,64}$", "only well-formed logins are accepted")
            self.assertEqual(self._connection().user_id.login, login.strip())

        self._run_isolated(check)

    @EXAMPLES
    @given(kind=st.sampled_from(["archived", "foreign", "wrong_type", "deleted"]))
    def test_chosen_purchase_journals(self, kind):
        def check():
            journal = self.env["account.journal"].create({"name": "Chosen", "code": "CHOSN", "type": "purchase"})
            if kind == "foreign":
                other = self._other_company("Moss Foreign Chosen Co", chart=False)
                journal = self.env["account.journal"].create(
                    {"name": "Foreign", "code": "FOREI", "type": "purchase", "company_id": other.id}
                )
            elif kind == "wrong_type":
                journal.type = "sale"
            wizard = self._wizard(purchase_journal_mode="existing", purchase_journal_id=journal.id)
            if kind == "archived":
                journal.action_archive()
            elif kind == "deleted":
                journal.unlink()  # between opening the wizard and clicking Connect
            if kind == "archived":
                wizard.action_connect()
                self.assertEqual(self._connection().purchase_journal_id, journal)
                self.assertTrue(journal.active, "an archived journal chosen is restored")
                return
            before = self._record_counts()
            with self.assertRaisesRegex(UserError, "Existing Purchase Journal"):
                wizard.action_connect()
            self.assertEqual(self._record_counts(), before)

        self._run_isolated(check)
