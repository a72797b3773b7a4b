from . import test_connect_wizard
from . import test_query_count
from . import test_settings
from . import test_tour
