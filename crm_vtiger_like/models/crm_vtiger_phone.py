import functools

import phonenumbers

from odoo import api, fields, models
from odoo.tools import SQL

DEFAULT_REGION = "RU"
INDEXED_MODELS = [("res.partner", "Contact"), ("crm.lead", "Lead")]


@functools.lru_cache(maxsize=65536)
def normalize_phone(raw, regions):
    """E.164 form of ``raw``, trying each region in turn and keeping the
    first that gives a valid number; None when no region does."""
    for region in regions:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


class CrmVtigerPhone(models.Model):
    """Every phone-like value of leads and partners, normalized to E.164 and
    indexed: "who else has this number" is one index lookup.

    A row per (record, field) holding a value: ``number`` is empty when the
    value could not be read as a phone number (kept in ``raw``). Rows with
    ``origin = 'merged'`` are numbers of records merged into this one.
    Written in SQL batches by the records' own create / write / unlink.
    """

    _name = "crm.vtiger.phone"
    _description = "Phone number index"
    _log_access = False
    _order = "id"

    res_model = fields.Selection(INDEXED_MODELS, "Model", required=True, index=True)
    res_id = fields.Many2oneReference("Record", model_field="res_model", required=True)
    field = fields.Char(required=True)
    raw = fields.Char("As Typed")
    number = fields.Char("E.164 Number")
    origin = fields.Selection([("own", "Own"), ("merged", "Merged")], default="own", required=True)
    segment = fields.Char(help="Records are duplicates only within a segment (companies, persons).")
    active = fields.Boolean(default=True)

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_vtiger_phone_number_idx ON crm_vtiger_phone (number, res_model, segment)"
            " WHERE number IS NOT NULL AND active"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_vtiger_phone_record_idx ON crm_vtiger_phone (res_model, res_id)"
        )

    @api.model
    def _vtiger_regions(self, record):
        """Regions to read ``record``'s numbers in: its country, its
        company's, then Russia."""
        regions = [record.country_id.code, (record.company_id or self.env.company).country_id.code, DEFAULT_REGION]
        return tuple(dict.fromkeys(region for region in regions if region))

    @api.model
    def _vtiger_normalize(self, raw, regions=None):
        if not raw or not raw.strip():
            return None
        regions = regions or tuple(dict.fromkeys(filter(None, (self.env.company.country_id.code, DEFAULT_REGION))))
        return normalize_phone(raw.strip(), regions)

    @api.model
    def _vtiger_sync(self, records):
        """Rebuild the own rows of ``records`` from their current values: one
        DELETE and one INSERT for the whole batch."""
        if not records:
            return
        fnames = records._vtiger_phone_fields
        records.flush_recordset([*fnames, *records._vtiger_phone_depends, "active"])
        rows = []
        for record in records:
            regions = None
            for fname in fnames:
                raw = record[fname]
                if raw and raw.strip():
                    regions = regions or self._vtiger_regions(record)
                    number = normalize_phone(raw.strip(), regions)
                    rows.append((record.id, fname, raw, number, record.active, record._vtiger_phone_segment()))
        self.env.execute_query(
            SQL(
                "DELETE FROM crm_vtiger_phone WHERE res_model = %s AND res_id = ANY(%s) AND origin = 'own'",
                records._name,
                records.ids,
            )
        )
        if rows:
            columns = [list(column) for column in zip(*rows, strict=True)]
            self.env.execute_query(
                SQL(
                    "INSERT INTO crm_vtiger_phone (res_model, res_id, field, raw, number, origin, active, segment)"
                    " SELECT %s, r.res_id, r.field, r.raw, r.number, 'own', r.active, r.segment"
                    " FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::varchar[], %s::bool[], %s::varchar[])"
                    " AS r(res_id, field, raw, number, active, segment)",
                    records._name,
                    *columns,
                )
            )
        self.invalidate_model()

    @api.model
    def _vtiger_set_active(self, records, active):
        self.env.execute_query(
            SQL(
                "UPDATE crm_vtiger_phone SET active = %s WHERE res_model = %s AND res_id = ANY(%s)",
                active,
                records._name,
                records.ids,
            )
        )
        self.invalidate_model(["active"])

    @api.model
    def _vtiger_forget(self, model_name, ids):
        self.env.execute_query(
            SQL("DELETE FROM crm_vtiger_phone WHERE res_model = %s AND res_id = ANY(%s)", model_name, list(ids))
        )
        self.invalidate_model()

    @api.model
    def _vtiger_backfill(self, model_name, batch_size=20000):
        """Index every existing record of ``model_name`` (install), in batches."""
        Model = self.env[model_name].with_context(active_test=False)
        last_id = 0
        while True:
            ids = [
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT id FROM %s WHERE id > %s ORDER BY id LIMIT %s",
                        SQL.identifier(Model._table),
                        last_id,
                        batch_size,
                    )
                )
            ]
            if not ids:
                break
            records = Model.browse(ids)
            self._vtiger_sync(records)
            records.invalidate_recordset()
            last_id = ids[-1]

    @api.model
    def _vtiger_lookup(self, raw, model_name=None):
        """Records of every indexed model holding the number ``raw`` (typed
        in any format), as {model: ids}; one index lookup."""
        number = self._vtiger_normalize(raw)
        if not number:
            return {}
        models_clause = SQL(" AND res_model = %s", model_name) if model_name else SQL()
        found = {}
        for model, res_id in self.env.execute_query(
            SQL(
                "SELECT res_model, res_id FROM crm_vtiger_phone WHERE number = %s AND active%s",
                number,
                models_clause,
            )
        ):
            found.setdefault(model, set()).add(res_id)
        return found
