from odoo.tests import tagged
from odoo.tools import convert_file

from .common import VtigerCase

PICKLIST_DATA = {
    "crm.lead.status": "data/crm_lead_status_data.xml",
    "crm.vtiger.rating": "data/crm_vtiger_rating_data.xml",
    "crm.account.type": "data/crm_account_type_data.xml",
    "crm.communication.purpose": "data/crm_communication_purpose_data.xml",
}


@tagged("post_install", "-at_install")
class TestPicklists(VtigerCase):
    """vtiger's picklists: seeded once, kept through upgrades, editable."""

    def test_upgrade_reloads_without_duplicates_or_overwrite(self):
        hot = self.env.ref("crm_vtiger_like.lead_status_hot")
        hot.name = "Очень горячий"
        counts = {model: self.env[model].with_context(active_test=False).search_count([]) for model in PICKLIST_DATA}
        for path in PICKLIST_DATA.values():
            convert_file(self.env, "crm_vtiger_like", path, {}, mode="update", noupdate=True)
        for model, count in counts.items():
            self.assertEqual(self.env[model].with_context(active_test=False).search_count([]), count, model)
        self.assertEqual(hot.name, "Очень горячий", "an admin's change survives the upgrade")

    def test_values_translated(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["crm_vtiger_like"], ["ru_RU"])
        status = self.env.ref("crm_vtiger_like.lead_status_junk_lead").with_context(lang="ru_RU")
        self.assertEqual(status.name, "Мусорное обращение")

    def test_kanban_shows_every_status(self):
        groups = (
            self.env["crm.lead"]
            .with_user(self.sales_user)
            .read_group([("id", "=", 0)], ["lead_status_id"], ["lead_status_id"])
        )
        self.assertEqual(len(groups), self.env["crm.lead.status"].search_count([]))

    def test_archived_value_not_offered(self):
        cold = self.env.ref("crm_vtiger_like.lead_status_cold")
        cold.active = False
        self.assertNotIn(cold, self.env["crm.lead.status"].search([]))
        lead = self.env["crm.lead"].create({"name": "X", "last_name": "Y", "lead_status_id": cold.id})
        self.assertEqual(lead.lead_status_id, cold, "records keep an archived value")
