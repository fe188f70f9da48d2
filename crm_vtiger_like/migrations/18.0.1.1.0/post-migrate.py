from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """1.1.0 brings the phone index: fill it for the records already there."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model_name in ("res.partner", "crm.lead"):
        env["crm.vtiger.phone"]._vtiger_backfill(model_name)
