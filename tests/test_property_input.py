"""Property-based tests of hostile input (``hostile_input_cases``). They need hypothesis, a test-only
package listed in test-requirements.txt: without it they skip and say why, so that the addon's tests
load in any Odoo. ``make test`` installs it and counts a skipped test as a failure."""

from odoo.tests import TransactionCase, tagged

__all__ = ["TestMossHostileInput"]

try:
    from .hostile_input_cases import TestMossHostileInput
except ModuleNotFoundError as error:
    if error.name != "hypothesis":
        raise

    @tagged("post_install", "-at_install")
    class TestMossHostileInput(TransactionCase):
        def test_hostile_input(self):
            self.skipTest("hypothesis is not installed: pip install -r test-requirements.txt to run these tests")
