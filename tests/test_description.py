import os

from lxml import etree, html

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import html_sanitize


@tagged("post_install", "-at_install")
class TestMossAppsPage(TransactionCase):
    """The Apps page passes Odoo's sanitizer whole and loads nothing from outside."""

    def setUp(self):
        super().setUp()
        self.folder = os.path.join(get_module_path("moss_connect"), "static", "description")
        with open(os.path.join(self.folder, "index.html"), encoding="utf-8") as page:
            self.source = page.read()
        self.tree = html.fragment_fromstring(self.source, create_parent="div")

    def test_no_script_style_or_external_resource(self):
        self.assertFalse(self.tree.xpath("//script | //style | //iframe | //link | //object"))
        for element in self.tree.xpath("//*[@src]"):
            self.assertNotIn("//", element.get("src"), "images must ship with the addon")
            self.assertTrue(os.path.isfile(os.path.join(self.folder, element.get("src"))), element.get("src"))
        self.assertEqual(len(self.tree.xpath("//img")), 3)

    def test_sanitizer_keeps_the_page(self):
        sanitized = html.fragment_fromstring(html_sanitize(self.source), create_parent="div")
        self.assertEqual(len(sanitized.xpath("//img")), 3)
        self.assertEqual(len(sanitized.xpath("//section")), len(self.tree.xpath("//section")))
        self.assertIn("Connect Moss", etree.tostring(sanitized, encoding="unicode", method="text"))

    def test_module_shows_the_page_in_apps(self):
        module = self.env["ir.module.module"].search([("name", "=", "moss_connect")])
        self.assertIn("/moss_connect/static/description/screenshot_wizard.png", module.description_html)
