"""Odoo's own Expenses tests, run with this addon installed: the revisit levels, limits
and guards must leave expenses without a revisit exactly as Odoo makes them.

Odoo wrote them for an English database, while ours is created in Simplified Chinese
(root, the public user and new contacts default to zh_CN): :class:`InEnglish` gives
them, inside their own transaction, the English they expect, before their data is
made. Nothing else is changed in them."""

from odoo.tests import TransactionCase

from odoo.addons.hr_expense.tests import (
    test_expenses,
    test_expenses_access_rights,
    test_expenses_mail_import,
    test_expenses_states,
    test_expenses_tour,
    test_ui,
)


class InEnglish(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        users = (
            cls.env.ref("base.user_root")
            | cls.env.ref("base.user_admin")
            | cls.env.ref("base.public_user")
        )
        users.with_context(active_test=False).write({"lang": "en_US"})
        cls.env.company.partner_id.lang = "en_US"
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))


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
