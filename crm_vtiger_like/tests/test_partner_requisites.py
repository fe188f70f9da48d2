from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import VtigerCase

# valid INNs (checksums verified with python-stdnum)
INN_ORG = "7707083893"
INN_IP = "772412345636"


@tagged("post_install", "-at_install")
class TestPartnerRequisites(VtigerCase):
    """Russian INN (vat) and KPP: checked for partners in Russia, clear errors, empty allowed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ru = cls.env.ref("base.ru")

    def account(self, **values):
        return (
            self.env["res.partner"]
            .with_user(self.sales_user)
            .create({"name": "ООО Ромашка", "is_company": True, "country_id": self.ru.id, **values})
        )

    def test_valid_requisites(self):
        org = self.account(vat=INN_ORG, kpp="773601001")
        self.assertEqual((org.vat, org.kpp), (INN_ORG, "773601001"))
        ip = self.account(name="ИП Кузнецов", vat=INN_IP)
        self.assertEqual(ip.vat, INN_IP)
        self.assertEqual(self.account(vat="RU 7707 083 893").vat, INN_ORG, "stored as its digits")
        self.assertEqual(self.account(kpp="7736 01 001", vat=INN_ORG).kpp, "773601001")
        self.assertFalse(self.account().vat, "empty values are allowed")

    def test_wrong_length_refused(self):
        with self.assertRaisesRegex(ValidationError, "10 digits for an organization"):
            self.account(vat="770708389")
        with self.assertRaisesRegex(ValidationError, "10 digits for an organization"):
            self.account(vat="77070838AB")

    def test_wrong_checksum_refused(self):
        with self.assertRaisesRegex(ValidationError, "check digits do not match"):
            self.account(vat="7707083894")
        with self.assertRaisesRegex(ValidationError, "check digits do not match"):
            self.account(vat="772412345637")

    def test_person_inn_has_twelve_digits(self):
        Partner = self.env["res.partner"].with_user(self.sales_user)
        with self.assertRaisesRegex(ValidationError, "person's INN has 12 digits"):
            Partner.create({"name": "Пётр Иванов", "country_id": self.ru.id, "vat": INN_ORG})
        person = Partner.create({"name": "Пётр Иванов", "country_id": self.ru.id, "vat": INN_IP})
        self.assertEqual(person.vat, INN_IP)

    def test_contact_inherits_the_company_inn(self):
        org = self.account(vat=INN_ORG, kpp="773601001")
        person = self.env["res.partner"].create({"name": "Пётр Иванов", "parent_id": org.id})
        self.assertEqual((person.vat, person.kpp), (INN_ORG, "773601001"))

    def test_other_countries_not_checked(self):
        partner = self.account(country_id=self.env.ref("base.de").id, vat="DE123456788")
        self.assertEqual(partner.vat, "DE123456788")

    def test_kpp_format(self):
        for kpp in ("77360100", "7736010011", "77A601001", "7736-01-001"):
            with self.subTest(kpp=kpp), self.assertRaisesRegex(ValidationError, "KPP has 9 characters"):
                self.account(vat=INN_ORG, kpp=kpp)
        self.assertEqual(self.account(vat=INN_ORG, kpp="7736ab001").kpp, "7736AB001")

    def test_individual_entrepreneur_has_no_kpp(self):
        with self.assertRaisesRegex(ValidationError, "has no KPP"):
            self.account(name="ИП Кузнецов", vat=INN_IP, kpp="772401001")

    def test_lead_inn_checked_in_russia(self):
        Lead = self.env["crm.lead"].with_user(self.sales_user)
        lead = Lead.create(
            {
                "name": "Заявка",
                "last_name": "Орлов",
                "partner_name": "ООО Ромашка",
                "vat": INN_ORG,
                "country_id": self.ru.id,
            }
        )
        self.assertEqual(lead.vat, INN_ORG)
        with self.assertRaisesRegex(ValidationError, "check digits do not match"):
            lead.vat = "7707083894"
        with self.assertRaisesRegex(ValidationError, "10 digits for an organization"):
            lead.vat = "77070838"
        lead.write({"country_id": self.env.ref("base.de").id, "vat": "DE123456789"})
        self.assertEqual(lead.vat, "DE123456789", "other countries' tax ids are not checked")
