import os
from base64 import b64decode
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .common import MOSS_GROUPS

MARKER = "moss-screenshot:"


@tagged("-standard", "-at_install", "post_install", "moss_screenshots")
class TestMossScreenshots(HttpCase):
    """Regenerates the Apps page screenshots (``make screenshots``); not part of ``make test``.

    The tour logs ``moss-screenshot:<name>`` where a picture is wanted; the patched browser
    console handler captures the page into ``$MOSS_SCREENSHOT_DIR/<name>.png``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        admin.group_ids += cls.env["res.groups"].browse([cls.env.ref(xmlid).id for xmlid in MOSS_GROUPS])
        admin.company_id.write({"name": "Moss Demo GmbH", "city": "Berlin"})
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", "https://odoo.moss-demo.example")
        params.set_param("web.base.url.freeze", True)

    def test_take_screenshots(self):
        target = Path(os.environ.get("MOSS_SCREENSHOT_DIR") or self.fail("set MOSS_SCREENSHOT_DIR"))
        taken = []
        original = ChromeBrowser._handle_console

        def handle_console(browser, *args, **kwargs):
            original(browser, *args, **kwargs)
            console_args = kwargs.get("args")
            message = str(browser._from_remoteobject(console_args[0])) if console_args else ""
            if message.startswith(MARKER):
                name = message.removeprefix(MARKER)
                future = browser._websocket_send("Page.captureScreenshot", with_future=True)
                future.add_done_callback(lambda f: (target / f"{name}.png").write_bytes(b64decode(f.result()["data"])))
                taken.append(name)

        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            self.start_tour("/odoo/settings#account", "moss_connect_screenshots", login="admin")
        self.assertEqual(taken, ["screenshot_wizard", "screenshot_result", "screenshot_settings"])
        for name in taken:
            self.assertGreater((target / f"{name}.png").stat().st_size, 10_000)
