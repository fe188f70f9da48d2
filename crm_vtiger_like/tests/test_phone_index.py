from unittest.mock import patch

from odoo.tests import tagged

from .common import VtigerCase

IVANOV = "+79123456789"


@tagged("post_install", "-at_install")
class TestPhoneIndex(VtigerCase):
    """Phone normalization (E.164) and the index kept exact by every kind of write."""

    def setUp(self):
        super().setUp()
        self.Partner = self.env["res.partner"].with_user(self.sales_user)
        self.Lead = self.env["crm.lead"].with_user(self.sales_user)
        self.Phone = self.env["crm.vtiger.phone"].sudo()

    def rows(self, records):
        rows = self.Phone.with_context(active_test=False).search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )
        return {(row.field, row.raw, row.number, row.origin, row.active) for row in rows}

    def regions(self, record):
        """Where a record's numbers are read: its country, its company's, Russia."""
        regions = (record.country_id.code, (record.company_id or self.env.company).country_id.code, "RU")
        return tuple(dict.fromkeys(filter(None, regions)))

    def expected(self, record):
        """What the index must hold for ``record``, recomputed from scratch."""
        regions = self.regions(record)
        return {
            (fname, record[fname], self.Phone._vtiger_normalize(record[fname], regions) or False, "own", record.active)
            for fname in record._vtiger_phone_fields
            if record[fname]
        }

    def test_unchanged_country_is_not_read_again(self):
        """Writing the country a record already has (Odoo's address sync of a
        contact does) leaves its index rows alone; a new country reads its
        numbers again."""
        kz = self.env.ref("base.kz")
        partner = self.Partner.create({"name": "Казахстанский номер", "phone": "8 727 250 00 00"})
        Phone = type(self.Phone)
        with patch.object(Phone, "_vtiger_index", autospec=True, side_effect=Phone._vtiger_index) as index:
            partner.write({"country_id": partner.country_id.id, "city": "Алматы"})
            self.assertEqual(index.call_count, 0)
            partner.write({"country_id": kz.id})
            self.assertEqual(index.call_count, 1)
        self.assertEqual(self.rows(partner), {("phone", "+7 7272 50 00 00", "+77272500000", "own", True)})

    def test_lead_phone_from_its_new_customer(self):
        """crm fills an empty lead phone from the customer it is given: the
        index follows, though the write named only the customer."""
        lead = self.Lead.create({"name": "Без телефона", "type": "lead"})
        partner = self.Partner.create({"name": "Клиент с телефоном", "phone": "8 912 345 67 89"})
        self.assertEqual(self.rows(lead), set())
        lead.write({"partner_id": partner.id})
        self.assertEqual(lead.phone, "+7 912 345-67-89")
        self.assertEqual(self.rows(lead), {("phone", "+7 912 345-67-89", IVANOV, "own", True)})

    def test_archived_with_a_country_change(self):
        """Archiving a record in the same write as a new country deactivates
        all its numbers, those of records merged into it too."""
        partner = self.Partner.create({"name": "Объединённый", "phone": "8 912 345 67 89"})
        self.env.cr.execute(
            "INSERT INTO crm_vtiger_phone (res_model, res_id, field, raw, number, origin, active, segment)"
            " SELECT res_model, res_id, field, '8 912 000 11 22', '+79120001122', 'merged', true, segment"
            " FROM crm_vtiger_phone WHERE res_model = 'res.partner' AND res_id = %s",
            [partner.id],
        )
        partner.write({"active": False, "country_id": self.env.ref("base.kz").id})
        self.env.cr.execute(
            "SELECT origin, active FROM crm_vtiger_phone WHERE res_model = 'res.partner' AND res_id = %s ORDER BY 1",
            [partner.id],
        )
        self.assertEqual(self.env.cr.fetchall(), [("merged", False), ("own", False)])

    def test_new_country_reads_its_numbers(self):
        """A country created after the codes were cached is known at once."""
        self.Phone._vtiger_country_codes()
        country = self.env["res.country"].create({"name": "Тестовая страна", "code": "XQ"})
        self.assertEqual(self.Phone._vtiger_country_codes().get(country.id), "XQ")

    def test_normalization_table(self):
        cases = {
            "8 (912) 345-67-89": IVANOV,
            "+7 912 3456789": IVANOV,
            "79123456789": IVANOV,
            "89123456789": IVANOV,
            "912 345 67 89": IVANOV,
            "+7 (495) 211-34-56": "+74952113456",
            "8-495-2113456": "+74952113456",
            "тел. 8(912)3456789": IVANOV,
            "8 800 555-35-35": "+78005553535",
            "+32 485 00 11 22": "+32485001122",
            "2113456": None,
            "hello": None,
            "+7 912 345": None,
        }
        for raw, number in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(self.Phone._vtiger_normalize(raw, ("RU",)), number)
        # country of the record first, then its company's, then Russia
        be = self.Partner.create({"name": "Belgian", "country_id": self.env.ref("base.be").id, "phone": "0485001122"})
        self.assertEqual(self.rows(be), {("phone", "0485001122", "+32485001122", "own", True)})
        nobody = self.Partner.create({"name": "Без страны", "phone": "8 (912) 345-67-89"})
        self.assertEqual(self.regions(nobody)[-1], "RU")
        self.assertEqual(self.rows(nobody), {("phone", "+7 912 345-67-89", IVANOV, "own", True)})
        kz = self.env.ref("base.kz")
        kz = self.Partner.create({"name": "Казахстан", "country_id": kz.id, "phone": "87012345678"})
        self.assertEqual(self.rows(kz), {("phone", "+7 701 234 5678", "+77012345678", "own", True)})

    def test_garbage_kept_as_typed_and_flagged(self):
        partner = self.Partner.create({"name": "Мусор", "phone": "звонить секретарю", "mobile": "+7 916 200-30-40"})
        self.assertEqual(partner.phone, "звонить секретарю", "kept as typed")
        self.assertTrue(partner.phone_unrecognized)
        self.assertIn(partner, self.Partner.search([("phone_unrecognized", "=", True)]))
        self.assertEqual(self.rows(partner), self.expected(partner))
        partner.phone = "+7 495 120-45-67"
        self.assertFalse(partner.phone_unrecognized)
        result = self.env["crm.lead"].load(["name", "last_name", "phone"], [["Импорт", "Иванов", "???"]])
        self.assertTrue(result["ids"], result["messages"])
        self.assertTrue(self.env["crm.lead"].browse(result["ids"]).phone_unrecognized)

    def test_index_exact_after_each_write(self):
        partner = self.Partner.create(
            {
                "name": "Пётр Иванов",
                "phone": "8 (912) 345-67-89",
                "mobile": "+7 916 200-30-40",
                "phone_home": "8 495 000 11 22",
                "assistant_phone": "+7 903 765 43 21",
            }
        )
        self.assertEqual(self.rows(partner), self.expected(partner))
        self.assertEqual(len(self.rows(partner)), 4)
        partner.write({"phone": "+7 999 111-22-33", "mobile": False, "phone_other": "8 800 555 35 35"})
        self.assertEqual(self.rows(partner), self.expected(partner))
        partner.country_id = self.env.ref("base.kz")
        self.assertEqual(self.rows(partner), self.expected(partner))
        partner.active = False
        self.assertEqual({row[4] for row in self.rows(partner)}, {False})
        partner.active = True
        lead = self.Lead.create({"name": "Заявка", "last_name": "Иванов", "phone": "89123456789", "fax": "84951234567"})
        self.assertEqual(self.rows(lead), self.expected(lead))
        lead.sudo().unlink()
        self.assertFalse(self.Phone.search_count([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]))
        result = self.env["res.partner"].load(["name", "phone"], [["Импорт Иванов", "8 912 345 67 89"]])
        imported = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(self.rows(imported), self.expected(imported))

    def test_backfill_rebuilds_the_index(self):
        leads = self.Lead.create(
            [{"name": f"L{i}", "last_name": "Иванов", "phone": f"8 912 345 67 {i:02d}"} for i in range(5)]
        )
        expected = {lead.id: self.expected(lead) for lead in leads}
        self.env.cr.execute(
            "DELETE FROM crm_vtiger_phone WHERE res_model = 'crm.lead' AND res_id = ANY(%s)", [leads.ids]
        )
        self.Phone._vtiger_backfill("crm.lead")
        self.assertEqual({lead.id: self.rows(lead) for lead in leads}, expected)

    def test_lookup_any_format_one_indexed_query(self):
        partner = self.Partner.create({"name": "Пётр Иванов", "mobile": "8 (912) 345-67-89"})
        lead = self.Lead.create({"name": "Заявка", "last_name": "Иванов", "fax": "+7 912 3456789"})
        for typed in ("79123456789", "+7 (912) 345-67-89", "912-345-67-89"):
            found = self.Phone._vtiger_lookup(typed)
            self.assertIn(partner.id, found["res.partner"], typed)
            self.assertIn(lead.id, found["crm.lead"], typed)
        self.env.cr.execute(
            "EXPLAIN SELECT res_model, res_id FROM crm_vtiger_phone WHERE number = %s AND active", [IVANOV]
        )
        plan = " ".join(row[0] for row in self.env.cr.fetchall())
        self.assertNotIn("Seq Scan", plan.replace("Bitmap Heap Scan", ""), plan)
