from . import test_connect_wizard
from . import test_connection_health
from . import test_external_api
from . import test_integration_key
from . import test_query_count
from . import test_secret_hygiene
from . import test_settings
from . import test_tour
