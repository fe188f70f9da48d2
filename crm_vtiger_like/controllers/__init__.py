from . import inbound
from . import portal
from . import import_template
