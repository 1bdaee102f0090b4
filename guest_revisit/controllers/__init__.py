from . import home
from . import portal
from . import revisit_booking
