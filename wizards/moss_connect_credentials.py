from odoo import api, fields, models
from odoo.exceptions import AccessError


class MossConnectCredentials(models.AbstractModel):
    """What Moss asks for, shown once after a key is generated.

    Abstract on purpose, like Odoo's own ``res.users.apikeys.show``: the values come from the
    action's context (``default_api_key``...) and nothing, the key least of all, is ever stored.
    """

    _name = "moss.connect.credentials"
    _description = "Moss Connection Details"

    # The form is filled by onchange, which needs an id field on an abstract model.
    id = fields.Id()
    company = fields.Char(readonly=True)
    connect_report = fields.Json(string="What Connect Moss did", readonly=True)
    base_url = fields.Char(string="Base URL", readonly=True)
    database_name = fields.Char(string="Database", readonly=True)
    login = fields.Char(readonly=True)
    api_key = fields.Char(string="API Key", readonly=True)
    key_expiration = fields.Char(string="Key Expires", readonly=True)
    purchase_journal = fields.Char(readonly=True)
    bank_journal = fields.Char(readonly=True)
    supplier = fields.Char(string="Default Supplier", readonly=True)
    url_warnings = fields.Json(string="Base URL Warnings", readonly=True)

    def _refuse_reading(self):
        raise AccessError(
            self.env._("Moss connection details are shown once and stored nowhere: there is nothing to read or save.")
        )

    def _search(self, *args, **kwargs):
        self._refuse_reading()

    # Nothing is ever stored: no super() to call.
    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        self._refuse_reading()

    def _fetch_query(self, query, fields):
        self._refuse_reading()
