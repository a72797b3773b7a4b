"""19.0.2 kept self-renewal working through Odoo's database-wide switch
``base.enable_programmatic_api_keys`` and shortened the previous key's own expiry for its grace
period. 19.0.3 renews through ``moss.connection.renew_api_key`` and ends a grace period by removing
the key when it ends: turn off what 19.0.2 turned on, and schedule the grace periods under way.
19.0.2 also kept the set-up in a system parameter across an uninstall: 19.0.3 keeps nothing."""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import drop_index

PROGRAMMATIC_KEYS_PARAM = "base.enable_programmatic_api_keys"
# 19.0.2's marker: set only when Connect Moss itself had turned the switch on.
SET_BY_MOSS = "moss_connect.enabled_programmatic_api_keys"


def migrate(cr, version):
    # 19.0.2 made this index in init(); 19.0.3 declares it with models.Index, which Odoo manages.
    drop_index(cr, "account_move_moss_create_uid_date_index", "account_move")
    env = api.Environment(cr, SUPERUSER_ID, {})
    params = env["ir.config_parameter"]
    if params.get_param(SET_BY_MOSS):
        params.set_param(PROGRAMMATIC_KEYS_PARAM, False)
    params.search([("key", "in", (SET_BY_MOSS, "moss_connect.previous_setup"))]).unlink()
    for connection in env["moss.connection"].search([("state", "=", "connected")]):
        previous = connection._previous_keys()[:1]
        if previous.expiration_date:
            connection.key_grace_end = previous.expiration_date
            env.ref("moss_connect.ir_cron_moss_key_reminders")._trigger(at=previous.expiration_date)
