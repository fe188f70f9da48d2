import hashlib

from odoo import api, fields, models
from odoo.tools import SQL

# longer keys (an e-mail address can be anything) are stored as their digest
MAX_KEY_LENGTH = 200


class CrmCommunicationClientKey(models.Model):
    """One row per phone number, e-mail, account or lead a communication was
    classified by, touched by the transactions that classify an inbound
    request or a single communication of that client.

    Two workers classifying communications of the same new client at once
    would both find no earlier one (neither is committed) and both call it
    new. Touching the client's rows makes the second wait for the first,
    then fail with PostgreSQL's serialization error (Odoo runs requests in
    REPEATABLE READ); Odoo retries such a request, and the retry sees the
    first communication: "repeat". Rows untouched for a day are deleted."""

    _name = "crm.communication.client.key"
    _description = "Client key of communications"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    touched = fields.Datetime(readonly=True)

    _sql_constraints = [("key_unique", "UNIQUE (key)", "A client key is stored once.")]

    @api.model
    def _vtiger_touch(self, keys):
        """Lock the rows of ``keys`` (created when missing) until the end of
        the transaction, in one statement and one order: two transactions
        touching once each wait for each other, they cannot deadlock."""
        keys = {key if len(key) <= MAX_KEY_LENGTH else hashlib.sha256(key.encode()).hexdigest() for key in keys}
        if keys:
            self.env.execute_query(
                SQL(
                    "INSERT INTO crm_communication_client_key (key, touched)"
                    " SELECT k, now() AT TIME ZONE 'UTC' FROM unnest(%s::varchar[]) k ORDER BY k"
                    " ON CONFLICT (key) DO UPDATE SET touched = EXCLUDED.touched",
                    sorted(keys),
                )
            )

    @api.autovacuum
    def _gc_client_keys(self):
        """A key only matters while transactions classifying its client run."""
        self.env.execute_query(
            SQL("DELETE FROM crm_communication_client_key WHERE touched < now() AT TIME ZONE 'UTC' - interval '1 day'")
        )
