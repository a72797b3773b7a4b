import re

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

LANGUAGES = {"de_DE": "de.po", "nl_NL": "nl.po"}
# Terms that stay as they are in a language; the .po leaves them empty, as OCA's formatting wants.
NAMES = {"ID", "Icon", "Login", "Moss", "Moss Integration", "Moss Integration (%(company)s)", "Moss: %(company)s", "OK"}
SAME_IN = {"de_DE": NAMES | {"Code", "Journal", "Name"}, "nl_NL": NAMES | {"Code", "Contact", "Database"}}
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s")
TAG = re.compile(r"</?\w+")
# A source of this many words or more is a sentence: its translation is one too, not a single word.
SENTENCE_WORDS = 4


def translation_problems(source, value):
    """What a translation loses of its source: placeholders, markup, or the sentence itself."""
    problems = []
    if sorted(PLACEHOLDER.findall(value)) != sorted(PLACEHOLDER.findall(source)):
        problems.append("placeholders differ")
    if sorted(TAG.findall(value)) != sorted(TAG.findall(source)):
        problems.append("markup differs")
    if len(source.split()) >= SENTENCE_WORDS and len(value.split()) < len(source.split()) / 2:
        problems.append("a sentence rendered as a word or two")
    return problems


@tagged("post_install", "-at_install")
class TestMossTranslations(TransactionCase):
    """Each shipped language translates every user-facing term of the addon, whole, as Odoo loads it."""

    def _po_terms(self, filename):
        with open(f"{get_module_path('moss_connect')}/i18n/{filename}", "rb") as po:
            return {entry["src"]: entry["value"] for entry in PoFileReader(po)}

    def test_every_term_is_translated_in_german_and_dutch(self):
        for code, filename in LANGUAGES.items():
            with self.subTest(language=code):
                self.env["res.lang"]._activate_lang(code)
                self.env["ir.module.module"]._load_module_terms(["moss_connect"], [code], overwrite=True)
                po_terms = self._po_terms(filename)
                self.assertFalse({term for term, value in po_terms.items() if not value} - SAME_IN[code])
                terms = list(TranslationModuleReader(self.env.cr, modules=["moss_connect"], lang=code))
                self.assertGreater(len(terms), 200)
                # Odoo reports a translation equal to the source as empty: accept the listed ones only.
                untranslated = sorted(
                    {
                        source
                        for _module, _type, _name, _res_id, source, value, _comments in terms
                        if not value and source not in SAME_IN[code]
                    }
                )
                self.assertFalse(untranslated, f"untranslated in {code}: {untranslated[:10]}")

    def test_each_translation_says_the_whole_sentence(self):
        """Placeholders and markup kept, and no sentence rendered as a word or two."""
        for code, filename in LANGUAGES.items():
            for source, value in self._po_terms(filename).items():
                if value:
                    with self.subTest(language=code, source=source[:60]):
                        self.assertFalse(translation_problems(source, value), value)

    def test_the_rule_catches_what_went_wrong_before(self):
        """A paragraph translated as one word, a lost placeholder, lost markup: each is caught."""
        source = "<strong>Copy the key now.</strong> Connect Moss prepares %(company)s for Moss in two steps."
        self.assertIn("a sentence rendered as a word or two", translation_problems(source, "Verbinden"))
        self.assertIn("placeholders differ", translation_problems(source, "<strong>Kopieren</strong> " * 6))
        self.assertIn("markup differs", translation_problems(source, "Kopieren Sie %(company)s " * 4))
        good = "<strong>Jetzt kopieren.</strong> Connect Moss bereitet %(company)s in zwei Schritten vor."
        self.assertFalse(translation_problems(source, good))

    def test_a_translated_string_reaches_the_user(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["moss_connect"], ["de_DE"], overwrite=True)
        wizard = self.env["moss.connect.wizard"].with_context(lang="de_DE").create({})
        english = self.env["moss.connect.wizard"].with_context(lang="en_US").create({})
        self.assertNotEqual(wizard.readiness_lines, english.readiness_lines)
        labels = dict(self.env["moss.connect.wizard"].with_context(lang="de_DE")._moss_permissions())
        self.assertIn("Kontenplan", labels)
