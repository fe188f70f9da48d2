from odoo.tests import tagged

from .common import VtigerCase

SEQUENCE_CODES = [
    "crm_vtiger_like.lead",
    "crm_vtiger_like.deal",
    "crm_vtiger_like.account",
    "crm_vtiger_like.contact",
    "crm_vtiger_like.communication",
]


@tagged("post_install", "-at_install")
class TestInstall(VtigerCase):
    """What the install leaves behind: sequences, numbers, picklists, the Leads menu."""

    def test_lead_menu_enabled_for_internal_users(self):
        self.assertTrue(self.sales_user.has_group("crm.group_use_lead"))
        self.assertIn(self.env.ref("crm.group_use_lead"), self.env.ref("base.group_user").implied_ids)
        self.assertEqual(
            self.env["crm.lead"].with_user(self.sales_user).default_get(["type"])["type"],
            "lead",
            "new CRM records default to leads once the lead stage is on",
        )

    def test_every_company_has_its_sequences(self):
        companies = self.env["res.company"].search([])
        for company in companies:
            codes = self.env["ir.sequence"].search([("company_id", "=", company.id)]).mapped("code")
            for code in SEQUENCE_CODES:
                self.assertIn(code, codes, f"{company.name} lacks {code}")
        main = self.env.ref("crm_vtiger_like.seq_lead")
        self.assertEqual((main.prefix, main.company_id), ("LEA", self.env.ref("base.main_company")))

    def test_existing_records_numbered_on_install(self):
        """Records that existed before the addon (Odoo's own demo and base
        data) were numbered by the install's backfill."""
        Lead = self.env["crm.lead"].with_context(active_test=False)
        self.assertFalse(Lead.search_count([("type", "=", "lead"), ("lead_no", "=", False)]))
        self.assertFalse(Lead.search_count([("type", "=", "opportunity"), ("deal_no", "=", False)]))
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertFalse(Partner.search_count([("is_company", "=", True), ("account_no", "=", False)]))
        self.assertFalse(
            Partner.search_count(
                [
                    ("is_company", "=", False),
                    ("type", "=", "contact"),
                    ("contact_no", "=", False),
                ]
            )
        )
        self.assertTrue(self.env.ref("base.main_partner").account_no.startswith("ACC"))
        # ... and their names were split into parts
        admin = self.env.ref("base.partner_admin")
        self.assertEqual((admin.first_name, admin.last_name), tuple(admin.name.split(" ", 1)))
        crm_lead = self.env.ref("crm.crm_case_1")
        self.assertEqual(crm_lead.last_name, crm_lead.contact_name.split()[-1])
        self.assertTrue(self.env.ref("base.partner_admin").contact_no.startswith("CON"))

    def test_picklists_seeded(self):
        self.assertEqual(self.env["crm.lead.status"].search_count([]), 11)
        self.assertEqual(self.env["crm.vtiger.rating"].search_count([]), 5)
        self.assertEqual(self.env["crm.account.type"].search_count([]), 10)
        self.assertEqual(self.env["crm.communication.purpose"].search_count([]), 6)
        self.assertEqual(self.env.ref("crm_vtiger_like.lead_status_hot").name, "Hot")

    def test_sources_added_once(self):
        Source = self.env["utm.source"]
        for xmlid in ("utm_source_venyoo", "utm_source_2gis", "utm_source_instagram", "utm_source_web_site"):
            self.assertTrue(self.env.ref(f"crm_vtiger_like.{xmlid}", raise_if_not_found=False), xmlid)
        count = Source.search_count([])
        # running the seeding again (as an upgrade does) binds, never duplicates
        Source._crm_vtiger_ensure_sources([("utm_source_venyoo", "Venyoo")])
        self.assertEqual(Source.search_count([]), count)

    def test_existing_source_reused(self):
        """A source the company already had under that name is bound, not duplicated."""
        own = self.env["utm.source"].create({"name": "Авито"})
        self.env["utm.source"]._crm_vtiger_ensure_sources([("utm_source_avito_test", "авито")])
        self.assertEqual(self.env.ref("crm_vtiger_like.utm_source_avito_test"), own)
        self.assertEqual(self.env["utm.source"].search_count([("name", "=ilike", "авито")]), 1)
