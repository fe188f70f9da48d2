from unittest.mock import patch

from odoo.tests import tagged

from .vtiger_migration_common import ACCOUNT_ROW, CONTACT_ROW, DEAL_ROW, VtigerMigrationCase


@tagged("post_install", "-at_install")
class TestVtigerMigrationReferences(VtigerMigrationCase):
    """References between vtiger files ("Accounts::::ООО «Ромашка»"),
    resolved whatever the order of the files and of the rows."""

    def check_batch_references(self, order):
        files = {
            "accounts": self.vtiger_file("accounts.csv", "accounts"),
            "contacts": self.vtiger_file("contacts.csv", "contacts"),
            "deals": self.vtiger_file("deals.csv", "deals"),
        }
        result = self.import_files(*(files[kind] for kind in order))
        self.assertEqual(result["problems"], [])
        self.assertEqual(
            result["res.partner"], {"created": 2, "updated": 0, "skipped": 0}, "an account and its contact"
        )
        self.assertEqual(result["crm.lead"], {"created": 1, "updated": 0, "skipped": 0})
        account = self.account("ООО «Ромашка»")
        self.assertEqual(account.account_no, "ACC9007")
        self.assertEqual(self.contact("Иван Петров").parent_id, account)
        self.assertEqual(self.Lead.search([("deal_no", "=", "POT9005")]).partner_id, account)

    def test_accounts_of_the_batch_files_in_order(self):
        self.check_batch_references(["accounts", "contacts", "deals"])

    def test_accounts_of_the_batch_files_in_reverse_order(self):
        self.check_batch_references(["deals", "contacts", "accounts"])

    def test_existing_account_by_exact_name(self):
        existing = self.Partner.create({"name": "ООО «Ромашка»", "is_company": True})
        self.Partner.create({"name": "ООО «Ромашка» Плюс", "is_company": True})
        result = self.import_files(self.vtiger_file("deals.csv", "deals"), self.vtiger_file("contacts.csv", "contacts"))
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.contact("Иван Петров").parent_id, existing)
        self.assertEqual(self.Lead.search([("deal_no", "=", "POT9005")]).partner_id, existing)
        self.assertEqual(len(self.account("ООО «Ромашка»")), 1, "no second account")

    def test_member_of_row_before_its_group(self):
        rows = [
            {**ACCOUNT_ROW, "accountname": "ООО «Дочка»", "account_id": "Accounts::::АО «Холдинг»"},
            {
                "account_no": "ACC9008",
                "accountname": "АО «Холдинг»",
                "phone": "+7 495 200-00-01",
                "email1": "info@holding.ru",
            },
        ]
        result = self.import_files(self.vtiger_file("accounts.csv", "accounts", *rows))
        self.assertEqual(result["problems"], [])
        holding = self.account("АО «Холдинг»")
        member = self.account("ООО «Дочка»")
        self.assertEqual(member.member_of_id, holding)
        self.assertFalse(member.parent_id, "member of a group, not a contact of it")

    def test_member_of_cycle_left_out_and_reported(self):
        """Two accounts each a member of the other: the second link would
        close the cycle, so it is left out (and reported) in the dry run and
        in the import, which completes."""
        rows = [
            {"account_no": "ACC9011", "accountname": "ООО «Курица»", "account_id": "Accounts::::ООО «Яйцо»"},
            {"account_no": "ACC9012", "accountname": "ООО «Яйцо»", "account_id": "Accounts::::ООО «Курица»"},
        ]
        files = [self.vtiger_file("accounts.csv", "accounts", *rows)]
        expected = [("accounts.csv", 3, "“ООО «Курица»”: the link would make a cycle, not linked")]  # the 2nd row
        self.assertEqual(self.import_files(*files, dry_run=True)["problems"], expected)
        self.assertEqual(self.import_files(*files)["problems"], expected)
        self.assertEqual(self.account("ООО «Курица»").member_of_id, self.account("ООО «Яйцо»"))
        self.assertFalse(self.account("ООО «Яйцо»").member_of_id)

    def test_member_of_an_earlier_batch_given_at_creation(self):
        """Batches of two rows: a link to an account of an earlier batch is
        part of the new account's INSERT (no write after the rows), a link
        to a later row is written after them, and a cycle closed by a late
        link through a link given at creation is still left out and reported."""
        names = ["ООО «Альфа»", "ООО «Бета»", "ООО «Гамма»", "ООО «Дельта»", "ООО «Эпсилон»"]
        rows = [{"account_no": f"ACC{9021 + i}", "accountname": name} for i, name in enumerate(names)]
        rows[0]["account_id"] = f"Accounts::::{names[4]}"  # a later batch
        rows[1]["account_id"] = f"Accounts::::{names[4]}"  # a later batch, and a cycle through Гамма and Эпсилон
        rows[2]["account_id"] = f"Accounts::::{names[1]}"  # an earlier batch
        rows[3]["account_id"] = f"Accounts::::{names[0]}"  # an earlier batch
        rows[4]["account_id"] = f"Accounts::::{names[2]}"  # an earlier batch
        files = [self.vtiger_file("accounts.csv", "accounts", *rows)]
        expected = [("accounts.csv", 3, "“ООО «Эпсилон»”: the link would make a cycle, not linked")]
        Partner = self.registry["res.partner"]
        written = []

        def write(records, vals):
            if "member_of_id" in vals:
                written.append((records.ids, vals["member_of_id"]))
            return original(records, vals)

        original = Partner.write
        with (
            patch("odoo.addons.crm_vtiger_like.models.crm_vtiger_migration.BATCH_SIZE", 2),
            patch.object(Partner, "write", write),
        ):
            self.assertEqual(self.import_files(*files, dry_run=True)["problems"], expected)
            self.assertEqual(self.import_files(*files)["problems"], expected)
        epsilon = self.account("ООО «Эпсилон»")
        self.assertEqual(written, [(self.account("ООО «Альфа»").ids, epsilon.id)], "the others given at creation")
        links = {name: self.account(name).member_of_id.name for name in names}
        self.assertEqual(
            links,
            {
                "ООО «Альфа»": "ООО «Эпсилон»",
                "ООО «Бета»": False,
                "ООО «Гамма»": "ООО «Бета»",
                "ООО «Дельта»": "ООО «Альфа»",
                "ООО «Эпсилон»": "ООО «Гамма»",
            },
        )

    def test_reports_to_row_before_the_boss(self):
        rows = [
            {
                "contact_no": "CON9004",
                "firstname": "Анна",
                "lastname": "Орлова",
                "account_id": "Accounts::::ООО «Ромашка»",
                "contact_id": "Contacts::::Иван Петров",
                "email": "orlova@romashka.ru",
            },
            CONTACT_ROW,
        ]
        result = self.import_files(
            self.vtiger_file("contacts.csv", "contacts", *rows), self.vtiger_file("accounts.csv", "accounts")
        )
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.contact("Анна Орлова").reports_to_id, self.contact("Иван Петров"))

    def test_deal_of_a_contact(self):
        row = {**DEAL_ROW, "contact_id": "Contacts::::Иван Петров"}
        result = self.import_files(
            self.vtiger_file("deals.csv", "deals", row),
            self.vtiger_file("contacts.csv", "contacts"),
            self.vtiger_file("accounts.csv", "accounts"),
        )
        self.assertEqual(result["problems"], [])
        deal = self.Lead.search([("deal_no", "=", "POT9005")])
        self.assertEqual(deal.partner_id, self.contact("Иван Петров"))
        self.assertEqual(deal.partner_id.parent_id, self.account("ООО «Ромашка»"))

    def test_deal_contact_is_the_namesake_of_its_account(self):
        """Two contacts called Иван Петров: a deal related to the second
        account gets that account's Иван Петров, found in Odoo or in the files."""
        other = {
            **ACCOUNT_ROW,
            "account_no": "ACC9008",
            "accountname": "ООО «Лютик»",
            "phone": "+7 495 100-20-40",
            "otherphone": "",
            "email1": "info@lutik.ru",
            "email2": "",
        }
        namesake = {
            **CONTACT_ROW,
            "contact_no": "CON9004",
            "account_id": "Accounts::::ООО «Лютик»",
            "mobile": "+7 916 555-07-77",
            "email": "petrov@lutik.ru",
        }
        accounts = self.vtiger_file("accounts.csv", "accounts", ACCOUNT_ROW, other)
        contacts = self.vtiger_file("contacts.csv", "contacts", CONTACT_ROW, namesake)
        deal = {**DEAL_ROW, "related_to": "Accounts::::ООО «Лютик»", "contact_id": "Contacts::::Иван Петров"}
        second = {**deal, "potential_no": "POT9006", "potentialname": "Поставка песка"}
        self.assertEqual(
            self.import_files(accounts, contacts, self.vtiger_file("d.csv", "deals", deal))["problems"], []
        )
        self.assertEqual(self.import_files(self.vtiger_file("d2.csv", "deals", second))["problems"], [])
        lutik = self.account("ООО «Лютик»")
        petrov = self.Partner.search([("parent_id", "=", lutik.id), ("name", "=", "Иван Петров")])
        self.assertEqual(len(petrov), 1)
        deals = self.Lead.search([("deal_no", "in", ["POT9005", "POT9006"])])
        self.assertEqual(deals.partner_id, petrov, "in the files, then in Odoo")

    def test_deal_related_to_a_contact(self):
        contact = {**CONTACT_ROW, "account_id": ""}
        row = {**DEAL_ROW, "related_to": "Contacts::::Иван Петров"}
        result = self.import_files(
            self.vtiger_file("deals.csv", "deals", row), self.vtiger_file("contacts.csv", "contacts", contact)
        )
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.Lead.search([("deal_no", "=", "POT9005")]).partner_id, self.contact("Иван Петров"))
