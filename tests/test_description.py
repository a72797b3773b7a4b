import os

from lxml import html

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMossAppsPage(TransactionCase):
    def test_apps_shows_the_page_whole_and_loads_nothing_from_outside(self):
        """The page as Odoo serves it in Apps, after its sanitizer: the three pictures of the journey,
        shipped with the addon, and no script, style or outside resource."""
        module = self.env["ir.module.module"].search([("name", "=", "moss_connect")])
        page = html.fragment_fromstring(module.description_html, create_parent="div")
        self.assertFalse(page.xpath("//script | //style | //iframe | //link | //object | //*[@onerror]"))
        sources = [img.get("src") for img in page.xpath("//img")]
        self.assertEqual(
            sources,
            [
                "/moss_connect/static/description/screenshot_wizard.png",
                "/moss_connect/static/description/screenshot_result.png",
                "/moss_connect/static/description/screenshot_settings.png",
            ],
        )
        folder = os.path.dirname(get_module_path("moss_connect"))
        self.assertTrue(all(os.path.isfile(folder + source) for source in sources))
        self.assertIn("Connect Moss", page.text_content())
