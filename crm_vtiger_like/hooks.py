def post_init_hook(env):
    """Make the addon usable right away: every company gets its numbering
    sequences, existing records get their numbers and phone index rows, and
    the Leads menu is on."""
    env["res.company"].search([])._crm_vtiger_ensure_sequences()
    env["crm.lead"]._vtiger_backfill_numbers()
    env["res.partner"]._vtiger_backfill_numbers()
    for model_name in ("res.partner", "crm.lead"):
        env["crm.vtiger.phone"]._vtiger_backfill(model_name)
    env["res.config.settings"].create({"group_use_lead": True}).execute()


def uninstall_hook(env):
    """Remove the numbering sequences of every company. Lead sources are
    shared with other apps and referenced by their records: keep them, only
    forget our xml ids."""
    env["ir.sequence"].search([("code", "=like", "crm_vtiger_like.%")]).unlink()
    env["ir.model.data"].search(
        [
            ("module", "=", "crm_vtiger_like"),
            ("model", "=", "utm.source"),
        ]
    ).unlink()
