from . import res_company
from . import res_config_settings
from . import hr_department
from . import hr_expense_revisit_budget
from . import hr_expense_revisit_approval
from . import hr_expense
from . import guest_revisit
from . import guest_revisit_plan
