from . import moss_connect_wizard
