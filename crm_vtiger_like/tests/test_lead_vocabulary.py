from lxml import etree

from odoo.tests import tagged

from .common import VtigerCase

# words of Odoo's vocabulary a vtiger user must not meet on the addon's lead
# and deal screens, per language: {lang: (on every screen, on deal screens only)}
FORBIDDEN = {
    "en_US": (("Opportunit", "Convert to", "Similar Lead"), ("Lead Information", "Lead Details")),
    "ru_RU": (("Лид", "Возможност", "Конвертировать", "Менеджер по продажам"), ("Информация об обращении",)),
}
# arch attributes users read
LABEL_ATTRIBUTES = ("string", "title", "placeholder", "help", "confirm")


@tagged("post_install", "-at_install")
class TestLeadVocabulary(VtigerCase):
    """vtiger's words (Leads / Обращения, Deals / Сделки, Convert / Преобразовать,
    Merge / Объединить) on the CRM menu, the lead and deal screens and the
    conversion wizard, in English and in Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["crm", "crm_vtiger_like"], ["ru_RU"])

    def menu_names(self, lang):
        Menu = self.env["ir.ui.menu"].with_user(self.sales_user).with_context(lang=lang)
        visible = Menu._visible_menu_ids()
        root = self.env.ref("crm.crm_menu_root")
        return Menu.search([("parent_id", "=", root.id), ("id", "in", list(visible))]).mapped("name")

    def screen_texts(self, model, view_refs, lang):
        """What a user reads on these views: labels and texts of the visible
        nodes, and the names of the fields labelled by their field (in a
        form group, as a list column)."""
        Model = self.env[model].with_user(self.sales_user).with_context(lang=lang)
        views = [(self.env.ref(ref).id, view_type) for ref, view_type in view_refs]
        result = Model.get_views(views)
        fields_info = result["models"][model]["fields"]
        texts = {}

        def read(node, found, view_type, labelled):
            if node.get("invisible") in ("1", "True") or node.get("column_invisible") in ("1", "True"):
                return
            found.update(node.get(attr) for attr in LABEL_ATTRIBUTES if node.get(attr))
            found.update(text.strip() for text in (node.text, node.tail) if text and text.strip())
            if node.tag == "field" and labelled and not node.get("string") and not node.get("nolabel"):
                found.add(fields_info.get(node.get("name"), {}).get("string", ""))
            if node.tag == "label" and not node.get("string") and node.get("for"):
                found.add(fields_info.get(node.get("for"), {}).get("string", ""))
            for child in node.iterchildren(tag=etree.Element):
                if node.tag == "field":
                    continue  # an x2many's own views: another model
                read(child, found, view_type, node.tag == "group" or (view_type == "list" and node.tag == "list"))

        for ref, view_type in view_refs:
            arch = etree.fromstring(result["views"][view_type]["arch"])
            found = texts.setdefault(ref, set())
            if view_type != "form":
                arch.attrib.pop("string", None)  # a list's or kanban's title is not shown
            read(arch, found, view_type, view_type == "list")
        return texts

    def assertNoOdooWords(self, texts, lang, deal_screens=()):
        common, deal_only = FORBIDDEN[lang]
        offending = sorted(
            (ref, text, word)
            for ref, found in texts.items()
            for text in found
            for word in (*common, *(deal_only if ref in deal_screens else ()))
            if word in text
        )
        self.assertFalse(offending, f"Odoo's words on vtiger screens ({lang})")

    def test_crm_menu(self):
        self.assertIn("Leads", self.menu_names("en_US"))
        self.assertIn("Deals", self.menu_names("en_US"))
        names = self.menu_names("ru_RU")
        self.assertIn("Сделки", names)
        self.assertIn("Контрагенты", names)
        self.assertIn("Контакты", names)
        self.assertIn("Обращения", names)
        self.assertFalse([name for name in names if "Лид" in name or "Возможност" in name], names)
        action = self.env.ref("crm_vtiger_like.menu_crm_leads").action
        self.assertEqual(action, self.env.ref("crm_vtiger_like.crm_lead_action_leads"))
        self.assertFalse(self.env.ref("crm.crm_menu_leads").active, "crm's own Leads menu gives way")

    def test_leads_actions_menu(self):
        """One merge (ours, which archives) and vtiger's "Convert" in the
        Actions menu of the leads list, in both languages."""
        Actions = self.env["ir.actions.actions"].with_user(self.sales_manager)
        names = [action["name"] for action in Actions.with_context(lang="en_US").get_bindings("crm.lead")["action"]]
        self.assertIn("Merge Records", names)
        self.assertIn("Convert", names)
        self.assertNotIn("Merge", names, "crm's merge (which deletes) is not offered")
        self.assertFalse([name for name in names if "pportunit" in name], names)
        self.env.registry.clear_cache()  # bindings are cached per language
        names = [action["name"] for action in Actions.with_context(lang="ru_RU").get_bindings("crm.lead")["action"]]
        self.assertIn("Преобразовать", names)
        self.assertFalse([name for name in names if "Возможност" in name or "Конвертировать" in name], names)

    def lead_screens(self, lang):
        return self.screen_texts(
            "crm.lead",
            [
                ("crm.crm_case_tree_view_leads", "list"),
                ("crm.view_crm_lead_kanban", "kanban"),
                ("crm.crm_lead_view_form", "form"),
            ],
            lang,
        )

    def test_lead_screens(self):
        for lang in ("en_US", "ru_RU"):
            self.assertNoOdooWords(self.lead_screens(lang), lang)
        form = self.lead_screens("en_US")["crm.crm_lead_view_form"]
        self.assertIn("Convert", form, "the lead's convert button")
        self.assertIn("Lead No", form)
        self.assertIn("Deal No", form)
        form = self.lead_screens("ru_RU")["crm.crm_lead_view_form"]
        self.assertIn("Обращение №", form)
        self.assertIn("Сделка №", form)
        self.assertIn("Дубликаты", form)

    def test_deal_screens(self):
        for lang in ("en_US", "ru_RU"):
            texts = self.screen_texts(
                "crm.lead",
                [
                    ("crm.crm_case_tree_view_oppor", "list"),
                    ("crm.crm_case_kanban_view_leads", "kanban"),
                    ("crm.crm_lead_view_form", "form"),
                ],
                lang,
            )
            self.assertNoOdooWords(texts, lang, deal_screens=set(texts))

    def test_convert_wizard(self):
        for lang in ("en_US", "ru_RU"):
            texts = self.screen_texts(
                "crm.lead2opportunity.partner", [("crm.view_crm_lead2opportunity_partner", "form")], lang
            )
            title = self.env.ref("crm_vtiger_like.crm_lead_action_convert").with_context(lang=lang).name
            texts["crm.view_crm_lead2opportunity_partner"].add(title)
            self.assertNoOdooWords(texts, lang)
        form = texts["crm.view_crm_lead2opportunity_partner"]
        self.assertIn("Создать сделку", form)
        self.assertIn("Контрагент", form)
        en = self.screen_texts(
            "crm.lead2opportunity.partner", [("crm.view_crm_lead2opportunity_partner", "form")], "en_US"
        )
        self.assertIn("Convert", en["crm.view_crm_lead2opportunity_partner"], "the wizard's title and button")


@tagged("post_install", "-at_install")
class TestLeadScreens(VtigerCase):
    """One duplicates button; lists newest number first."""

    def test_one_duplicates_button_with_crm_similar_leads(self):
        Lead = self.env["crm.lead"].with_user(self.sales_user)
        lead = Lead.create({"name": "A", "last_name": "Громов", "email_from": "gromov@stroymash-test.ru"})
        similar = Lead.create({"name": "B", "last_name": "Громова", "email_from": "info@stroymash-test.ru"})
        by_phone = Lead.create({"name": "C", "last_name": "Другой", "fax": "+7 916 777-30-40"})
        lead.phone = "8 (916) 777-30-40"
        self.assertEqual(lead.duplicate_lead_ids - lead, similar, "crm: the same company's e-mail domain")
        self.assertEqual(lead._vtiger_duplicate_ids()[lead.id], by_phone.ids, "the phone index: the same number")
        self.assertEqual(lead.duplicate_count, 2, "phone duplicates and crm's similar leads, in one count")
        action = lead.action_view_duplicates()
        self.assertEqual(set(Lead.search(action["domain"]).ids), {lead.id, similar.id, by_phone.id})
        self.assertEqual(action["views"][0], (self.env.ref("crm.crm_case_tree_view_leads").id, "list"))
        similar.convert_opportunity(similar.partner_id)
        self.assertEqual(
            similar.action_view_duplicates()["views"][0][0], self.env.ref("crm.crm_case_tree_view_oppor").id
        )
        form = self.env["crm.lead"].get_views([(self.env.ref("crm.crm_lead_view_form").id, "form")])
        button = etree.fromstring(form["views"]["form"]["arch"]).find(
            ".//button[@name='action_show_potential_duplicates']"
        )
        self.assertEqual(button.get("invisible"), "1", "crm's similar leads button gives way to ours")

    def test_newest_number_first(self):
        Lead = self.env["crm.lead"]
        old = Lead.create({"name": "Старое", "last_name": "Старов", "lead_no": "LEA99999"})
        new = Lead.create({"name": "Новое", "last_name": "Новов", "lead_no": "LEA100000"})
        self.assertEqual(Lead.search([("id", "in", (old | new).ids)], order="lead_no desc"), new | old)
        self.assertEqual(Lead.search([("id", "in", (old | new).ids)], order="lead_no"), old | new)
        for ref, order in (
            ("crm.crm_case_tree_view_leads", "lead_no desc"),
            ("crm.crm_case_tree_view_oppor", "deal_no desc"),
        ):
            arch = Lead.get_views([(self.env.ref(ref).id, "list")])["views"]["list"]["arch"]
            self.assertIn(f'default_order="{order}"', arch)

    def test_quick_create_is_short_and_marks_the_last_name(self):
        view = self.env.ref("crm_vtiger_like.crm_lead_view_form_quick_create")
        arch = self.env["crm.lead"].get_views([(view.id, "form")])["views"]["form"]["arch"]
        shown = [node.get("name") for node in etree.fromstring(arch).iter("field") if node.get("invisible") != "1"]
        # the six fields to fill, then the live "possible duplicates" warning
        self.assertEqual(
            shown,
            ["first_name", "last_name", "partner_name", "phone", "email_from", "source_id", "vtiger_duplicate_warning"],
        )
        last_name = etree.fromstring(arch).find(".//field[@name='last_name']")
        self.assertEqual((last_name.get("required"), last_name.get("placeholder")), ("1", "Required"))
