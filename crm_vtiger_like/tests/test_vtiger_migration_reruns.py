from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .vtiger_migration_common import ACCOUNT_ROW, CONTACT_ROW, DEAL_ROW, VtigerMigrationCase


@tagged("post_install", "-at_install")
class TestVtigerMigrationReruns(VtigerMigrationCase):
    """Importing again over what an earlier import (or the sales team) made:
    nothing duplicated, nothing the records gained since lost."""

    def test_archived_record_updated_not_duplicated(self):
        lost = {**DEAL_ROW, "sales_stage": "Closed Lost", "amount": "100"}
        self.import_files(self.vtiger_file("accounts.csv", "accounts"), self.vtiger_file("deals.csv", "deals", lost))
        deal = self.Lead.search([("deal_no", "=", "POT9005")])
        self.assertFalse(deal.active)
        result = self.import_files(self.vtiger_file("deals.csv", "deals", {**lost, "amount": "250"}))
        self.assertEqual(self.counts(result, "deals"), {"created": 0, "updated": 1, "skipped": 0})
        self.assertEqual(self.Lead.search([("deal_no", "=", "POT9005")]), deal)
        self.assertEqual(deal.expected_revenue, 250)

    def test_contact_keeps_its_own_address_on_a_rerun(self):
        account = {**ACCOUNT_ROW, "bill_street": "ул. Ленина, 1", "bill_city": "Москва"}
        contact = {**CONTACT_ROW, "mailingstreet": "ул. Баумана, 5", "mailingcity": "Казань"}
        files = [self.vtiger_file("accounts.csv", "accounts", account), self.vtiger_file("c.csv", "contacts", contact)]
        self.import_files(*files)
        person = self.contact("Иван Петров")
        self.assertEqual((person.street, person.city), ("ул. Баумана, 5", "Казань"))
        self.import_files(*files)
        self.assertEqual((person.street, person.city), ("ул. Баумана, 5", "Казань"))
        self.assertEqual(self.account("ООО «Ромашка»").city, "Москва")

    def test_description_typed_in_odoo_kept_and_notes_added_once(self):
        row = {**ACCOUNT_ROW, "assigned_user_id": "Уволенный Сотрудник"}
        self.import_files(self.vtiger_file("accounts.csv", "accounts", row))
        account = self.account("ООО «Ромашка»")
        account.comment = "<p>Звонить после обеда</p>"
        self.import_files(self.vtiger_file("accounts.csv", "accounts", row))
        self.import_files(self.vtiger_file("accounts.csv", "accounts", row))
        self.assertEqual(account.comment, "<p>Звонить после обеда</p><p>Assigned To: Уволенный Сотрудник</p>")

    def test_rerun_of_unchanged_files_writes_nothing(self):
        files = [self.vtiger_file("accounts.csv", "accounts"), self.vtiger_file("contacts.csv", "contacts")]
        self.import_files(*files)
        account = self.account("ООО «Ромашка»")
        self.env.flush_all()
        written = account.write_date, self.contact("Иван Петров").write_date
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date - interval '1 day' WHERE id IN %s",
            [tuple(account.ids + self.contact("Иван Петров").ids)],
        )
        self.env.invalidate_all()
        before = account.write_date, self.contact("Иван Петров").write_date
        self.assertNotEqual(before, written)
        result = self.import_files(*files)
        self.assertEqual(result["res.partner"], {"created": 0, "updated": 2, "skipped": 0})
        self.env.invalidate_all()
        self.assertEqual((account.write_date, self.contact("Иван Петров").write_date), before, "nothing written")

    def test_contacts_of_a_skipped_duplicate_account_join_the_existing_one(self):
        existing = self.Partner.create({"name": "Ромашка (старая запись)", "is_company": True, "vat": "7707083893"})
        account = {**ACCOUNT_ROW, "INN": "7707083893"}
        result = self.import_files(
            self.vtiger_file("accounts.csv", "accounts", account), self.vtiger_file("contacts.csv", "contacts")
        )
        self.assertEqual(self.counts(result, "accounts"), {"created": 0, "updated": 0, "skipped": 1})
        self.assertEqual(self.contact("Иван Петров").parent_id, existing)
        self.assertEqual(self.problem_lines(result), [("accounts.csv", 2)], "only the skipped duplicate")

    def test_member_of_cycle_through_a_stored_link(self):
        holding = {"account_no": "ACC9021", "accountname": "АО «Холдинг»", "account_id": ""}
        daughter = {"account_no": "ACC9022", "accountname": "ООО «Дочка»", "account_id": "Accounts::::АО «Холдинг»"}
        self.import_files(self.vtiger_file("accounts.csv", "accounts", holding, daughter))
        # in vtiger, meanwhile, the holding was made a member of its daughter
        holding["account_id"] = "Accounts::::ООО «Дочка»"
        daughter["account_id"] = ""
        files = [self.vtiger_file("accounts.csv", "accounts", holding, daughter)]
        expected = [("accounts.csv", 2, "“ООО «Дочка»”: the link would make a cycle, not linked")]
        self.assertEqual(self.import_files(*files, dry_run=True)["problems"], expected)
        self.assertEqual(self.import_files(*files)["problems"], expected)
        self.assertFalse(self.account("АО «Холдинг»").member_of_id)
        self.assertEqual(self.account("ООО «Дочка»").member_of_id, self.account("АО «Холдинг»"))

    def test_deal_organization_other_than_the_contacts_account_kept(self):
        other = {"account_no": "ACC9031", "accountname": "ООО «Посредник»"}
        deal = {**DEAL_ROW, "related_to": "Accounts::::ООО «Посредник»", "contact_id": "Contacts::::Иван Петров"}
        result = self.import_files(
            self.vtiger_file("accounts.csv", "accounts", ACCOUNT_ROW, other),
            self.vtiger_file("contacts.csv", "contacts"),
            self.vtiger_file("deals.csv", "deals", deal),
        )
        lead = self.Lead.search([("deal_no", "=", "POT9005")])
        self.assertEqual(lead.partner_id, self.contact("Иван Петров"))
        self.assertIn("Related To: ООО «Посредник»", lead.description)
        self.assertEqual(
            result["problems"],
            [
                (
                    "deals.csv",
                    2,
                    "Related To: not the account of the contact Иван Петров; kept in the description",
                )
            ],
        )

    def test_semicolon_separated_file_and_long_description(self):
        description = "Длинная история клиента. " * 6000  # 150,000 characters, above csv's default limit
        content = (
            f'"Account Name";"Account No";"Description"\n"ООО «Точка с запятой»";"ACC9041";"{description}"\n'
        ).encode()
        result = self.import_files(("accounts.csv", content))
        self.assertEqual(result["problems"], [])
        account = self.account("ООО «Точка с запятой»")
        self.assertEqual(account.account_no, "ACC9041")
        self.assertIn("Длинная история клиента.", account.comment)
        self.assertGreater(len(account.comment), 150000)

    def test_unknown_owner_reported_once_with_its_rows(self):
        rows = [
            {**ACCOUNT_ROW, "account_no": f"ACC905{i}", "accountname": f"ООО «Бывший {i}»", "assigned_user_id": "Ушёл"}
            for i in range(3)
        ]
        result = self.import_files(self.vtiger_file("accounts.csv", "accounts", *rows))
        self.assertEqual(
            result["problems"],
            [
                (
                    "accounts.csv",
                    2,
                    (
                        "Assigned To: “Ушёл” is not a user: the 3 records (lines 2, 3, 4) are assigned to you, "
                        "the owner noted in their description"
                    ),
                )
            ],
        )
        self.assertEqual(self.account("ООО «Бывший 2»").user_id, self.sales_manager)

    def test_label_needs_a_field_that_can_hold_its_values(self):
        Label = self.env["crm.vtiger.import.label"]
        with self.assertRaisesRegex(ValidationError, "cannot be imported into the field “city”"):
            Label.create({"module": "accounts", "label": "Region", "field_name": "city", "value_type": "picklist"})
        with self.assertRaisesRegex(ValidationError, "has no field “region”"):
            Label.create({"module": "accounts", "label": "Region", "field_name": "region", "value_type": "char"})
        label = Label.create({"module": "accounts", "label": "Region", "field_name": "city", "value_type": "char"})
        result = self.import_files(("a.csv", b'"Account Name","Account No","Region"\n"OOO Region","ACC9061","Kazan"\n'))
        self.assertEqual(result["unmapped"], [])
        self.assertEqual(self.account("OOO Region").city, "Kazan")
        label.unlink()

    def test_shipping_address_same_as_billing_is_not_a_second_address(self):
        same = {**ACCOUNT_ROW, "bill_city": "Москва", "ship_city": "Москва", "bill_street": "ул. Ленина, 1"}
        other = {
            **ACCOUNT_ROW,
            "account_no": "ACC9071",
            "accountname": "ООО «Склад»",
            "bill_city": "Москва",
            "ship_city": "Тверь",
        }
        self.import_files(self.vtiger_file("accounts.csv", "accounts", same, other))
        self.assertFalse(self.account("ООО «Ромашка»").child_ids)
        self.assertEqual(
            self.account("ООО «Склад»").child_ids.mapped(lambda a: (a.type, a.city)), [("delivery", "Тверь")]
        )
