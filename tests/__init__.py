from . import test_connect_wizard
from . import test_settings
from . import test_tour
