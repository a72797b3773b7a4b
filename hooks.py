"""Uninstalling stops Moss but keeps the accounting it posted into: the keys are revoked and the
integration users archived. Nothing else is kept: installing again, Connect Moss finds the Moss
journals, account, supplier and user by what they are and offers to use them."""


def uninstall_hook(env):
    env["moss.connection"].search([])._revoke_keys_and_archive_users()
