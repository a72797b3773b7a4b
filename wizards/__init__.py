from . import moss_connect_readiness
from . import moss_connect_credentials
from . import moss_connect_wizard
