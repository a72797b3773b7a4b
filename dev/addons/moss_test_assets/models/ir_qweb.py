from odoo import models

# The bundles of Odoo's JavaScript unit-test pages (web.unit_tests_suite, web.test_helpers): no test
# of moss_connect opens them.
UNIT_TEST_BUNDLES = {"web.assets_unit_tests", "web.assets_unit_tests_setup", "web.tests_assets"}


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _get_bundles_to_pregenarate(self):
        """Before HTTP tests, Odoo's runner generates every bundle a page may load. The unit-test pages'
        bundles hold the whole backend, so moss_connect's assets change them too: generated again for
        each test run, they took about 20 of the runner's 30 CPU-seconds of bundles, for no page the
        tests open. Left out; were one ever opened, Odoo would generate it then."""
        js_bundles, css_bundles = super()._get_bundles_to_pregenarate()
        return js_bundles - UNIT_TEST_BUNDLES, css_bundles - UNIT_TEST_BUNDLES
