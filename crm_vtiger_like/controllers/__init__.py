from . import inbound
from . import portal
