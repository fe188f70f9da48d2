from odoo import api, fields, models
from odoo.tools import SQL


class CrmCommunicationClientKey(models.Model):
    """One row per phone number / e-mail a communication came from, touched
    by every transaction that classifies a communication of that client.

    Two workers classifying communications of the same new client at once
    would both find no earlier one (neither is committed) and both call it
    new. Touching the client's rows makes the second wait for the first,
    then fail with PostgreSQL's serialization error (Odoo runs requests in
    REPEATABLE READ); Odoo retries such a request, and the retry sees the
    first communication: "repeat"."""

    _name = "crm.communication.client.key"
    _description = "Client key of communications"
    _log_access = False

    key = fields.Char(required=True, readonly=True)

    _sql_constraints = [("key_unique", "UNIQUE (key)", "A client key is stored once.")]

    @api.model
    def _vtiger_touch(self, keys):
        """Lock the rows of ``keys`` (created when missing) until the end of
        the transaction, in one order for every worker (no deadlock)."""
        if keys:
            self.env.execute_query(
                SQL(
                    "INSERT INTO crm_communication_client_key (key) SELECT k FROM unnest(%s::varchar[]) k ORDER BY k"
                    " ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key",
                    sorted(keys),
                )
            )
