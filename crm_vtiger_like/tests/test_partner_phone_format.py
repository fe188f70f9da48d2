from odoo.tests import Form, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestPartnerPhoneFormat(VtigerCase):
    """Issue 10: phones of leads, accounts and contacts are saved in the
    international format, however they are typed; other values stay as typed."""

    def test_every_partner_phone_formatted_on_create_and_write(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Иван Звонков",
                "phone": "8 912 345 67 89",
                "mobile": "89123456780",
                "fax": "(495) 988-10-20",
                "phone_other": "+7(912)3456781",
                "phone_home": "8-912-345-67-82",
                "assistant_phone": "9123456783",
            }
        )
        self.assertEqual(
            [partner[fname] for fname in partner._vtiger_phone_fields],
            [
                "+7 912 345-67-89",
                "+7 912 345-67-80",
                "+7 495 988-10-20",
                "+7 912 345-67-81",
                "+7 912 345-67-82",
                "+7 912 345-67-83",
            ],
        )
        partner.write({"phone": "доб. 123", "mobile": "8 (912) 000-11-22"})
        self.assertEqual((partner.phone, partner.mobile), ("доб. 123", "+7 912 000-11-22"))
        rows = self.env["crm.vtiger.phone"].search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        self.assertEqual(
            {(row.field, row.raw, row.number) for row in rows if row.field in ("phone", "mobile")},
            {("phone", "доб. 123", False), ("mobile", "+7 912 000-11-22", "+79120001122")},
            "the phone index still reads the numbers",
        )

    def test_foreign_numbers_and_batches(self):
        Partner = self.env["res.partner"]
        us, ru = Partner.create(
            [
                {
                    "name": "Planet Express",
                    "is_company": True,
                    "phone": "202 555 0888",
                    "country_id": self.env.ref("base.us").id,
                },
                {
                    "name": "ООО Звонок",
                    "is_company": True,
                    "phone": "8 912 345 67 89",
                    "country_id": self.env.ref("base.ru").id,
                },
            ]
        )
        self.assertEqual(us.phone, "202 555 0888", "foreign numbers are kept as typed, as Odoo keeps them")
        self.assertEqual(ru.phone, "+7 912 345-67-89")
        (us | ru).write({"fax": "8 495 988 10 20", "mobile": "202 555 0999"})
        self.assertEqual((us.fax, ru.fax), ("+7 495 988-10-20", "+7 495 988-10-20"), "a Russian number for both")
        self.assertEqual((us.mobile, ru.mobile), ("202 555 0999", "202 555 0999"))
        ru.write({"country_id": self.env.ref("base.us").id, "phone": "8 912 000 11 22"})
        self.assertEqual(ru.phone, "+7 912 000-11-22", "a Russian number of a foreign record")

    def test_import_and_form(self):
        result = self.env["res.partner"].load(
            ["name", "is_company", "phone", "mobile"], [["ООО Импорт", "1", "8 (843) 250-17-29", "8 912 345 67 89"]]
        )
        self.assertFalse(result["messages"])
        imported = self.env["res.partner"].browse(result["ids"])
        self.assertEqual((imported.phone, imported.mobile), ("+7 843 250-17-29", "+7 912 345-67-89"))
        with Form(self.env["res.partner"].with_user(self.sales_user)) as form:
            form.name = "ООО Форма"
            form.company_type = "company"
            form.country_id = self.env["res.country"]
            form.phone = "8 912 000 11 22"
        self.assertEqual(form.record.phone, "+7 912 000-11-22")

    def test_lead_phones_formatted(self):
        lead = self.env["crm.lead"].create(
            {"name": "Звонок", "phone": "8 912 345 67 89", "mobile": "912 345 67 80", "fax": "84959881020"}
        )
        self.assertEqual(
            (lead.phone, lead.mobile, lead.fax), ("+7 912 345-67-89", "+7 912 345-67-80", "+7 495 988-10-20")
        )
        lead.write({"phone": "не звонить", "fax": "8 (495) 988-10-21"})
        self.assertEqual((lead.phone, lead.fax), ("не звонить", "+7 495 988-10-21"))
