import ast
import csv
import re
from pathlib import Path

import polib
from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

MODULE = "crm_vtiger_like"
ADDON = Path(__file__).resolve().parent.parent
# text that reads the same in Russian (OCA's po-pretty-format empties a
# translation equal to its msgid): vtiger's name, URLs, text without Latin
# letters (ООО, placeholders alone), the ID column
SAME_IN_RUSSIAN = re.compile(r"^(ID|vtiger|https?://\S*|[^A-Za-z]*)$")
PLACEHOLDERS = re.compile(r"%\(\w+\)s|%%s|%s")


@tagged("post_install", "-at_install")
class TestTranslation(TransactionCase):
    """Every translatable string of the addon (code, fields, selections,
    views, menus, actions, data) has its Russian translation in i18n/ru.po,
    and every translation keeps the placeholders of its source."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po = polib.pofile(str(ADDON / "i18n" / "ru.po"))
        cls.translations = {entry.msgid: entry.msgstr for entry in cls.po if not entry.obsolete}

    def demo_xmlids(self):
        """The records of the demo files: written in Russian, not exported."""
        manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
        ids = set()
        for name in manifest.get("demo", []):
            path = ADDON / name
            if path.suffix == ".xml":
                ids |= {node.get("id") for node in etree.parse(str(path)).iter("record", "menuitem")}
            elif path.suffix == ".csv":
                with path.open(encoding="utf-8") as handle:
                    ids |= {row["id"] for row in csv.DictReader(handle)}
        return {xmlid if "." in xmlid else f"{MODULE}.{xmlid}" for xmlid in ids if xmlid}

    def addon_terms(self):
        """{source: where} of every term odoo-bin's export finds in the addon."""
        demo = self.demo_xmlids()
        terms = {}
        for module, ttype, name, res_id, source, _value, _comments in TranslationModuleReader(
            self.env.cr, modules=[MODULE]
        ):
            if module == MODULE and not (ttype != "code" and res_id in demo):
                terms.setdefault(source, f"{ttype}:{name}:{res_id}")
        return terms

    def test_every_string_has_a_russian_translation(self):
        terms = self.addon_terms()
        self.assertGreater(len(terms), 1000, "the export found the addon's strings")
        missing = sorted(
            f"{where}: {source!r}"
            for source, where in terms.items()
            if not self.translations.get(source) and not SAME_IN_RUSSIAN.match(PLACEHOLDERS.sub("", source).strip())
        )
        self.assertEqual(missing, [], "strings without a Russian translation in i18n/ru.po (run `make pot`)")

    def test_translations_keep_placeholders(self):
        broken = sorted(
            entry.msgid
            for entry in self.po
            # as sets: a plural text ("one|many") has three forms in Russian
            if entry.msgstr and set(PLACEHOLDERS.findall(entry.msgid)) != set(PLACEHOLDERS.findall(entry.msgstr))
        )
        self.assertEqual(broken, [])

    def test_no_stale_translations(self):
        """ru.po holds nothing the addon no longer says (make pot drops them)."""
        terms = self.addon_terms()
        stale = sorted(msgid for msgid in self.translations if msgid not in terms)
        self.assertEqual(stale, [])
