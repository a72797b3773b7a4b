from . import moss_connect_credentials
from . import moss_connect_wizard
from . import moss_connect_wizard_readiness
