from . import test_install
from . import test_revisit_expense
from . import test_revisit_expense_flow
from . import test_revisit_expense_limits
from . import test_revisit_expense_rpc
from . import test_revisit_expense_budget
from . import test_revisit_expense_budget_property
