from odoo.tools import SQL

NUMBER_INDEXES = {
    "crm_lead": ("lead_no", "deal_no"),
    "res_partner": ("account_no", "contact_no"),
    "crm_communication": ("communication_no",),
}


def migrate(cr, version):
    """1.5.0 replaces the phone index's number index by a covering one (made
    by the model's ``init``) and drops the index of ``res_model`` alone, which
    no query used and every insert paid for. The vtiger numbers are indexed
    by their new unique-per-company constraints: their plain indexes go.
    The leads' number order indexes are made again, nulls last."""
    cr.execute("DROP INDEX IF EXISTS crm_vtiger_phone_number_idx")
    cr.execute("DROP INDEX IF EXISTS crm_vtiger_phone__res_model_index")
    # the lists' order by number: now nulls last when newest first (new names)
    cr.execute("DROP INDEX IF EXISTS crm_lead_lead_no_order_idx")
    cr.execute("DROP INDEX IF EXISTS crm_lead_deal_no_order_idx")
    for table, columns in NUMBER_INDEXES.items():
        for column in columns:
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"{table}__{column}_index")))
