from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestDuplicateScore(VtigerCase):
    """Scored duplicate matching: literal scores and reasons of name, phone,
    INN and e-mail variants, candidates' order, limit and visibility."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Merge = cls.env["crm.vtiger.merge"]
        cls.Partner = cls.env["res.partner"].with_context(tracking_disable=True)
        cls.Lead = cls.env["crm.lead"].with_context(tracking_disable=True)

    def person(self, name, **values):
        return self.Partner.create({"name": name, **values})

    def make_company(self, name, **values):
        return self.Partner.create({"name": name, "is_company": True, **values})

    def test_name_variants(self):
        """Transliteration, ё = е, word order, patronymic, legal forms and
        quotes; different people are no match."""
        table = [
            # (a, b, companies?, score, reasons)
            ("Пётр Иванов", "Пётр Иванов", False, 60, ["same name Пётр Иванов"]),
            ("Иванов Пётр Сергеевич", "Ivanov Petr", False, 54, ["name Иванов Пётр Сергеевич ~ Ivanov Petr"]),
            ("Пётр Иванов", "Иванов Петр", False, 60, ["name Пётр Иванов ~ Иванов Петр"]),
            ("Пётр Иванов", "Pyotr Ivanov", False, 57, ["name Пётр Иванов ~ Pyotr Ivanov"]),
            ("Ivanov Petr", "Ivanof Piotr", False, 52, ["name Ivanov Petr ~ Ivanof Piotr"]),
            ("Алексей Кузнецов", "KUZNETSOV Alexey", False, 57, ["name Алексей Кузнецов ~ KUZNETSOV Alexey"]),
            ("ООО «Ромашка»", "Romashka LLC", True, 60, ["name ООО «Ромашка» ~ Romashka LLC"]),
            ("ООО «Ромашка»", "АО Ромашка", True, 60, ["name ООО «Ромашка» ~ АО Ромашка"]),
            ("ООО «Ромашка»", 'ЗАО "Ромашка"', True, 60, ['name ООО «Ромашка» ~ ЗАО "Ромашка"']),
            ("Иванов Пётр", "Иванова Мария", False, 0, []),
            ("Пётр Иванов", "Пётр Сидоров", False, 0, []),
            ("ООО «Ромашка»", "ООО «Ромашка Плюс»", True, 0, []),
        ]
        for name_a, name_b, companies, score, reasons in table:
            create = self.make_company if companies else self.person
            record_a, record_b = create(name_a), create(name_b)
            with self.subTest(a=name_a, b=name_b):
                self.assertEqual(self.Merge.score_pair(record_a, record_b), (score, reasons))

    def test_phone_variants(self):
        """A number in any format and field is the same number; the same
        last 10 digits of numbers that differ are a weaker signal."""
        anna = self.person("Анна Белова", mobile="+7 912 345-67-89")
        table = [
            ({"phone": "8 (912) 3456789"}, 60, ["same mobile +7 912 345-67-89"]),
            ({"phone_home": "912-345-67-89"}, 60, ["same mobile +7 912 345-67-89"]),
            ({"mobile": "+7 (912) 345 67 89", "phone": "+7 495 100-00-01"}, 60, ["same mobile +7 912 345-67-89"]),
            (
                {"phone": "+1 912-345-6789"},
                30,
                ["same last 10 digits of mobile +7 912 345-67-89 ~ +1 912-345-6789"],
            ),
            ({"phone": "+7 912 345-67-80"}, 0, []),
            # an assistant's number is someone else's
            ({"assistant_phone": "+7 912 345-67-89"}, 0, []),
        ]
        for values, score, reasons in table:
            other = self.person("Олег Петров", **values)
            with self.subTest(values=values):
                self.assertEqual(self.Merge.score_pair(anna, other), (score, reasons))

    def test_inn_kpp_and_email(self):
        account = self.make_company("ООО «Альфа»", vat="7707083893")
        self.assertEqual(
            self.Merge.score_pair(account, self.make_company("ООО «Бета»", vat="RU 7707083893")),
            (70, ["same INN 7707083893"]),
        )
        with_kpp = self.make_company("ООО «Гамма»", vat="7707083893", kpp="773601001")
        self.assertEqual(
            self.Merge.score_pair(with_kpp, self.make_company("ООО «Дельта»", vat="7707083893", kpp="773601001")),
            (70, ["same INN/KPP 7707083893/773601001"]),
        )
        # a branch: same INN, another KPP
        self.assertEqual(
            self.Merge.score_pair(with_kpp, self.make_company("ООО «Эпсилон»", vat="7707083893", kpp="770701001")),
            (35, ["same INN 7707083893, other KPP 773601001 ~ 770701001"]),
        )
        # contacts of an account carry its INN: no evidence between two people of one company
        first = self.person("Анна Белова", parent_id=account.id)
        second = self.person("Олег Петров", parent_id=account.id)
        self.assertEqual(self.Merge.score_pair(first, second), (0, []))
        self.assertEqual(
            self.Merge.score_pair(
                self.person("Анна Белова", email="Belova@Mail.RU"), self.person("Олег Петров", email="belova@mail.ru")
            ),
            (60, ["same e-mail belova@mail.ru"]),
        )

    def test_combined_score(self):
        """100 x (1 - prod(1 - w / 100)) over the shared signals."""
        first = self.person("Пётр Иванов", mobile="+7 912 345-67-89", email="p.ivanov@mail.ru")
        second = self.person("Ivanov Petr", phone="8 912 345 67 89", email="P.Ivanov@mail.ru")
        self.assertEqual(
            self.Merge.score_pair(first, second),
            (
                94,
                [
                    "same mobile +7 912 345-67-89",
                    "same e-mail p.ivanov@mail.ru",
                    "name Пётр Иванов ~ Ivanov Petr",
                ],
            ),
        )
        self.env["ir.config_parameter"].set_param("crm_vtiger_like.duplicate_weight_name", "20")
        self.assertEqual(self.Merge.score_pair(first, second)[0], 87)
        self.assertEqual(self.Merge.score_pairs([(first, second), (first, first)])[1], (0, []))

    def test_candidates_order_limit_and_exclusions(self):
        """Best first, at most ``limit``; the record itself, archived
        records, records under the threshold, companies for a person and
        addresses are left out."""
        target = self.person("Голубев Артём", mobile="+7 901 555-10-10", email="golubev@example.ru")
        same_phone_and_name = self.person("Голубев Артем", phone="8 901 555 10 10")
        same_email = self.person("Ольга Ершова", email="Golubev@example.ru")
        similar_name = self.person("Golubev Artyom")
        self.person("Игорь Зуев", phone="+1 901-555-1010")  # last 10 digits only: 30, under the threshold
        self.person("Голубев Артём", mobile="+7 901 555-10-10", active=False)
        self.make_company("Голубев Артём", phone="+7 901 555-10-10")
        account = self.make_company("ООО «Адрес»")
        self.Partner.create({"name": "Склад", "type": "delivery", "parent_id": account.id, "phone": "+7 901 555-10-10"})
        found = self.Merge.with_user(self.sales_user).find_candidates(target)
        self.assertEqual(
            [(candidate, score) for candidate, score, _reasons in found],
            [(same_phone_and_name, 84), (same_email, 60), (similar_name, 57)],
        )
        self.assertEqual(found[0][2], ["same mobile +7 901 555-10-10", "name Голубев Артём ~ Голубев Артем"])
        self.assertEqual(found[2][2], ["name Голубев Артём ~ Golubev Artyom"])
        limited = self.Merge.with_user(self.sales_user).find_candidates(target, limit=2)
        self.assertEqual([row[0] for row in limited], [same_phone_and_name, same_email])
        self.env["ir.config_parameter"].set_param("crm_vtiger_like.duplicate_threshold", "80")
        self.assertEqual([row[0] for row in self.Merge.find_candidates(target)], [same_phone_and_name])

    def test_companies_and_unsaved_records(self):
        """An account typed, not saved: its values are read; accounts are
        compared with accounts only."""
        romashka = self.make_company("ООО «Ромашка-Юг»", vat="6164046076", phone="+7 863 200-10-10")
        self.person("Ромашка-Юг", phone="+7 863 200-10-10")
        typed = self.Partner.new({"name": "Romashka-Yug LLC", "is_company": True, "phone": "8 863 2001010"})
        found = self.Merge.find_candidates(typed)
        self.assertEqual(
            found,
            [(romashka, 83, ["same phone +7 863 200-10-10", "name Romashka-Yug LLC ~ ООО «Ромашка-Юг»"])],
        )
        by_inn = self.Partner.new({"name": "ИП Другой", "is_company": True, "vat": "6164046076"})
        self.assertEqual(self.Merge.find_candidates(by_inn), [(romashka, 70, ["same INN 6164046076"])])

    def test_leads_and_access(self):
        """Leads are compared with leads; a rep is not shown the leads they
        may not read (another salesperson's)."""
        mine = self.Lead.create(
            {"name": "Заявка 1", "type": "lead", "contact_name": "Зайцев Роман", "user_id": self.sales_user.id}
        )
        others = self.Lead.create(
            {
                "name": "Заявка 2",
                "type": "lead",
                "contact_name": "Роман Зайцев",
                "mobile": "+7 926 700-80-90",
                "user_id": self.sales_manager.id,
            }
        )
        self.person("Роман Зайцев", mobile="+7 926 700-80-90")  # a partner is no lead's duplicate
        typed = self.Lead.with_user(self.sales_user).new(
            {"type": "lead", "contact_name": "Roman Zaitsev", "phone": "+7 926 700 80 90"}
        )
        Merge = self.Merge.with_user(self.sales_user)
        self.assertEqual([row[0] for row in Merge.find_candidates(typed)], [mine])
        typed_by_manager = self.Lead.with_user(self.sales_manager).new(
            {"type": "lead", "contact_name": "Roman Zaitsev", "phone": "+7 926 700 80 90"}
        )
        self.assertEqual(
            self.Merge.with_user(self.sales_manager).find_candidates(typed_by_manager),
            [
                (others, 84, ["same phone +7 926 700-80-90", "name Roman Zaitsev ~ Роман Зайцев"]),
                (mine, 60, ["name Roman Zaitsev ~ Зайцев Роман"]),
            ],
        )
        self.assertEqual(Merge.find_candidates(mine), [])
        with self.assertRaises(UserError):
            self.Merge.find_candidates(self.env.user)

    def test_group_scores(self):
        first = self.person("Пётр Иванов", mobile="+7 912 000-11-22")
        second = self.person("Иванов Пётр", mobile="+7 912 000-11-22")
        third = self.person("Анна Белова", mobile="+7 912 000-11-22")
        self.assertEqual(
            self.Merge._vtiger_group_scores("res.partner", [[first.id, third.id], [first.id, second.id, third.id]]),
            [60, 84],
        )

    def test_settings(self):
        """Weights and threshold are settings between 0 and 100."""
        Settings = self.env["res.config.settings"]
        Settings.create({"crm_vtiger_duplicate_threshold": 70, "crm_vtiger_duplicate_weight_name": 40}).execute()
        self.assertEqual(
            self.Merge._vtiger_score_settings(),
            {"phone": 60, "phone_tail": 30, "inn": 70, "email": 60, "name": 40, "threshold": 70},
        )
        with self.assertRaises(ValidationError):
            Settings.create({"crm_vtiger_duplicate_weight_phone": 120})
