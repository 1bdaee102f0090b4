from . import guest_complaint
from . import helpdesk_ticket
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import res_partner
