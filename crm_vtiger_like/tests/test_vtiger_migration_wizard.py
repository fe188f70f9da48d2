from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import VtigerCase
from .vtiger_export import migration_wizard, sample_export, vtiger_csv

WIZARD = "crm.vtiger.migration.wizard"


@tagged("post_install", "-at_install")
class TestVtigerMigrationWizard(VtigerCase):
    """The "Import from vtiger" wizard: files analysed, unknown columns
    mapped, date format guessed, a dry run that writes nothing, the import,
    for sales managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.files = sample_export(
            cls.env,
            account={"Регион": "Поволжье"},
            contacts=[{"contact_no": "CON90002", "firstname": "Пётр", "lastname": "", "email": "petr@import-test.ru"}],
            lead={"Favourite Colour": "green"},
        )

    def wizard(self, files=None, user=None):
        """A wizard of ``user`` (the sales manager) with ``files`` uploaded."""
        return migration_wizard(self.env, user or self.sales_manager, files or self.files)

    def analysed(self, files=None):
        wizard = self.wizard(files)
        action = wizard.action_analyse()
        self.assertEqual((action["res_model"], action["res_id"], action["target"]), (WIZARD, wizard.id, "new"))
        return wizard

    def map_column(self, wizard, header, field_name):
        column = wizard.column_ids.filtered(lambda line: line.header == header)
        column.field_id = wizard.field_ids.filtered(
            lambda field: field.model_name == column.model_name and field.name == field_name
        )
        column._onchange_field_id()
        self.assertEqual(column.target, "field")

    def test_analyse_recognises_the_files(self):
        wizard = self.analysed()
        self.assertEqual(wizard.state, "analysed")
        self.assertEqual(
            sorted(wizard.file_ids.mapped(lambda line: (line.filename, line.kind, line.lang, line.row_count))),
            [
                ("Accounts.csv", "accounts", "ru", 1),
                ("Contacts.csv", "contacts", "ru", 2),
                ("Leads.csv", "leads", "en", 1),
            ],
        )
        self.assertEqual(
            sorted(wizard.column_ids.mapped(lambda line: (line.filename, line.header, line.target, line.model_name))),
            [
                ("Accounts.csv", "Регион", "description", "res.partner"),
                ("Leads.csv", "Favourite Colour", "description", "crm.lead"),
            ],
        )
        self.assertEqual((wizard.date_format, wizard.date_ambiguous), ("dd-mm-yyyy", False))

    def test_date_format_guessed(self):
        def contacts(birthday):
            row = {"contact_no": "CON90003", "lastname": "Датова", "birthday": birthday}
            return {"Contacts.csv": vtiger_csv(self.env, "contacts", [row])}

        wizard = self.analysed(contacts("03-25-1990"))
        self.assertEqual((wizard.date_format, wizard.date_ambiguous), ("mm-dd-yyyy", False))
        wizard = self.analysed(contacts("1990-03-25"))
        self.assertEqual((wizard.date_format, wizard.date_ambiguous), ("yyyy-mm-dd", False))
        wizard = self.analysed(contacts("05-03-1990"))
        self.assertTrue(wizard.date_ambiguous)
        leads = vtiger_csv(self.env, "leads", [{"lead_no": "LEA90003", "lastname": "Датов"}])
        wizard = self.analysed({**contacts("03-25-1990"), "Leads.csv": leads})
        self.assertEqual((wizard.date_format, wizard.date_ambiguous), ("mm-dd-yyyy", False))
        files = {**contacts("03-25-1990"), "Contacts 2.csv": contacts("25-03-1990")["Contacts.csv"]}
        self.assertTrue(self.analysed(files).date_ambiguous)  # the files differ

    def test_not_a_vtiger_file(self):
        wizard = self.wizard({"notes.txt": b"\x89PNG\r\n"})
        with self.assertRaises(UserError):
            wizard.action_analyse()

    def test_field_choices(self):
        """Unknown columns go into stored, editable fields of the records' model, of a type the import reads."""
        wizard = self.analysed()
        choices = {
            model_name: wizard.field_ids.filtered_domain([("model_name", "=", model_name)])
            for model_name in ("crm.lead", "res.partner")
        }
        lead_fields = choices["crm.lead"].mapped("name")
        self.assertIn("referred", lead_fields)
        self.assertIn("source_id", lead_fields)  # found by name
        self.assertNotIn("activity_ids", lead_fields)  # one to many
        self.assertNotIn("phone_sanitized", lead_fields)  # computed
        self.assertNotIn("create_date", lead_fields)
        self.assertIn("comment", choices["res.partner"].mapped("name"))
        referred = choices["crm.lead"].filtered(lambda field: field.name == "referred")
        self.assertEqual(referred.display_name, "Referred By (referred)")
        self.assertEqual(choices["crm.lead"].name_search("Referred By"), [(referred.id, "Referred By (referred)")])
        domain = safe_eval(
            self.env["crm.vtiger.migration.wizard.column"]._fields["field_id"].domain,
            {"wizard_id": wizard.id, "model_name": "crm.lead"},
        )
        self.assertEqual(self.env["crm.vtiger.migration.wizard.field"].search(domain), choices["crm.lead"])

    def test_check_reports_and_writes_nothing(self):
        wizard = self.analysed()
        self.map_column(wizard, "Favourite Colour", "referred")
        action = wizard.action_check()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(
            wizard.count_ids.mapped(lambda line: (line.kind, line.created, line.updated, line.skipped)),
            [("accounts", 1, 0, 0), ("contacts", 1, 0, 1), ("leads", 1, 0, 0)],
        )
        self.assertEqual(wizard.problem_ids.mapped(lambda line: (line.filename, line.line)), [("Contacts.csv", 3)])
        self.assertEqual(wizard.unmapped_columns, "Accounts.csv: Регион")
        self.assertFalse(self.env["res.partner"].search([("name", "=", "ООО «Импорт Тест»")]))
        self.assertFalse(self.env["res.partner"].search([("email", "=", "anna@import-test.ru")]))
        self.assertFalse(self.env["crm.lead"].search([("lead_no", "=", "LEA90001")]))

    def test_import(self):
        wizard = self.analysed()
        with self.assertRaisesRegex(UserError, "Check the files before importing them"):
            wizard.action_import()
        self.map_column(wizard, "Favourite Colour", "referred")
        wizard.action_check()
        action = wizard.action_import()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(action["params"]["message"], "3 records created, 0 updated, 1 skipped.")
        self.assertEqual(action["params"]["next"]["res_id"], wizard.id)
        self.assertEqual(wizard.state, "done")
        account = self.env["res.partner"].search([("name", "=", "ООО «Импорт Тест»")])
        self.assertEqual(account.account_no, "ACC90001")
        self.assertIn("Регион: Поволжье", account.comment)
        self.assertEqual(account.child_ids.mapped("name"), ["Анна Импортова"])
        lead = self.env["crm.lead"].search([("lead_no", "=", "LEA90001")])
        self.assertEqual(lead.referred, "green")
        self.assertNotIn("Favourite Colour", lead.description or "")
        accounts = wizard.action_open_accounts()
        self.assertEqual(accounts["res_model"], "res.partner")
        self.assertIn(account, self.env["res.partner"].search(accounts["domain"]))

    def test_ignored_column(self):
        wizard = self.analysed()
        wizard.column_ids.filtered(lambda line: line.header == "Регион").target = "ignore"
        wizard.action_check()
        self.assertEqual(wizard.unmapped_columns, "Leads.csv: Favourite Colour")
        wizard.action_import()
        account = self.env["res.partner"].search([("name", "=", "ООО «Импорт Тест»")])
        self.assertNotIn("Поволжье", account.comment or "")

    def test_field_target_needs_a_field(self):
        wizard = self.analysed()
        wizard.column_ids.filtered(lambda line: line.header == "Регион").target = "field"
        with self.assertRaisesRegex(UserError, "Choose the field the column “Регион” of Accounts.csv is imported into"):
            wizard.action_check()

    def test_new_files_need_a_new_analysis(self):
        wizard = self.analysed()
        wizard.action_check()
        form_wizard = wizard.new(origin=wizard)
        form_wizard._onchange_attachment_ids()
        self.assertEqual(form_wizard.state, "upload")
        form_wizard = wizard.new({"state": "checked"}, origin=wizard)
        form_wizard._onchange_options()
        self.assertEqual(form_wizard.state, "analysed")

    def test_attachments_go_with_the_wizard(self):
        wizard = self.wizard()
        attachments = wizard.attachment_ids
        self.assertEqual(len(attachments), 3)
        wizard.unlink()
        self.assertFalse(attachments.exists())

    def test_menus_for_sales_managers(self):
        menus = [
            self.env.ref("crm_vtiger_like.menu_crm_vtiger_migration_wizard"),
            self.env.ref("crm_vtiger_like.menu_crm_vtiger_import_label"),
        ]
        for user, visible in ((self.sales_manager, True), (self.sales_user, False)):
            visible_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertEqual([menu.id in visible_ids for menu in menus], [visible, visible], user.login)

    def test_sales_rep_cannot_import(self):
        with self.assertRaises(AccessError):
            self.wizard(user=self.sales_user)
        with self.assertRaises(AccessError):
            self.env["crm.vtiger.import"].with_user(self.sales_user).analyse_files(
                [("Leads.csv", self.files["Leads.csv"])]
            )
