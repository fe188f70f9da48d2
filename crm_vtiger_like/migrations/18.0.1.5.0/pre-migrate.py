def migrate(cr, version):
    """1.5.0 replaces the phone index's number index by a covering one (made
    by the model's ``init``) and drops the index of ``res_model`` alone, which
    no query used and every insert paid for."""
    cr.execute("DROP INDEX IF EXISTS crm_vtiger_phone_number_idx")
    cr.execute("DROP INDEX IF EXISTS crm_vtiger_phone__res_model_index")
