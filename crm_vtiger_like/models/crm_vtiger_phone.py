import functools
import re

import phonenumbers

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools import keyset_batches

DEFAULT_REGION = "RU"
INDEXED_MODELS = [("res.partner", "Contact"), ("crm.lead", "Lead")]


# a Russian / Kazakh number in the usual ways: +7, 7 or 8, then 10 digits
RU_NUMBER = re.compile(r"^\s*(?:\+\s*7|7|8)?[\s\-()]*(\d{3})[\s\-()]*(\d{3})[\s\-]*(\d{2})[\s\-]*(\d{2})\s*$")
ZONE_7 = ("RU", "KZ")


@functools.lru_cache(maxsize=65536)
def normalize_phone(raw, regions):
    """E.164 form of ``raw``, trying each region in turn and keeping the
    first that gives a valid number; None when no region does."""
    if regions[0] in ZONE_7 and (match := RU_NUMBER.match(raw)):
        # what phonenumbers.parse() gives for these shapes, without its cost
        national = "".join(match.groups())
        if phonenumbers.is_valid_number(phonenumbers.PhoneNumber(country_code=7, national_number=int(national))):
            return f"+7{national}"
    for region in regions:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


@functools.lru_cache(maxsize=65536)
def format_phone(raw, regions, home_code):
    """``raw`` in the international format Odoo's phone validation gives
    (e.g. "+7 912 345-67-89") when it is a valid number of the calling code
    ``home_code``; None otherwise (foreign numbers, values that are not numbers)."""
    number = normalize_phone(raw, regions)
    if not number:
        return None
    parsed = phonenumbers.parse(number)
    if parsed.country_code != home_code:
        return None
    # what phone_validation.phone_format(number, force_format="INTERNATIONAL") gives a valid E.164 number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


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

    res_model = fields.Selection(INDEXED_MODELS, "Model", required=True)
    res_id = fields.Many2oneReference("Record", model_field="res_model", required=True)
    field = fields.Char(required=True)
    raw = fields.Char("As Typed")
    number = fields.Char("E.164 Number")
    origin = fields.Selection([("own", "Own"), ("merged", "Merged")], default="own", required=True)
    segment = fields.Char(help="Records are duplicates only within a segment (companies, persons).")
    active = fields.Boolean(default=True)

    def init(self):
        # covering: a lookup and the duplicate scan are index-only scans
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_vtiger_phone_number_cover_idx"
            " ON crm_vtiger_phone (number, res_model, segment) INCLUDE (res_id, field)"
            " WHERE number IS NOT NULL AND active"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_vtiger_phone_record_idx ON crm_vtiger_phone (res_model, res_id)"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_vtiger_phone_unrecognized_idx ON crm_vtiger_phone (res_model, res_id)"
            " WHERE number IS NULL"
        )

    @api.model
    def _vtiger_normalize(self, raw, regions=None):
        if not raw or not raw.strip():
            return None
        regions = regions or tuple(dict.fromkeys(filter(None, (self.env.company.country_id.code, DEFAULT_REGION))))
        return normalize_phone(raw.strip(), regions)

    @api.model
    def _vtiger_sync(self, records):
        """Rebuild the own rows of ``records`` from their current values."""
        if records:
            records.flush_recordset([*records._vtiger_phone_fields, *records._vtiger_phone_depends, "active"])
            self._vtiger_index(records._name, records.ids)
            self.invalidate_model()

    @api.model
    def _vtiger_index(self, model_name, ids):
        """Replace the own rows of the records ``ids`` of ``model_name``: one
        query reads them (only the columns needed, with their company's
        country), one replaces their rows."""
        Model = self.env[model_name]
        fnames = Model._vtiger_phone_fields
        countries = self._vtiger_country_codes()
        default_country = self.env.company.country_id.code
        rows = []
        for record_id, *values, country_id, company_country_id, active, segment in self.env.execute_query(
            SQL(
                "SELECT rec.id, %s, rec.country_id,"
                " (SELECT p.country_id FROM res_company c JOIN res_partner p ON p.id = c.partner_id"
                " WHERE c.id = rec.company_id), rec.active, %s FROM %s rec WHERE rec.id = ANY(%s)",
                SQL(", ").join(SQL("rec.%s", SQL.identifier(fname)) for fname in fnames),
                Model._vtiger_phone_segment_sql(),
                SQL.identifier(Model._table),
                list(ids),
            )
        ):
            regions = None
            for fname, raw in zip(fnames, values, strict=True):
                if raw and raw.strip():
                    company_country = countries.get(company_country_id) or default_country
                    regions = regions or tuple(
                        dict.fromkeys(filter(None, (countries.get(country_id), company_country, DEFAULT_REGION)))
                    )
                    rows.append((record_id, fname, raw, normalize_phone(raw.strip(), regions), active, segment))
        delete = SQL(
            "DELETE FROM crm_vtiger_phone WHERE res_model = %s AND res_id = ANY(%s) AND origin = 'own'",
            model_name,
            list(ids),
        )
        if not rows:
            self.env.execute_query(delete)
            return
        columns = [list(column) for column in zip(*rows, strict=True)]
        self.env.execute_query(
            SQL(
                "WITH deleted AS (%s)"
                " INSERT INTO crm_vtiger_phone (res_model, res_id, field, raw, number, origin, active, segment)"
                " SELECT %s, r.res_id, r.field, r.raw, r.number, 'own', r.active, r.segment"
                " FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::varchar[], %s::bool[], %s::varchar[])"
                " AS r(res_id, field, raw, number, active, segment)",
                delete,
                model_name,
                *columns,
            )
        )

    @tools.ormcache()
    def _vtiger_country_codes(self):
        return dict(self.env.execute_query(SQL("SELECT id, code FROM res_country")))

    @api.model
    def _vtiger_set_active(self, records, active):
        if not records:
            return
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
        if not ids:
            return
        self.env.execute_query(
            SQL("DELETE FROM crm_vtiger_phone WHERE res_model = %s AND res_id = ANY(%s)", model_name, list(ids))
        )
        self.invalidate_model()

    @api.model
    def _vtiger_backfill(self, model_name, batch_size=50000):
        """Index every existing record of ``model_name`` (install, upgrade), in batches."""
        Model = self.env[model_name]
        Model.flush_model()
        for rows in keyset_batches(self.env, Model._table, batch_size=batch_size):
            self._vtiger_index(model_name, [row[0] for row in rows])
        self.invalidate_model()

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

    @api.model
    def _vtiger_duplicate_groups(self, model_name=None, excluded_fields=()):
        """SQL of every group of active records of one model (and segment)
        sharing a number: (model, number, record ids). Numbers held twice are
        found first on the number index alone, then only those are grouped."""
        model_clause = SQL(" AND res_model = %s", model_name) if model_name else SQL()
        return SQL(
            "WITH candidates AS MATERIALIZED (SELECT number FROM crm_vtiger_phone"
            " WHERE active AND number IS NOT NULL%(model)s GROUP BY number HAVING count(*) > 1)"
            " SELECT res_model, number, array_agg(DISTINCT res_id) FROM crm_vtiger_phone"
            " WHERE number IN (SELECT number FROM candidates) AND active AND field != ALL(%(excluded)s)%(model)s"
            " GROUP BY res_model, number, segment HAVING count(DISTINCT res_id) > 1",
            model=model_clause,
            excluded=list(excluded_fields),
        )
