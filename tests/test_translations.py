from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

LANGUAGES = {"de_DE": "de.po", "nl_NL": "nl.po"}
# Terms that stay as they are in a language; the .po leaves them empty, as OCA's formatting wants.
SAME_IN = {
    "de_DE": {"ID", "Journal", "Login", "Moss", "Moss Integration", "Name", "OK"},
    "nl_NL": {"Code", "Database", "ID", "Login", "Moss", "Moss Integration", "OK"},
}


@tagged("post_install", "-at_install")
class TestMossTranslations(TransactionCase):
    """Each shipped language translates every user-facing term of the addon, as Odoo loads it."""

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
                self.assertGreater(len(terms), 100)
                # Odoo reports a translation equal to the source as empty: accept the listed ones only.
                untranslated = sorted(
                    {
                        source
                        for _module, _type, _name, _res_id, source, value, _comments in terms
                        if not value and source not in SAME_IN[code]
                    }
                )
                self.assertFalse(untranslated, f"untranslated in {code}: {untranslated[:10]}")

    def test_a_translated_string_reaches_the_user(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["moss_connect"], ["de_DE"], overwrite=True)
        wizard = self.env["moss.connect.wizard"].with_context(lang="de_DE").create({})
        english = self.env["moss.connect.wizard"].with_context(lang="en_US").create({})
        self.assertNotEqual(wizard.readiness_lines, english.readiness_lines)
        labels = dict(self.env["moss.connect.wizard"].with_context(lang="de_DE")._moss_permissions())
        self.assertNotIn("Chart of Accounts", labels)
