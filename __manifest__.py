{
    "name": "Connect Moss",
    "summary": "Set up Odoo for Moss spend management in one wizard: permissions, journals, supplier and API access",
    "version": "19.0.3.0.0",
    "category": "Accounting",
    "application": True,
    "license": "LGPL-3",
    "author": "Moss Connect contributors",
    "website": "https://github.com/moss-connect/moss_connect",
    "maintainers": ["moss-connect"],
    "development_status": "Beta",
    "depends": ["account", "rpc", "api_doc"],
    "data": [
        "security/moss_connect_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/moss_connection_views.xml",
        "wizards/moss_connect_wizard_views.xml",
        "wizards/moss_connect_credentials_views.xml",
        "views/res_config_settings_views.xml",
        "data/ir_actions_todo_data.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_backend": [
            "moss_connect/static/src/**/*",
        ],
        "web.assets_tests": [
            "moss_connect/static/tests/tours/*.js",
        ],
    },
}
