import logging
import threading
import time

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config, mute_logger

from ..tools import CONCURRENCY_ERRORS
from ..wizards.crm_vtiger_duplicate_finder import CRITERIA

_logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200
DEFAULT_THRESHOLD = 80
# seconds of work per call: "Run now" stays well under a request's time limit,
# the scheduled job under its own and then asks to be called again at once
MANUAL_TIME_BUDGET = 60
CRON_TIME_BUDGET = 240


def time_budget(budget, cron=False):
    """``budget`` seconds, or half the time Odoo lets a cron worker (a
    request) run when it limits it (``--limit-time-real-cron``,
    ``--limit-time-real`` and ``--limit-time-cpu`` in multi-worker mode),
    whichever is less: a batch is never killed half-way."""
    limits = []
    if cron:
        limit = config["limit_time_real_cron"]
        if limit == -1 and config["workers"]:
            limit = config["limit_time_real"]
        limits.append(limit)
    elif config["workers"]:
        limits += [config["limit_time_real"], config["limit_time_cpu"]]
    return min([budget] + [limit / 2 for limit in limits if limit and limit > 0])


class CrmVtigerBulkMerge(models.Model):
    """A bulk merge run: every duplicate group the "Find duplicates" criteria
    give, merged into its master when each merged record scores at least the
    threshold against it. Groups are merged in batches, each batch committed,
    so that a run interrupted anywhere resumes where it stopped; the
    scheduled job and "Run now" take the run's row lock first and never
    process the same run at the same time."""

    _name = "crm.vtiger.bulk.merge"
    _inherit = "crm.vtiger.duplicate.criteria.mixin"
    _description = "Bulk Merge"
    _order = "id desc"

    name = fields.Char(
        required=True,
        default=lambda self: self.env._("Bulk merge of %(date)s", date=fields.Date.context_today(self)),
    )
    res_model = fields.Selection(string="Merge Among")
    by_email = fields.Boolean(default=True)
    threshold = fields.Integer(
        "Score Threshold",
        required=True,
        default=DEFAULT_THRESHOLD,
        help="A record of a group is merged into the group's master only when their duplicate score "
        "(0 to 100) reaches this value.",
    )
    batch_size = fields.Integer(
        "Groups per Batch", required=True, default=DEFAULT_BATCH_SIZE, help="Each batch is saved as it is done."
    )
    user_id = fields.Many2one(
        "res.users",
        "Run By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        help="The scheduled job merges with this user's rights.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
    )
    message = fields.Text("Error", readonly=True, copy=False)
    date_start = fields.Datetime("Started", readonly=True, copy=False)
    date_end = fields.Datetime("Finished", readonly=True, copy=False)
    duration = fields.Float("Duration (s)", readonly=True, copy=False, help="Time spent merging, in seconds.")
    line_ids = fields.One2many("crm.vtiger.bulk.merge.line", "run_id", "Groups", readonly=True, copy=False)
    group_count = fields.Integer("Groups Found", readonly=True, copy=False)
    done_count = fields.Integer("Groups Processed", readonly=True, copy=False)
    merged_count = fields.Integer("Groups Merged", readonly=True, copy=False)
    skipped_count = fields.Integer("Groups Skipped", readonly=True, copy=False)
    failed_count = fields.Integer("Groups Failed", readonly=True, copy=False)
    merged_record_count = fields.Integer(
        "Records Merged", readonly=True, copy=False, help="Records merged into a master (and archived)."
    )
    progress = fields.Float(compute="_compute_progress")

    _sql_constraints = [
        ("threshold_range", "CHECK(threshold BETWEEN 1 AND 100)", "The score threshold is between 1 and 100."),
        ("batch_size_positive", "CHECK(batch_size > 0)", "A batch holds at least one group."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        """A run merges with the rights of who creates, starts or resumes it, never someone else's."""
        if not self.env.su:
            vals_list = [{**vals, "user_id": self.env.uid} for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals and not self.env.su:
            vals = {**vals, "user_id": self.env.uid}
        return super().write(vals)

    @api.depends("group_count", "done_count")
    def _compute_progress(self):
        for run in self:
            run.progress = 100.0 * run.done_count / run.group_count if run.group_count else 0.0

    # -- actions --------------------------------------------------------------------
    def action_start(self):
        """Find the groups and leave the run to the scheduled job."""
        self._start()
        self.env.ref("crm_vtiger_like.ir_cron_bulk_merge")._trigger()

    def action_run_now(self):
        """Merge in this request, batch by batch, for up to a minute; the
        scheduled job goes on from there if groups are left."""
        self._start()
        for run in self.filtered(lambda run: run.state == "running"):
            run._process(time_budget(MANUAL_TIME_BUDGET), nowait=True)
        if any(run.state == "running" for run in self):
            self.env.ref("crm_vtiger_like.ir_cron_bulk_merge")._trigger()

    def action_resume(self):
        """A failed run goes on with the groups left (the failed batch's
        groups included: nothing of that batch was saved)."""
        self.filtered(lambda run: run.state == "failed").write(
            {"state": "running", "message": False, "user_id": self.env.uid}
        )
        self.env.ref("crm_vtiger_like.ir_cron_bulk_merge")._trigger()

    def action_open_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Groups of %(run)s", run=self.name),
            "res_model": "crm.vtiger.bulk.merge.line",
            "view_mode": "list",
            "views": [(False, "list")],
            "domain": [("run_id", "=", self.id)],
            "context": {"search_default_group_state": 1},
        }

    def _start(self):
        """Draft runs: find their groups (one line per set of records, all
        pending), largest first."""
        Line = self.env["crm.vtiger.bulk.merge.line"]
        for run in self.filtered(lambda run: run.state == "draft"):
            with self.env.cr.savepoint():  # a run starts whole or not at all
                run.user_id = self.env.user
                if not any(run[criterion] for criterion in CRITERIA):
                    raise UserError(self.env._("Choose at least one criterion."))
                if not run._lock():
                    raise run._busy_error()
                run.invalidate_recordset(["state"])
                if run.state != "draft":
                    continue  # started by a click just before this one
                finder = self.env["crm.vtiger.duplicate.finder"].create(
                    {"res_model": run.res_model, **{criterion: run[criterion] for criterion in CRITERIA}}
                )
                found = finder.with_context(vtiger_all_duplicate_groups=True)._find_groups()
                finder.unlink()
                # records sharing two numbers form two groups of the same records: merged once
                seen, groups = set(), []
                for key, ids in found:
                    if tuple(ids) not in seen:
                        seen.add(tuple(ids))
                        groups.append((key, ids))
                Line.create(
                    [
                        {"run_id": run.id, "sequence": sequence, "key": key, "res_ids": ids}
                        for sequence, (key, ids) in enumerate(groups, 1)
                    ]
                )
                run.write(
                    {
                        "state": "running" if groups else "done",
                        "group_count": len(groups),
                        "date_start": fields.Datetime.now(),
                        "date_end": False if groups else fields.Datetime.now(),
                    }
                )

    # -- processing -------------------------------------------------------------------
    @api.model
    def _cron_process(self):
        """Scheduled job: go on with every running run, as the user who
        started it, while time is left; runs another job is processing are
        skipped (their lock is held). Tells the scheduler how many groups it
        did and how many are left, so that it is called again at once."""
        started, budget = time.monotonic(), time_budget(CRON_TIME_BUDGET, cron=True)
        runs = self.search([("state", "=", "running")], order="id")
        done_before = sum(runs.mapped("done_count"))
        for run in runs:
            left = budget - (time.monotonic() - started)
            if left <= 0:
                break
            if not run.user_id.has_group("sales_team.group_sale_manager"):
                run._fail(self.env._("%(user)s is no longer a sales manager.", user=run.user_id.name))
                continue
            run.with_user(run.user_id)._process(left)
        runs.invalidate_recordset()
        self.env["ir.cron"]._notify_progress(
            done=max(sum(runs.mapped("done_count")) - done_before, 0),
            remaining=sum(run.group_count - run.done_count for run in runs if run.state == "running"),
        )

    def _process(self, time_budget, nowait=False):
        """Merge this run's pending groups batch by batch until none is left
        or ``time_budget`` seconds have passed. Each batch is done under the
        run's row lock and committed (outside tests). With ``nowait``, a run
        locked by someone else at the first batch is an error; otherwise it
        is skipped. Returns the number of batches done."""
        self.ensure_one()
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        started, batches = time.monotonic(), 0
        while time.monotonic() - started < time_budget:
            self.env.invalidate_all()  # what another job saved is read again
            if not self._lock():
                if nowait and not batches:
                    raise self._busy_error()
                break
            if self.state != "running":
                break
            more = self._process_batch()
            batches += 1
            if auto_commit:
                # each batch is kept once merged: an interrupted run goes on from there
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if not more:
                break
        return batches

    def _lock(self):
        """Take this run's row lock for the current transaction, without
        waiting: False when another transaction holds it."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                rows = self.env.execute_query(
                    SQL("SELECT id FROM %s WHERE id = %s FOR UPDATE SKIP LOCKED", SQL.identifier(self._table), self.id)
                )
        except psycopg2.errors.SerializationFailure:
            return False  # updated by a job that has just committed: it is that job's turn
        return bool(rows)

    def _busy_error(self):
        return UserError(
            self.env._(
                "%(run)s is being merged by the scheduled job or another user right now: "
                "it goes on by itself, refresh the page to follow it.",
                run=self.name,
            )
        )

    def _process_batch(self):
        """Merge the next ``batch_size`` pending groups: a group whose merge
        is refused (a UserError) is marked failed with the reason, the others
        go on. An unexpected error undoes the batch and marks the run failed.
        Returns whether groups are left."""
        self.ensure_one()
        Line = self.env["crm.vtiger.bulk.merge.line"]
        pending = [("run_id", "=", self.id), ("state", "=", "pending")]
        lines = Line.search(pending, order="sequence", limit=self.batch_size)
        if not lines:
            self._finish()
            return False
        started = time.monotonic()
        try:
            with self.env.cr.savepoint():
                lines._merge_groups()
                # saved with the batch: a failure here undoes the batch too
                self._update_counters(time.monotonic() - started)
                more = self.done_count < self.group_count
                if not more:
                    self._finish()
        except CONCURRENCY_ERRORS:
            self.env.invalidate_all()
            raise
        except Exception as error:  # reported on the run, the batch is undone
            _logger.exception("Bulk merge %s: batch failed", self.id)
            self.env.invalidate_all()
            self._fail(str(error))
            return False
        return more

    def _update_counters(self, seconds):
        rows = self.env["crm.vtiger.bulk.merge.line"]._read_group(
            [("run_id", "=", self.id)], ["state"], ["__count", "merged_count:sum"]
        )
        counts = {state: (count, merged) for state, count, merged in rows}
        self.write(
            {
                "duration": self.duration + seconds,
                "merged_count": counts.get("merged", (0, 0))[0],
                "merged_record_count": counts.get("merged", (0, 0))[1],
                "skipped_count": counts.get("skipped", (0, 0))[0],
                "failed_count": counts.get("failed", (0, 0))[0],
                "done_count": self.group_count - counts.get("pending", (0, 0))[0],
            }
        )

    def _finish(self):
        self.write({"state": "done", "date_end": fields.Datetime.now()})

    def _fail(self, message):
        self.write({"state": "failed", "message": message})


class CrmVtigerBulkMergeLine(models.Model):
    """One duplicate group of a bulk merge run, and what became of it."""

    _name = "crm.vtiger.bulk.merge.line"
    _description = "Bulk Merge: one group"
    _order = "run_id, sequence"

    run_id = fields.Many2one("crm.vtiger.bulk.merge", required=True, index=True, ondelete="cascade")
    res_model = fields.Selection(related="run_id.res_model")
    sequence = fields.Integer(required=True)
    key = fields.Char("Shared Value", readonly=True)
    res_ids = fields.Json("Record IDs", required=True, readonly=True)
    record_count = fields.Integer("Records", compute="_compute_record_count", store=True)
    state = fields.Selection(
        [("pending", "Pending"), ("merged", "Merged"), ("skipped", "Skipped"), ("failed", "Failed")],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    master_id = fields.Many2oneReference("Master ID", model_field="res_model", readonly=True)
    master_name = fields.Char("Master", readonly=True)
    merged_ids = fields.Json("Merged Record IDs", readonly=True)
    merged_count = fields.Integer("Records Merged", readonly=True)
    score = fields.Integer(
        readonly=True, help="The lowest score of the records merged, or the best score of a skipped group."
    )
    reasons = fields.Text(readonly=True, help="Why the records were found to be duplicates.")
    message = fields.Text("Result", readonly=True, help="Why the group was skipped or could not be merged.")

    @api.depends("res_ids")
    def _compute_record_count(self):
        for line in self:
            line.record_count = len(line.res_ids or [])

    def action_open_master(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.master_id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _merge_groups(self):
        """Merge each group into its master (the record the merge wizard
        proposes) with the records whose score against it reaches the run's
        threshold, all pairs scored at once; note each group's outcome. A
        refused merge (a UserError) is noted as failed, the others go on."""
        if not self:
            return
        Model = self.env[self[0].res_model]
        everyone = Model.browse(sorted({i for line in self for i in line.res_ids}))
        alive = set(everyone.exists().filtered("active").ids)
        rank = self.env["crm.vtiger.merge.wizard"]._master_rank
        plans, pairs = [], []
        for line in self:
            records = Model.browse([i for i in line.res_ids if i in alive]).with_prefetch(everyone._prefetch_ids)
            if len(records) < 2:
                line._skip_merged()
                continue
            ranked = records.sorted(rank)
            plans.append((line, ranked))
            pairs += [(ranked[0], other) for other in ranked[1:]]
        scores = iter(self.env["crm.vtiger.merge"].score_pairs(pairs))
        for line, ranked in plans:
            line._merge_ranked(ranked, [next(scores) for _other in ranked[1:]])

    def _merge_ranked(self, ranked, scores):
        """Merge the records of ``ranked`` (the master first) whose (score,
        reasons) of ``scores`` (one per other record) reach the threshold.
        A record a group before has just merged (groups may overlap) is left
        out; the group is skipped if it was the master."""
        scored = dict(zip(ranked[1:].ids, scores, strict=True))
        master, threshold = ranked[0], self.run_id.threshold
        others = (ranked - master).filtered("active")
        if not master.active or not others:
            self._skip_merged()
            return
        kept, kept_scores, reasons, below = master, [], [], []
        for other in others:
            score, why = scored[other.id]
            if score and score >= threshold:  # a pair marked "not a duplicate" scores 0
                kept |= other
                kept_scores.append(score)
                reasons += [reason for reason in why if reason not in reasons]
            else:
                below.append((other, score, why))
        values = {"master_id": master.id, "master_name": master.display_name}
        if len(kept) < 2:
            _other, score, why = max(below, key=lambda item: item[1])
            self.write(
                {
                    **values,
                    "state": "skipped",
                    "score": score,
                    "reasons": "\n".join(why),
                    "message": self.env._(
                        "Score %(score)s, below the threshold %(threshold)s.", score=score, threshold=threshold
                    ),
                }
            )
            return
        values.update(score=min(kept_scores), reasons="\n".join(reasons))
        if below:
            values["message"] = self.env._(
                "Not merged, below the threshold: %(records)s.",
                records=", ".join(f"{other.display_name} ({score})" for other, score, _why in below),
            )
        try:
            self.env["crm.vtiger.merge"].merge(kept, master, self._filled_values(kept, master))
        except UserError as error:
            self.write({**values, "state": "failed", "message": str(error)})
            return
        self.write({**values, "state": "merged", "merged_ids": (kept - master).ids, "merged_count": len(kept) - 1})

    def _skip_merged(self):
        self.write({"state": "skipped", "message": self.env._("Already merged or archived.")})

    @api.model
    def _filled_values(self, records, master):
        """The master keeps its values; each field it leaves empty takes the
        first value the others have, oldest first: the values the merge
        wizard preselects."""
        others = (records - master).sorted(self.env["crm.vtiger.merge.wizard"]._master_rank)
        values = {}
        for fname in self.env["crm.vtiger.merge"]._mergeable_fields(records):
            if master[fname]:
                continue
            donor = next((other for other in others if other[fname]), None)
            if donor:
                values[fname] = records._fields[fname].convert_to_write(donor[fname], donor)
        return values
