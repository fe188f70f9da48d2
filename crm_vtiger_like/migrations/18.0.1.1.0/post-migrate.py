from odoo import SUPERUSER_ID, api

from odoo.addons.crm_vtiger_like.hooks import backfill_existing_records


def migrate(cr, version):
    """1.1.0 brings the phone index and fills the name parts of records that
    predate them."""
    backfill_existing_records(api.Environment(cr, SUPERUSER_ID, {}))
