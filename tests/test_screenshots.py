import os
from base64 import b64decode
from pathlib import Path
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser

from .test_tour import JOURNEY_START, MossTourCommon

MARKER = "moss-screenshot:"
# The Apps page shows three steps of the journey.
APPS_PAGE = {
    "3_wizard_ready": "screenshot_wizard",
    "5_credentials": "screenshot_result",
    "6_settings_connected": "screenshot_settings",
}


@tagged("-standard", "-at_install", "post_install", "moss_screenshots")
class TestMossScreenshots(MossTourCommon):
    """Pictures of the first journey (``make screenshots``); not part of ``make test``.

    The tour logs ``moss-screenshot:<name>`` where a picture is wanted; the patched browser
    console handler captures the page. By default the three pictures of the Apps page go to
    ``$MOSS_SCREENSHOT_DIR``; with ``MOSS_SCREENSHOT_LANGS=en_US,de_DE,nl_NL`` every step of the
    journey is captured in each language into ``$MOSS_SCREENSHOT_DIR/<lang>/``, at 1024 px wide,
    to read every sentence in context.
    """

    browser_size = "1024x768"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"city": "Berlin"})

    def _journey(self, target, names):
        taken = []
        original = ChromeBrowser._handle_console

        def handle_console(browser, *args, **kwargs):
            original(browser, *args, **kwargs)
            console_args = kwargs.get("args")
            message = str(browser._from_remoteobject(console_args[0])) if console_args else ""
            name = names(message.removeprefix(MARKER)) if message.startswith(MARKER) else None
            if name:
                future = browser._websocket_send("Page.captureScreenshot", with_future=True)
                future.add_done_callback(lambda f: (target / f"{name}.png").write_bytes(b64decode(f.result()["data"])))
                taken.append(name)

        target.mkdir(parents=True, exist_ok=True)
        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            self.start_tour(
                JOURNEY_START, "moss_connect_first_journey", login="admin", cookies={"moss_screenshots": "1"}
            )
        for name in taken:
            self.assertGreater((target / f"{name}.png").stat().st_size, 10_000)
        return taken

    def test_take_screenshots(self):
        target = Path(os.environ.get("MOSS_SCREENSHOT_DIR") or self.fail("set MOSS_SCREENSHOT_DIR"))
        langs = os.environ.get("MOSS_SCREENSHOT_LANGS")
        if not langs:
            # The Apps page shows a set-up as it should be: a public, https Base URL.
            params = self.env["ir.config_parameter"].sudo()
            params.set_param("web.base.url", "https://odoo.moss-demo.example")
            params.set_param("web.base.url.freeze", True)
            taken = self._journey(target, APPS_PAGE.get)
            self.assertEqual(sorted(taken), sorted(APPS_PAGE.values()))
            return
        for lang in langs.split(","):
            with self.subTest(lang=lang), self.env.cr.savepoint() as savepoint:
                if lang != "en_US":
                    self._load_language(lang)
                self.admin.lang = lang
                self.assertEqual(len(self._journey(target / lang, lambda name: name)), 3)
                savepoint.rollback()
            # The rollback undoes the groups in the database, not in the registry's caches.
            self.env.registry.clear_all_caches()
            self.env.invalidate_all()
