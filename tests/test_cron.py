"""The daily job: reminders are to-dos on the connection, for the people who can act."""

from unittest.mock import patch

from odoo.tests import new_test_user, tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossDailyJob(MossConnectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="moss_job_accountant", groups="account.group_account_manager", company_id=cls.company.id
        )

    def _expire(self, company=None):
        self._connect_with_key(company, rights_profile="accounting_admin")
        self._connection(company)._valid_api_keys().sudo().unlink()

    def _expired_todos(self, company=None):
        return self._connection(company).activity_ids.filtered(lambda todo: "expired" in todo.summary)

    def test_running_the_job_twice_reminds_once(self):
        """Even run twice in a row (a retried or duplicated run), each stage is announced once."""
        self._expire()
        self.env["moss.connection"]._cron_key_reminders()
        self.env["moss.connection"]._cron_key_reminders()
        todos = self._expired_todos()
        self.assertIn(self.accountant, todos.user_id)
        self.assertEqual(len(todos.filtered(lambda todo: todo.user_id == self.accountant)), 1)
        self.assertEqual(self._connection().key_reminder, "expired")
        self.assertIn(self.company.name, todos[0].summary, "the to-do names its company")

    def test_reminders_go_to_people_never_to_moss(self):
        """With the accounting-administrator profile, Moss's own user is an Accounting administrator too."""
        self._expire()
        moss = self._connection().user_id
        self.assertTrue(moss.has_group("account.group_account_manager"))
        self.env["moss.connection"]._cron_key_reminders()
        self.assertNotIn(moss, self._expired_todos().user_id)

    def test_a_stage_is_sent_without_a_bank_journal(self):
        self._expire()
        self._connection().sudo().bank_journal_id = False
        self.env["moss.connection"]._cron_key_reminders()
        self.assertTrue(self._expired_todos())
        self.assertEqual(self._connection().key_reminder, "expired")

    def test_one_companys_failure_does_not_stop_the_others(self):
        other = self._other_company("Moss Job Co B")
        self.env.user.company_ids += other
        self._expire()
        self._expire(other)
        Connection = type(self.env["moss.connection"])
        daily_check = Connection._daily_check
        failing = self._connection()

        def fails_for_the_first_company(connection, now):
            if connection == failing:
                raise ValueError("a broken company")
            return daily_check(connection, now)

        with (
            patch.object(Connection, "_daily_check", fails_for_the_first_company),
            self.assertLogs("odoo.addons.moss_connect.models.moss_connection_health", "ERROR"),
        ):
            self.env["moss.connection"]._cron_key_reminders()
        self.assertFalse(self._expired_todos())
        self.assertTrue(self._expired_todos(other), "the other company was reminded all the same")
