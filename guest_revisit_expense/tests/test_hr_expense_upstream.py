"""Odoo's own Expenses tests, run with this addon installed: the revisit levels, limits
and guards must leave expenses without a revisit exactly as Odoo makes them.

They run in the English they were written for (:class:`InEnglish`, shared by
the addons' tests). Nothing else is changed in them."""

from odoo.addons.guest_revisit.tests.common import InEnglish
from odoo.addons.hr_expense.tests import (
    test_expenses,
    test_expenses_access_rights,
    test_expenses_mail_import,
    test_expenses_states,
    test_expenses_tour,
    test_ui,
)


class TestExpenses(test_expenses.TestExpenses, InEnglish):
    pass


class TestExpensesAccessRights(
    test_expenses_access_rights.TestExpensesAccessRights, InEnglish
):
    pass


class TestExpensesMailImport(
    test_expenses_mail_import.TestExpensesMailImport, InEnglish
):
    pass


class TestExpensesStates(test_expenses_states.TestExpensesStates, InEnglish):
    pass


class TestExpensesTour(test_expenses_tour.TestExpensesTour, InEnglish):
    pass


class TestUi(test_ui.TestUi, InEnglish):
    pass
