from . import res_company
from . import res_config_settings
from . import guest_complaint_stage
from . import guest_complaint_category
from . import guest_complaint
from . import guest_type
from . import guest_type_contact_window
from . import res_partner
