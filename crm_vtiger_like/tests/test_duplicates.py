from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizards.crm_vtiger_duplicate_finder import plural_form
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

    def finder(self, model, *criteria):
        values = {"res_model": model, "by_phone": False} | {f"by_{criterion}": True for criterion in criteria}
        return self.env["crm.vtiger.duplicate.finder"].with_user(self.sales_user).create(values)

    def find(self, model, *criteria, among=None):
        """{shared value: record ids} found, only groups of ``among`` if given."""
        finder = self.finder(model, *criteria)
        finder.action_find()
        groups = {group.key: set(group.res_ids) for group in finder.group_ids}
        return {key: ids for key, ids in groups.items() if among is None or ids & set(among.ids)}

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

    def test_find_leads_by_inn(self):
        first = self.Lead.create({"name": "Заявка 1", "partner_name": "ООО «Ромашка»", "vat": "7707083893"})
        second = self.Lead.create({"name": "Заявка 2", "partner_name": "Ромашка", "vat": "7707 083 893"})
        third = self.Lead.create({"name": "Заявка 3", "partner_name": "Лютик", "vat": "500100732259"})
        self.assertEqual(
            self.find("crm.lead", "inn", among=first | second | third), {"7707083893": {first.id, second.id}}
        )

    def test_criteria_combine_with_and(self):
        """Records are one group only when they share every ticked criterion."""
        same = {"phone": "+7 912 444-55-66", "email": "orlova@mail.ru"}
        a = self.Partner.create({"name": "Анна Орлова", **same})
        b = self.Partner.create({"name": "Орлова А.", "mobile": "8 912 444 55 66", "email": "ORLOVA@mail.ru"})
        c = self.Partner.create({"name": "Анна Орлова", "phone": "89124445566", "email": "anna@orlova.ru"})
        mine = a | b | c
        self.assertEqual(self.find("res.partner", "phone", among=mine), {"+79124445566": {a.id, b.id, c.id}})
        self.assertEqual(
            self.find("res.partner", "phone", "email", among=mine),
            {"+79124445566 · orlova@mail.ru": {a.id, b.id}},
            "c shares the phone, not the e-mail",
        )
        self.assertEqual(self.find("res.partner", "email", "name", among=mine), {}, "a, b: same e-mail, not name")
        self.assertEqual(
            self.find("res.partner", "phone", "name", among=mine), {"+79124445566 · анна орлова": {a.id, c.id}}
        )
        lead_1 = self.Lead.create({"name": "A", "last_name": "Громов", "phone": "8 916 555 30 40", "vat": "7707083893"})
        lead_2 = self.Lead.create({"name": "B", "last_name": "Громов", "mobile": "+79165553040", "vat": "7707083893"})
        lead_3 = self.Lead.create({"name": "C", "last_name": "Громов", "mobile": "+79165553040", "vat": "500100732259"})
        self.assertEqual(
            self.find("crm.lead", "phone", "inn", among=lead_1 | lead_2 | lead_3),
            {"+79165553040 · 7707083893": {lead_1.id, lead_2.id}},
        )

    def test_empty_result_and_title(self):
        self.Partner.create({"name": "Единственный", "email": "only@one.ru"})
        finder = self.finder("res.partner", "email", "inn", "name")
        self.assertFalse(finder.searched)
        action = finder.action_find()
        self.assertEqual(action["name"], "Find Duplicates", "the dialog keeps its title")
        self.assertEqual(action["res_id"], finder.id)
        self.assertTrue(finder.searched, "the screen says no duplicates were found")
        self.assertEqual((finder.group_count, finder.group_ids.ids), (0, []))
        with self.assertRaisesRegex(UserError, "at least one criterion"):
            self.finder("res.partner").action_find()

    def test_group_count_summary(self):
        self.Partner.create([{"name": "Иван Петров", "email": "petrov@mail.ru"} for _ in range(2)])
        finder = self.finder("res.partner", "email", "name")
        finder.action_find()
        self.assertEqual((finder.group_count, finder.summary), (1, "1 group of duplicates"))
        self.Partner.create([{"name": "Иван Сидоров", "email": "sidorov@mail.ru"} for _ in range(2)])
        finder.action_find()
        self.assertEqual((finder.group_count, finder.summary), (2, "2 groups of duplicates"))

    def test_plural_forms(self):
        russian = "%(count)s группа дубликатов|%(count)s группы дубликатов|%(count)s групп дубликатов"
        self.assertEqual(
            [plural_form(count, russian) for count in (1, 2, 5, 11, 21, 22, 112)],
            [
                "1 группа дубликатов",
                "2 группы дубликатов",
                "5 групп дубликатов",
                "11 групп дубликатов",
                "21 группа дубликатов",
                "22 группы дубликатов",
                "112 групп дубликатов",
            ],
        )
        english = "%(count)s group of duplicates|%(count)s groups of duplicates"
        self.assertEqual(
            [plural_form(count, english) for count in (1, 2, 21)],
            ["1 group of duplicates", "2 groups of duplicates", "21 groups of duplicates"],
        )
