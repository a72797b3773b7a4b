from . import moss_accounting_setup
from . import moss_connection_report
from . import moss_connection
from . import res_config_settings
from . import res_partner
from . import res_users
from . import res_users_apikeys
