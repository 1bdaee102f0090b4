from . import home
from . import portal
