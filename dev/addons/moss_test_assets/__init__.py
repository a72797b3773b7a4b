from . import models


def _pregenerate_asset_bundles(env):
    """Odoo's test runner generates every asset bundle before a database's post-install HTTP tests
    (about 25 CPU-seconds). Generated here, in click-odoo-initdb's template, they come with each copy,
    and the runner generates again only the bundles that moss_connect changes. Core's
    test_assetsbundle module pregenerates them the same way, for the same reason."""
    env["ir.qweb"]._pregenerate_assets_bundles()
