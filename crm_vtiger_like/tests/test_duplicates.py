from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestDuplicates(VtigerCase):
    """Duplicate counts, the duplicates button, phone search in any format, Find duplicates."""

    def setUp(self):
        super().setUp()
        self.Partner = self.env["res.partner"].with_user(self.sales_user)
        self.Lead = self.env["crm.lead"].with_user(self.sales_user)

    def test_duplicate_count_and_action(self):
        first = self.Partner.create({"name": "Пётр Иванов", "phone": "+7 912 777-66-55"})
        second = self.Partner.create({"name": "Иванов П.", "mobile": "8 912 7776655"})
        third = self.Partner.create({"name": "Пётр И.", "phone_home": "79127776655"})
        other = self.Partner.create({"name": "Другой", "phone": "+7 999 000-00-00"})
        self.assertEqual((first.duplicate_count, second.duplicate_count, other.duplicate_count), (2, 2, 0))
        action = first.action_view_duplicates()
        self.assertEqual(set(self.Partner.search(action["domain"]).ids), {first.id, second.id, third.id})
        third.active = False
        first.invalidate_recordset(["duplicate_count"])
        self.assertEqual(first.duplicate_count, 1, "archived records are not duplicates")
        boss = self.Partner.create({"name": "Начальник", "assistant_phone": "+7 999 000-00-00"})
        self.assertEqual(
            (boss.duplicate_count, other.duplicate_count),
            (0, 0),
            "an assistant's number is another person's: searchable, not a duplicate",
        )
        lead_1 = self.Lead.create({"name": "A", "last_name": "Громов", "phone": "8 (916) 777-30-40"})
        lead_2 = self.Lead.create({"name": "B", "last_name": "Громов", "mobile": "+79167773040"})
        self.assertEqual((lead_1.duplicate_count, lead_2.duplicate_count), (1, 1))

    def test_search_by_phone_in_any_format(self):
        partner = self.Partner.create({"name": "Пётр Иванов", "assistant_phone": "8 (912) 777-66-55"})
        lead = self.Lead.create({"name": "Заявка", "last_name": "Иванов", "fax": "+7 912 7776655"})
        for typed in ("79127776655", "+7 912 777 66 55", "8-912-777-66-55"):
            self.assertIn(partner, self.Partner.search([("vtiger_phone_search", "ilike", typed)]), typed)
            self.assertIn(lead, self.Lead.search([("vtiger_phone_search", "ilike", typed)]), typed)
        self.assertIn(partner, self.Partner.search([("vtiger_phone_search", "ilike", "777-66-55")]), "partial")
        self.assertFalse(self.Partner.search([("vtiger_phone_search", "ilike", "12")]), "too short to mean a number")

    def find(self, model, criterion, user=None):
        finder = (
            self.env["crm.vtiger.duplicate.finder"]
            .with_user(user or self.sales_user)
            .create({"res_model": model, "criterion": criterion})
        )
        finder.action_find()
        return {group.key: set(group.res_ids) for group in finder.group_ids}

    def test_find_duplicates_by_each_criterion(self):
        Partner = self.Partner
        a = Partner.create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "phone": "8 912 000 11 22",
                "email": "info@romashka.ru",
                "vat": "7707083893",
                "country_id": self.env.ref("base.ru").id,
            }
        )
        b = Partner.create(
            {
                "name": "Ромашка, ООО",
                "is_company": True,
                "mobile": "+7 912 000-11-22",
                "email": "INFO@romashka.ru",
                "vat": "7707 083 893",
                "country_id": self.env.ref("base.ru").id,
            }
        )
        c = Partner.create({"name": "ооо «ромашка»", "is_company": True})
        contact = Partner.create({"name": "Анна", "parent_id": a.id, "email": "info@romashka.ru"})
        self.assertIn({a.id, b.id}, self.find("res.partner", "phone").values())
        self.assertEqual(
            self.find("res.partner", "email")["info@romashka.ru"],
            {a.id, b.id},
            "a company's own contact is not its duplicate",
        )
        self.assertEqual(self.find("res.partner", "inn")["7707083893"], {a.id, b.id})
        self.assertEqual(self.find("res.partner", "name")["ооо «ромашка»"], {a.id, c.id})
        self.assertEqual(self.find("res.partner", "similar_name")["ромашка"], {a.id, b.id, c.id})
        self.assertNotIn(contact.id, set().union(*self.find("res.partner", "email").values()))

    def test_groups_show_numbers(self):
        lead = self.Lead.create({"name": "Звонок", "last_name": "Громов", "phone": "8 916 321 00 77"})
        deal = self.Lead.create({"name": "Поставка", "type": "opportunity", "mobile": "+7 916 321-00-77"})
        finder = self.env["crm.vtiger.duplicate.finder"].with_user(self.sales_user).create({"res_model": "crm.lead"})
        finder.action_find()
        [group] = finder.group_ids.filtered(lambda g: g.key == "+79163210077")
        self.assertRegex(group.record_names, r"^Звонок \(LEA\d+\), Поставка \(POT\d+\)$")
        self.assertEqual(set(group.res_ids), {lead.id, deal.id})
