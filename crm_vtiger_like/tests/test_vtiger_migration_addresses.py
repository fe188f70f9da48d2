from odoo.tests import tagged

from .vtiger_migration_common import ACCOUNT_ROW, CONTACT_ROW, VtigerMigrationCase

ACCOUNT = {
    **ACCOUNT_ROW,
    "INN": "7707083893",
    "bill_street": "ул. Ленина, 1",
    "bill_city": "Москва",
    "bill_code": "101000",
    "bill_country": "Russia",
}


@tagged("post_install", "-at_install")
class TestVtigerMigrationAddresses(VtigerMigrationCase):
    """A contact or address imported under an account gets what Odoo's own
    import gives it (the account's commercial fields; a contact without an
    address of its own, the account's address), with the account's values
    put in the INSERT rather than written contact by contact."""

    def import_account_and_contacts(self, *contacts, account=None):
        return self.import_files(
            self.vtiger_file("accounts.csv", "accounts", account or ACCOUNT),
            self.vtiger_file("contacts.csv", "contacts", *contacts),
        )

    def test_contact_without_address_takes_the_accounts(self):
        self.import_account_and_contacts(CONTACT_ROW)
        self.assertRecordValues(
            self.contact("Иван Петров"),
            [
                {
                    "vat": "7707083893",
                    "street": "ул. Ленина, 1",
                    "city": "Москва",
                    "zip": "101000",
                    "country_id": self.env.ref("base.ru").id,
                    "parent_id": self.account("ООО «Ромашка»").id,
                }
            ],
        )

    def test_contact_with_its_own_address_keeps_it_whole(self):
        """vtiger's mailing address is the contact's own: none of the account's
        address fields is mixed into it, the INN is still the account's."""
        own = {**CONTACT_ROW, "mailingstreet": "ул. Баумана, 5", "mailingcity": "Казань"}
        self.import_account_and_contacts(own)
        self.assertRecordValues(
            self.contact("Иван Петров"),
            [{"vat": "7707083893", "street": "ул. Баумана, 5", "city": "Казань", "zip": False}],
        )
        self.assertRecordValues(self.account("ООО «Ромашка»"), [{"street": "ул. Ленина, 1", "city": "Москва"}])

    def test_delivery_address_takes_the_inn_not_the_address(self):
        account = {**ACCOUNT, "ship_street": "ул. Складская, д. 3", "ship_city": "Подольск"}
        self.import_files(self.vtiger_file("accounts.csv", "accounts", account))
        delivery = self.account("ООО «Ромашка»").child_ids
        self.assertRecordValues(
            delivery, [{"type": "delivery", "vat": "7707083893", "street": "ул. Складская, д. 3", "city": "Подольск"}]
        )

    def test_same_values_as_odoos_import(self):
        """The batched creation gives the records what Odoo's
        ``_load_records_create`` gives them, parent by parent."""
        Partner = self.env["res.partner"]
        industry = self.env["res.partner.industry"].create({"name": "Оптовая торговля"})
        russia = self.env.ref("base.ru")
        group = self.env["res.country.group"].create({"name": "Россия", "country_ids": [(6, 0, russia.ids)]})
        rubles = self.env["product.pricelist"].create({"name": "Рубли", "country_group_ids": [(6, 0, group.ids)]})
        accounts = Partner.create(
            [
                {
                    "name": f"АО «Образец {i}»",
                    "is_company": True,
                    "vat": vat,
                    "company_registry": ogrn,
                    "industry_id": industry.id,
                    "street": f"ул. Мира, {i}",
                    "city": "Тверь",
                    "country_id": russia.id,
                }
                for i, (vat, ogrn) in enumerate([("7707083893", "1027700132195"), ("7736050003", "1027700070518")])
            ]
        )
        vals_list = [
            {"name": "Контакт", "parent_id": accounts[0].id, "vat": "500100732259"},
            {"name": "Склад", "parent_id": accounts[1].id, "type": "delivery", "street": "ул. Складская, 3"},
            {"name": "Дочка", "parent_id": accounts[1].id, "is_company": True},
            {"name": "Сам по себе", "street": "ул. Садовая, 9"},
        ]
        fnames = [
            "vat",
            "company_registry",
            "industry_id",
            "street",
            "city",
            "country_id",
            "type",
            "property_product_pricelist",
            "specific_property_product_pricelist",
        ]
        ours = Partner._vtiger_load_records_create(vals_list).read(fnames)
        odoos = Partner._load_records_create(vals_list).read(fnames)
        self.assertEqual([{**row, "id": 0} for row in ours], [{**row, "id": 0} for row in odoos])
        self.assertEqual(
            [(row["vat"], row["street"], row["country_id"] and row["country_id"][0]) for row in ours],
            [
                ("7707083893", "ул. Мира, 0", russia.id),
                ("7736050003", "ул. Складская, 3", False),
                (False, "ул. Мира, 1", russia.id),
                (False, "ул. Садовая, 9", False),
            ],
        )
        # the account's pricelist is Russia's: the contact in Russia gets it from its country, the
        # warehouse outside of any country as its own
        self.assertEqual(
            [(row["property_product_pricelist"][0], bool(row["specific_property_product_pricelist"])) for row in ours],
            [
                (rubles.id, False),
                (rubles.id, True),
                (rubles.id, False),
                (ours[3]["property_product_pricelist"][0], False),
            ],
        )

    def test_queries_of_a_contact_do_not_depend_on_its_address(self):
        """Importing contacts costs no query per contact for their accounts'
        values (commercial fields, address, pricelist), own address or not."""
        self.env["res.partner"].create(
            [
                {"name": f"ООО «Опора {i}»", "is_company": True, "street": f"ул. Опорная, {i}", "city": "Москва"}
                for i in range(40)
            ]
        )

        def queries(count, start):
            contacts = [
                {
                    "firstname": "Анна",
                    "lastname": f"Адресова-{start + i}",
                    "account_id": f"Accounts::::ООО «Опора {i}»",
                    **({"mailingstreet": f"ул. Баумана, {i}", "mailingcity": "Казань"} if i % 2 else {}),
                }
                for i in range(count)
            ]
            files = [self.vtiger_file("contacts.csv", "contacts", *contacts)]
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = self.import_files(*files)
            self.assertEqual(result["kinds"]["contacts"]["created"], count)
            return self.env.cr.sql_log_count - before

        queries(4, 100)  # warm the caches
        ten, forty = queries(10, 200), queries(40, 300)
        self.assertEqual(forty, ten, "the queries of 10 contacts and of 40 (81 and 246 with a write per contact)")
