from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    # Moss's last activity is the newest entry its user created: one index lookup, whatever the size
    # of the books (Odoo creates the index with the module and drops it on uninstall).
    _moss_activity_idx = models.Index("(create_uid, create_date DESC, id DESC)")
