from odoo.tests import TransactionCase, tagged

from .common import MossConnectCommon


@tagged("post_install", "-at_install")
class TestMossCronSharedDatabase(TransactionCase):
    """Several Odoo workers or servers on one database run the reminder job once at a time."""

    def test_a_second_worker_cannot_take_the_job_while_one_runs_it(self):
        job = self.env.ref("moss_connect.ir_cron_moss_key_reminders")
        IrCron = type(self.env["ir.cron"])
        # Two real connections, like two cron workers; the job row exists since installation.
        with self.registry.cursor() as first, self.registry.cursor() as second:
            taken = IrCron._acquire_one_job(first, job.id, include_not_ready=True)
            self.assertEqual(taken["id"], job.id)
            self.assertIsNone(IrCron._acquire_one_job(second, job.id, include_not_ready=True))
            first.rollback()
            self.assertEqual(IrCron._acquire_one_job(second, job.id, include_not_ready=True)["id"], job.id)
            second.rollback()


@tagged("post_install", "-at_install")
class TestMossCronIdempotent(MossConnectCommon):
    def test_running_the_job_twice_warns_once(self):
        """Even run twice in a row (a retried or duplicated run), each stage is announced once."""
        self._connect_with_key()
        keys = self._connection()._valid_api_keys().sudo()
        keys.unlink()
        self.env["moss.connection"]._cron_key_reminders()
        self.env["moss.connection"]._cron_key_reminders()
        journal = self._connection().bank_journal_id
        self.assertEqual(len(journal.message_ids.filtered(lambda m: "has expired" in (m.body or ""))), 1)
