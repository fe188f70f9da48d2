from unittest.mock import patch

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import config, mute_logger

from ..models.crm_vtiger_bulk_merge import CRON_TIME_BUDGET, MANUAL_TIME_BUDGET, time_budget
from .common import VtigerCase

# the scoring weights these tests count on (the settings' defaults)
WEIGHTS = {
    "crm_vtiger_like.duplicate_weight_phone": "60",
    "crm_vtiger_like.duplicate_weight_phone_tail": "30",
    "crm_vtiger_like.duplicate_weight_email": "60",
    "crm_vtiger_like.duplicate_weight_name": "60",
    "crm_vtiger_like.duplicate_weight_inn": "70",
}


@tagged("post_install", "-at_install")
class TestBulkMerge(VtigerCase):
    """crm.vtiger.bulk.merge: every duplicate group scoring at least the
    threshold merged into its master, batch by batch, resumable, refused
    groups reported and skipped, sales managers only, one job per run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for param, value in WEIGHTS.items():
            cls.env["ir.config_parameter"].set_param(param, value)
        Partner = cls.env["res.partner"]
        # same phone, e-mail and name: 100 x (1 - 0.4^3) = 94
        cls.ivanov, cls.ivanov_twin = Partner.create(
            [
                {"name": "Пётр Иванов", "phone": "+7 912 345-01-01", "email": "ivanov@bulk-test.ru"},
                {
                    "name": "Пётр Иванов",
                    "mobile": "8 (912) 345-01-01",
                    "email": "IVANOV@bulk-test.ru",
                    "function": "Менеджер",
                    "website": "https://ivanov.example.ru",
                },
            ]
        )
        # the same phone only: 60, under the threshold
        cls.colleague_a, cls.colleague_b = Partner.create(
            [
                {"name": "Анна Смирнова", "phone": "+7 495 777-02-02", "email": "smirnova@bulk-test.ru"},
                {"name": "Олег Кузнецов", "phone": "8 495 777 02 02", "email": "kuznetsov@bulk-test.ru"},
            ]
        )
        cls.merger = cls.env["crm.vtiger.bulk.merge"].with_user(cls.sales_manager)

    def new_run(self, **values):
        return self.merger.create({"name": "Чистка базы", "by_phone": True, "by_email": False, **values})

    def line_of(self, run, records):
        return run.line_ids.filtered(lambda line: set(records.ids) <= set(line.res_ids))

    def test_groups_above_the_threshold_are_merged(self):
        run = self.new_run(threshold=80)
        run.action_run_now()
        self.assertEqual(run.state, "done")
        merged = self.line_of(run, self.ivanov | self.ivanov_twin)
        self.assertEqual(merged.state, "merged")
        self.assertEqual(merged.score, 94)
        self.assertEqual(merged.master_id, self.ivanov.id)
        self.assertEqual(merged.merged_ids, self.ivanov_twin.ids)
        self.assertIn("same e-mail ivanov@bulk-test.ru", merged.reasons)
        self.assertFalse(self.ivanov_twin.active)
        # the master keeps its values and takes those it lacked
        self.assertEqual(self.ivanov.phone, "+7 912 345-01-01")
        self.assertEqual(self.ivanov.function, "Менеджер")
        self.assertEqual(self.ivanov.website, "https://ivanov.example.ru")

        skipped = self.line_of(run, self.colleague_a | self.colleague_b)
        self.assertEqual(skipped.state, "skipped")
        self.assertEqual(skipped.score, 60)
        self.assertEqual(skipped.message, "Score 60, below the threshold 80.")
        self.assertTrue(self.colleague_a.active and self.colleague_b.active)
        # the report's counters are the lines'
        states = run.line_ids.mapped("state")
        self.assertEqual(run.group_count, len(run.line_ids))
        self.assertEqual(run.done_count, run.group_count)
        self.assertEqual(run.merged_count, states.count("merged"))
        self.assertEqual(run.skipped_count, states.count("skipped"))
        self.assertEqual(run.failed_count, states.count("failed"))
        self.assertEqual(run.merged_record_count, sum(run.line_ids.mapped("merged_count")))
        self.assertTrue(run.date_end)

    def test_a_lower_threshold_merges_more(self):
        run = self.new_run(threshold=60)
        run.action_run_now()
        self.assertEqual(self.line_of(run, self.colleague_a | self.colleague_b).state, "merged")
        self.assertFalse(self.colleague_b.active)

    def test_only_the_members_reaching_the_threshold_are_merged(self):
        stranger = self.env["res.partner"].create({"name": "Иван Сидоров", "mobile": "+79123450101"})
        run = self.new_run(threshold=80)
        run.action_run_now()
        line = self.line_of(run, self.ivanov | self.ivanov_twin | stranger)
        self.assertEqual(line.state, "merged")
        self.assertEqual(line.merged_ids, self.ivanov_twin.ids)
        self.assertEqual(line.message, "Not merged, below the threshold: Иван Сидоров (60).")
        self.assertTrue(stranger.active)
        self.assertFalse(self.ivanov_twin.active)

    def test_master_is_the_oldest_record_or_the_deal(self):
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = now() - interval '1 year' WHERE id = %s", [self.ivanov_twin.id]
        )
        self.ivanov_twin.invalidate_recordset(["create_date"])
        run = self.new_run(threshold=80)
        run.action_run_now()
        self.assertEqual(self.line_of(run, self.ivanov | self.ivanov_twin).master_id, self.ivanov_twin.id)
        self.assertFalse(self.ivanov.active)
        self.assertTrue(self.ivanov_twin.active)

        lead, deal = self.env["crm.lead"].create(
            [
                {
                    "name": "Заявка Иванова",
                    "type": "lead",
                    "contact_name": "Пётр Иванов",
                    "phone": "+7 912 345-03-03",
                    "email_from": "ivanov@bulk-test.ru",
                },
                {
                    "name": "Сделка Иванова",
                    "type": "opportunity",
                    "contact_name": "Пётр Иванов",
                    "phone": "89123450303",
                    "email_from": "ivanov@bulk-test.ru",
                },
            ]
        )
        run = self.new_run(res_model="crm.lead", threshold=80)
        run.action_run_now()
        line = self.line_of(run, lead | deal)
        self.assertEqual(line.state, "merged")
        self.assertEqual(line.master_id, deal.id)
        self.assertFalse(lead.active)

    def test_batches_resume_where_they_stopped(self):
        Partner = self.env["res.partner"]
        pairs = [
            Partner.create(
                [
                    {"name": f"Клиент {i}", "phone": f"+7 913 000-00-0{i}", "email": f"client{i}@bulk-test.ru"},
                    {"name": f"Клиент {i}", "mobile": f"8913000000{i}", "email": f"client{i}@bulk-test.ru"},
                ]
            )
            for i in range(1, 4)
        ]
        run = self.new_run(by_email=True, threshold=80, batch_size=2)
        run._start()
        self.assertEqual(run.state, "running")
        self.assertEqual(run.group_count, 4)  # the three pairs and the Ivanovs
        self.assertEqual(set(run.line_ids.mapped("state")), {"pending"})
        self.assertTrue(run._process_batch())
        self.assertEqual((run.state, run.done_count, run.merged_count), ("running", 2, 2))
        self.assertEqual(run.line_ids.sorted("sequence").mapped("state"), ["merged", "merged", "pending", "pending"])
        # a restart goes on with the next batch, not from the start
        self.assertEqual(run._process(time_budget=600), 1)
        self.assertEqual((run.state, run.done_count, run.merged_count, run.merged_record_count), ("done", 4, 4, 4))
        for pair in pairs:
            self.assertEqual(pair.mapped("active"), [True, False])
        self.assertEqual(run._process(time_budget=600), 0)
        self.assertGreater(run.duration, 0)

    def test_a_refused_group_is_reported_and_skipped(self):
        users = new_test_user(self.env, login="bulk_user_1", name="Семён Петров") | new_test_user(
            self.env, login="bulk_user_2", name="Семён Петров"
        )
        users.partner_id.write({"phone": "+7 912 345-04-04", "email": "petrov@bulk-test.ru"})
        run = self.new_run(threshold=80)
        run.action_run_now()
        self.assertEqual(run.state, "done")
        failed = self.line_of(run, users.partner_id)
        self.assertEqual(failed.state, "failed")
        self.assertEqual(failed.message, "These records are linked to several users: merge their users first.")
        self.assertEqual(users.partner_id.mapped("active"), [True, True])
        self.assertEqual(self.line_of(run, self.ivanov | self.ivanov_twin).state, "merged")
        self.assertGreaterEqual(run.failed_count, 1)

    def test_scheduled_job_goes_on_with_running_runs(self):
        run = self.new_run(threshold=80)
        run.action_start()
        self.assertEqual(run.state, "running")
        self.assertEqual(run.done_count, 0)
        self.env.ref("crm_vtiger_like.ir_cron_bulk_merge").method_direct_trigger()
        run.invalidate_recordset()
        self.assertEqual(run.state, "done")
        self.assertEqual(self.line_of(run, self.ivanov | self.ivanov_twin).state, "merged")
        # it merged with the rights of the manager who started the run
        self.assertEqual(self.ivanov_twin.write_uid, self.sales_manager)

    def test_scheduled_job_stops_when_the_user_is_no_longer_a_manager(self):
        run = self.new_run(threshold=80)
        run.action_start()
        self.sales_manager.groups_id = [(3, self.env.ref("sales_team.group_sale_manager").id)]
        self.env["crm.vtiger.bulk.merge"]._cron_process()
        self.assertEqual(run.state, "failed")
        self.assertEqual(run.message, "Олег Начальников is no longer a sales manager.")
        self.assertTrue(self.ivanov_twin.active)

    def test_only_sales_managers_run_bulk_merges(self):
        BulkMerge = self.env["crm.vtiger.bulk.merge"].with_user(self.sales_user)
        with self.assertRaises(AccessError):
            BulkMerge.create({"name": "Чистка", "by_phone": True})
        run = self.new_run()
        with self.assertRaises(AccessError):
            run.with_user(self.sales_user).action_run_now()
        with self.assertRaises(AccessError):
            run.line_ids.with_user(self.sales_user).search([])

    def test_a_run_is_set_up_on_its_form(self):
        with Form(self.merger) as form:
            form.name = "Чистка контактов"
            form.by_email = False
            form.threshold = 90
        run = form.record
        self.assertEqual((run.state, run.res_model, run.by_phone, run.batch_size), ("draft", "res.partner", True, 200))
        self.assertEqual(run.user_id, self.sales_manager)
        run.action_run_now()
        self.assertEqual(run.state, "done")
        self.assertEqual(self.line_of(run, self.ivanov | self.ivanov_twin).state, "merged")

    def test_a_run_merges_with_its_starters_rights(self):
        """Nobody sets up a run to merge with someone else's rights."""
        admin = self.env.ref("base.user_admin")
        run = self.new_run(threshold=80, user_id=admin.id)
        self.assertEqual(run.user_id, self.sales_manager)
        run.write({"user_id": admin.id})
        self.assertEqual(run.user_id, self.sales_manager)
        # a threshold of 0 would take pairs marked "not a duplicate" (score 0) for duplicates
        with self.assertRaises(psycopg2.errors.CheckViolation), mute_logger("odoo.sql_db"):
            run.write({"threshold": 0})
            run.flush_recordset()

    def test_a_criterion_is_required(self):
        run = self.new_run(by_phone=False)
        with self.assertRaisesRegex(UserError, "Choose at least one criterion."):
            run.action_run_now()
        self.assertEqual(run.state, "draft")

    def test_a_locked_run_is_skipped(self):
        """While a job holds a run's row lock (a second connection here, with
        the run committed so that both see it), the scheduled job skips it and
        "Run now" says it is busy; nothing of the run is touched."""
        dbname = self.env.cr.dbname
        holder, other = sql_db.db_connect(dbname).cursor(), sql_db.db_connect(dbname).cursor()
        run_id = None
        try:
            env_holder = api.Environment(holder, SUPERUSER_ID, {})
            run = env_holder["crm.vtiger.bulk.merge"].create(
                {"name": "Занято", "state": "running", "group_count": 1, "user_id": self.env.ref("base.user_admin").id}
            )
            env_holder["crm.vtiger.bulk.merge.line"].create(
                {"run_id": run.id, "sequence": 1, "res_ids": [999999998, 999999999]}
            )
            run_id = run.id
            holder.commit()
            holder.execute("SELECT id FROM crm_vtiger_bulk_merge WHERE id = %s FOR UPDATE", [run_id])

            env_other = api.Environment(other, self.env.ref("base.user_admin").id, {})
            busy = env_other["crm.vtiger.bulk.merge"].browse(run_id)
            env_other["crm.vtiger.bulk.merge"]._cron_process()
            self.assertEqual(busy._process(time_budget=600), 0)
            with self.assertRaisesRegex(UserError, "Занято is being merged by the scheduled job"):
                busy.action_run_now()
            env_other.invalidate_all()
            self.assertEqual((busy.state, busy.done_count, busy.line_ids.state), ("running", 0, "pending"))
        finally:
            other.rollback()
            other.close()
            holder.rollback()
            if run_id:
                holder.execute("DELETE FROM crm_vtiger_bulk_merge WHERE id = %s", [run_id])
                holder.commit()
            holder.close()

    def test_time_budget_within_odoo_worker_limits(self):
        """A batch must end before Odoo's multi-worker mode kills the worker
        (a cron worker after --limit-time-real-cron, else --limit-time-real;
        a request after --limit-time-real or --limit-time-cpu)."""
        cases = [
            # (workers, limit_time_real, limit_time_cpu, limit_time_real_cron) -> (cron budget, "Run now" budget)
            ((0, 120, 60, -1), (240, 60)),
            ((2, 120, 60, -1), (60, 30)),
            ((2, 120, 60, 1800), (240, 30)),
            ((2, 3600, 3600, 0), (240, 60)),
            ((0, 120, 60, 300), (150, 60)),
        ]
        for (workers, real, cpu, real_cron), expected in cases:
            options = {
                "workers": workers,
                "limit_time_real": real,
                "limit_time_cpu": cpu,
                "limit_time_real_cron": real_cron,
            }
            with self.subTest(**options), patch.dict(config.options, options):
                self.assertEqual((time_budget(CRON_TIME_BUDGET, cron=True), time_budget(MANUAL_TIME_BUDGET)), expected)
