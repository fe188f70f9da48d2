import math

from odoo import api, fields, models
from odoo.tools import SQL

MAX_FAILURES_PARAM = "crm_vtiger_like.inbound_max_failures"
WINDOW_PARAM = "crm_vtiger_like.inbound_failure_window"
DEFAULT_MAX_FAILURES = 10
DEFAULT_WINDOW = 60


class CrmInboundThrottle(models.Model):
    """Wrong tokens sent to the inbound endpoint, one row per client address.

    An address that sent ``inbound_max_failures`` wrong tokens (default 10)
    within ``inbound_failure_window`` seconds of its first one (default 60)
    is answered 429 until that window ends, before its token is even looked
    at. Kept in PostgreSQL, not in the worker: every worker of a multi-worker
    server counts the same failures."""

    _name = "crm.inbound.throttle"
    _description = "Inbound endpoint: wrong tokens per address"
    _log_access = False

    address = fields.Char(required=True, readonly=True)
    failures = fields.Integer(readonly=True)
    window_start = fields.Datetime(readonly=True)

    _sql_constraints = [("address_unique", "UNIQUE (address)", "An address is counted once.")]

    @api.model
    def _vtiger_limits(self):
        get_param = self.env["ir.config_parameter"].sudo().get_param
        return (
            max(int(get_param(MAX_FAILURES_PARAM, DEFAULT_MAX_FAILURES)), 1),
            max(int(get_param(WINDOW_PARAM, DEFAULT_WINDOW)), 1),
        )

    @api.model
    def _vtiger_retry_after(self, address):
        """Seconds ``address`` must still wait; 0 when it may send."""
        max_failures, window = self._vtiger_limits()
        rows = self.env.execute_query(
            SQL(
                "SELECT EXTRACT(EPOCH FROM window_start + make_interval(secs => %s) - now() AT TIME ZONE 'UTC')"
                " FROM crm_inbound_throttle WHERE address = %s AND failures >= %s",
                window,
                address or "",
                max_failures,
            )
        )
        return max(math.ceil(rows[0][0]), 0) if rows else 0

    @api.model
    def _vtiger_refused(self, address):
        """Count a wrong token of ``address``: a new window starts when the
        last one has ended. Returns the failures of the current window and
        how many the window allows."""
        max_failures, window = self._vtiger_limits()
        expired = SQL(
            "crm_inbound_throttle.window_start < now() AT TIME ZONE 'UTC' - make_interval(secs => %s)", window
        )
        failures = self.env.execute_query(
            SQL(
                "INSERT INTO crm_inbound_throttle (address, failures, window_start)"
                " VALUES (%(address)s, 1, now() AT TIME ZONE 'UTC')"
                " ON CONFLICT (address) DO UPDATE SET"
                " failures = CASE WHEN %(expired)s THEN 1 ELSE crm_inbound_throttle.failures + 1 END,"
                " window_start = CASE WHEN %(expired)s THEN EXCLUDED.window_start"
                " ELSE crm_inbound_throttle.window_start END"
                " RETURNING failures",
                address=address or "",
                expired=expired,
            )
        )[0][0]
        return failures, max_failures

    @api.autovacuum
    def _gc_inbound_throttle(self):
        """An address matters only during its window."""
        self.env.execute_query(
            SQL(
                "DELETE FROM crm_inbound_throttle"
                " WHERE window_start < now() AT TIME ZONE 'UTC' - make_interval(secs => %s)",
                self._vtiger_limits()[1],
            )
        )
