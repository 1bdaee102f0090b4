from . import home
from . import portal
from . import complaint_form
from . import privacy
from . import report
from . import revisit_booking
