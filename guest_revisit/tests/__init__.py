from . import test_guest_archive
from . import test_guest_complaint_access
from . import test_guest_complaint_flow
from . import test_guest_complaint_mail
from . import test_guest_complaint_performance
from . import test_guest_complaint_portal
from . import test_guest_complaint_revisit_schedule
from . import test_ui
