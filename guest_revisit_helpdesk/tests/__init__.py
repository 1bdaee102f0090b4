from . import test_install
from . import test_access
from . import test_helpdesk_upstream
from . import test_mail_alias
from . import test_ticket_complaint
from . import test_ticket_revisit
from . import test_ui
from . import test_guest_anonymization_helpdesk
