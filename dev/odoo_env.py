"""Odoo in-process for the dev scripts that set data up (make smoke, make bench, make roundtrip): one way
to open an environment, and the groups Connect Moss asks of the administrator.

The scripts that only talk HTTP import it late, in the functions that need Odoo, and so do without it.
"""

from contextlib import contextmanager

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import config

MOSS_GROUPS = ("base.group_system", "account.group_account_manager", "analytic.group_analytic_accounting")


def configure(addons_path):
    config.parse_config(["--addons-path", addons_path, "--log-level", "warn"])


@contextmanager
def environment(dbname):
    """The superuser's environment on ``dbname``, committed when the block ends without an error.
    Loading a chart or a module may load a new registry: each block takes the current one."""
    with Registry(dbname).check_signaling().cursor() as cr:
        yield api.Environment(cr, odoo.SUPERUSER_ID, {})


def moss_administrator(env):
    """The administrator, with every group Connect Moss asks for."""
    admin = env.ref("base.user_admin")
    admin.group_ids += env["res.groups"].browse([env.ref(xmlid).id for xmlid in MOSS_GROUPS])
    return admin
