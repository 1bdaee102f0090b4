from . import home
from . import portal
from . import report
