{
    "name": "Connect Moss",
    "summary": "Set up Odoo for Moss spend management in one wizard: permissions, journals, supplier and API access",
    "version": "19.0.1.0.0",
    "category": "Accounting",
    "license": "LGPL-3",
    "author": "Moss Connect contributors",
    "website": "https://www.getmoss.com",
    "depends": ["account"],
    "data": [
        "security/ir.model.access.csv",
        "views/moss_connect_templates.xml",
        "wizards/moss_connect_wizard_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "moss_connect/static/tests/tours/*.js",
        ],
    },
}
