from odoo.tools import SQL
from odoo.tools.sql import drop_index

from .models.crm_lead import EMAIL_BTREE_INDEX
from .models.crm_vtiger_merge_score import NAME_KEYS_FUNCTION

# above this many rows rewritten by the install, the table's indexes are
# rebuilt: a bulk UPDATE leaves them twice their size (trigram ones suffer most)
REINDEX_THRESHOLD = 100000


def post_init_hook(env):
    """Make the addon usable right away: every company gets its numbering
    sequences, existing records get their numbers, name parts and phone
    index rows, and the Leads menu is on."""
    env["res.company"].search([])._crm_vtiger_ensure_sequences()
    backfill_existing_records(env)
    env["res.config.settings"].create({"group_use_lead": True}).execute()


def backfill_existing_records(env):
    """Numbers, name parts and phone index of the records created without
    the addon (install, and upgrades from a version that lacked one)."""
    for model_name in ("crm.lead", "res.partner"):
        Model = env[model_name]
        rewritten = Model._vtiger_backfill_numbers() + Model._vtiger_backfill_names()
        env["crm.vtiger.phone"]._vtiger_backfill(model_name)
        if rewritten > REINDEX_THRESHOLD:
            env.cr.execute(SQL("REINDEX TABLE %s", SQL.identifier(Model._table)))


def uninstall_hook(env):
    """Remove the numbering sequences of every company and the indexes added
    on Odoo's tables. Lead sources are shared with other apps and
    referenced by their records: keep them, only forget our xml ids. Odoo's
    partner merge and crm's lead merge and mass conversion go back to the
    Actions menus of their lists, crm's Leads menu comes back."""
    env["ir.sequence"].search([("code", "=like", "crm_vtiger_like.%")]).unlink()
    drop_foreign_keys_to_addon_tables(env)
    drop_index(env.cr, EMAIL_BTREE_INDEX, "crm_lead")
    # the name skeleton function of the duplicate scoring, with the indexes on Odoo's tables built on it
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s(text) CASCADE", SQL.identifier(NAME_KEYS_FUNCTION)))
    env.ref("base.action_partner_merge").write(
        {"binding_model_id": env.ref("base.model_res_partner").id, "binding_view_types": "list"}
    )
    lead_model_id = env.ref("crm.model_crm_lead").id
    for xmlid in ("crm.action_merge_opportunities", "crm.action_crm_send_mass_convert"):
        env.ref(xmlid).write({"binding_model_id": lead_model_id, "binding_view_types": "list"})
    env.ref("crm.crm_menu_leads").active = True  # our Leads menu stood in for it
    env["ir.model.data"].search(
        [
            ("module", "=", "crm_vtiger_like"),
            ("model", "=", "utm.source"),
        ]
    ).unlink()


def drop_foreign_keys_to_addon_tables(env):
    """Odoo deletes the addon's records (the picklist values) before it drops
    the columns and tables that reference them, whose foreign keys refuse it
    ("restrict" for picklists, on leads and partners of every size) and log
    an error per batch. The foreign keys pointing at the tables of the
    models the addon creates (not those it extends) go first: their columns
    and tables go with the addon."""
    tables = [
        Model._table
        for Model in env.registry.values()
        if Model._original_module == "crm_vtiger_like" and not Model._abstract
    ]
    for table, constraint in env.execute_query(
        SQL(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint"
            " WHERE contype = 'f' AND confrelid = ANY(SELECT oid FROM pg_class WHERE relname = ANY(%s))",
            tables,
        )
    ):
        env.cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(table), SQL.identifier(constraint)))
