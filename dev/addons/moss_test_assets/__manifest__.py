# Developer tooling, never shipped: make test installs it into the template of the database that runs
# the HTTP tests (see __init__.py).
{
    "name": "Asset bundles generated once (make test)",
    "version": "19.0.1.0.0",
    "category": "Hidden",
    "summary": "Generates Odoo's asset bundles when it is installed, so that click-odoo-initdb's template keeps them, "
    "and none of the JavaScript unit-test pages' bundles, which no test of moss_connect opens",
    "author": "Moss Connect contributors",
    "license": "LGPL-3",
    "depends": ["account", "rpc", "api_doc"],
    "post_init_hook": "_pregenerate_asset_bundles",
    "installable": True,
}
