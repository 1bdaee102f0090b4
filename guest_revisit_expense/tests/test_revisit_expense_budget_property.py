from collections import defaultdict
from datetime import date

from hypothesis import seed
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TestRevisitExpenseCommon

LIMIT_PER_REVISIT = 500.0
LIMIT_PER_MONTH = 800.0
AMOUNTS = (180.0, 250.0, 310.0, 420.0)
DATES = (date(2026, 1, 10), date(2026, 1, 25), date(2026, 2, 5))
# What a refused call may raise; anything else is a defect the test reports.
REFUSALS = (UserError, AccessError, ValidationError)
APPROVER_ROLES = ["expense_manager", "head", "leader", "limit"]


# A fixed seed: the suite runs the same sequences every time.
@seed(20261201)
class RevisitBudgetMachine(RuleBasedStateMachine):
    """What each role may try on revisit expenses, in any order; ``test`` is the
    running test case, whose users and revisits the rules act with."""

    test = None
    expenses = Bundle("expenses")

    def __init__(self):
        super().__init__()
        test = self.test
        self.staff = {
            test.employee_staff: test.user_staff,
            test.employee_staff_second: test.user_staff_second,
        }
        self.approvers = {
            "head": test.user_department_head,
            "leader": test.user_leader,
            "limit": test.user_limit_approver,
            "expense_manager": test.user_expense_manager,
        }
        # Each example starts from the test's data and leaves nothing.
        self.savepoint = self.test.env.cr.savepoint()
        self.steps = []

    def teardown(self):
        self.savepoint.close(rollback=True)

    def _try(self, label, action):
        """One request: all or nothing, as over RPC."""
        try:
            with self.test.env.cr.savepoint():
                action()
        except REFUSALS as error:
            self.steps.append(f"{label}: refused ({str(error)[:60]})")
            return False
        self.steps.append(f"{label}: done")
        return True

    def _expense(self, expense_id, user=None):
        expense = self.test.env["hr.expense"].browse(expense_id)
        return expense.with_user(user) if user else expense

    # -- what the roles try ------------------------------------------

    def _create(self, amount, revisit, employee, day, submit):
        employee = list(self.staff)[employee]
        expense = (
            self.test.env["hr.expense"]
            .with_user(self.staff[employee])
            .create(
                {
                    "name": "Revisit cost",
                    "product_id": self.test.product_meals.id,
                    "employee_id": employee.id,
                    "revisit_id": self.test.revisits[revisit].id,
                    "total_amount_currency": amount,
                    "date": day,
                }
            )
        )
        self.steps.append(f"create {expense.id} {amount} {day}")
        if submit:
            self._try(f"submit {expense.id}", expense.action_submit)
        return expense.id

    creations = {
        "amount": st.sampled_from(AMOUNTS),
        "revisit": st.sampled_from(range(2)),
        "employee": st.sampled_from(range(2)),
        "day": st.sampled_from(DATES),
    }

    @initialize(target=expenses, **creations)
    def create_first(self, amount, revisit, employee, day):
        return self._create(amount, revisit, employee, day, True)

    @initialize(target=expenses, **creations)
    def create_second(self, amount, revisit, employee, day):
        return self._create(amount, revisit, employee, day, True)

    @rule(target=expenses, submit=st.booleans(), **creations)
    def create_expense(self, amount, revisit, employee, day, submit):
        return self._create(amount, revisit, employee, day, submit)

    @rule(expense_id=expenses)
    def submit(self, expense_id):
        owner = self.staff[self._expense(expense_id).employee_id]
        self._try(
            f"submit {expense_id}",
            self._expense(expense_id, owner).action_submit,
        )

    def _next_approver(self, expense):
        level = expense.revisit_next_level
        if expense.state != "submitted" or not level:
            return None, level
        return {
            "head": self.test.user_department_head,
            "leader": self.test.user_leader,
            "limit": self.test.user_limit_approver,
        }[level], level

    @rule(expense_id=expenses)
    def approve_next_level(self, expense_id):
        """The approver whose turn it is signs one level."""
        user, level = self._next_approver(self._expense(expense_id))
        if user:
            self._try(
                f"approve {expense_id} at {level}",
                self._expense(expense_id, user).action_approve,
            )

    @rule(expense_id=expenses, with_limit=st.booleans())
    def approve_every_level(self, expense_id, with_limit):
        """Each approver in turn; the over-limit one (the extra approval)
        only if asked."""
        for _level in range(3):
            user, level = self._next_approver(self._expense(expense_id))
            if not user or (level == "limit" and not with_limit):
                break
            if not self._try(
                f"approve {expense_id} at {level}",
                self._expense(expense_id, user).action_approve,
            ):
                break

    @rule(expense_id=expenses)
    def post(self, expense_id):
        expense = self._expense(expense_id)
        if self._try(
            f"post {expense_id}",
            lambda: self.test._post_as_finance(expense),
        ):
            # Nothing is posted without the approvals its budgets need.
            assert expense.state in ("posted", "in_payment", "paid"), self.steps
            self._assert_covered()

    @rule(
        expense_id=expenses,
        change=st.sampled_from(["refuse", "reset", "relink", "amount", "date"]),
        role=st.sampled_from(APPROVER_ROLES),
        revisit=st.sampled_from(range(2)),
        amount=st.sampled_from(AMOUNTS),
        day=st.sampled_from(DATES),
    )
    def change(self, expense_id, change, role, revisit, amount, day):
        """Refuse (as an approver), reset (as an HR officer), re-link (as
        the head or an expense manager), a new amount or date (as an
        expense manager)."""
        if change == "refuse":
            expense = self._expense(expense_id, self.approvers[role])

            def action():
                expense._check_can_refuse()
                expense._do_refuse("Property test")

        elif change == "reset":
            action = self._expense(expense_id, self.test.user_hr_officer).action_reset
        else:
            user = (
                self.test.user_department_head
                if change == "relink" and role == "head"
                else self.test.user_expense_manager
            )
            vals = {
                "relink": {"revisit_id": self.test.revisits[revisit].id},
                "amount": {"total_amount_currency": amount},
                "date": {"date": day},
            }[change]
            expense = self._expense(expense_id, user)

            def action():
                expense.write(vals)

        self._try(f"{change} {expense_id} ({role})", action)

    @rule(
        expense_id=expenses,
        role=st.sampled_from(APPROVER_ROLES),
        raw_write=st.booleans(),
    )
    def approve_out_of_turn(self, expense_id, role, raw_write):
        """Whoever tries to approve, through the button or a raw write."""
        expense = self._expense(expense_id, self.approvers[role])
        if raw_write:
            self._try(
                f"write approved {expense_id} ({role})",
                lambda: expense.write({"approval_state": "approved"}),
            )
        else:
            self._try(f"approve {expense_id} as {role}", expense.action_approve)

    # -- guarantees ----------------------------------------------------

    def _approved_expenses(self):
        """The approved expenses of the machine's staff, whoever may read them."""
        return (
            self.test.env["hr.expense"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", list(e.id for e in self.staff)),
                    ("approval_state", "=", "approved"),
                ]
            )
        )

    def _assert_covered(self):
        """For every revisit and employee-month: approved and posted costs
        over the limit have an over-limit approval covering them."""
        approved = self._approved_expenses()
        scopes = defaultdict(lambda: self.test.env["hr.expense"])
        for expense in approved:
            scopes[("revisit", expense.revisit_id)] |= expense
            scopes[("month", expense.employee_id, expense.date.replace(day=1))] |= (
                expense
            )
        for scope, members in scopes.items():
            total = sum(members.mapped("total_amount"))
            is_revisit = scope[0] == "revisit"
            limit = LIMIT_PER_REVISIT if is_revisit else LIMIT_PER_MONTH
            if total <= limit + 0.001:
                continue
            covered_field = "revisit_total" if is_revisit else "month_total"
            covering = members.revisit_approval_ids.filtered(
                lambda a, f=covered_field, t=total: (
                    a.level == "limit" and a[f] >= t - 0.001
                )
            )
            assert covering, (
                f"{scope}: {total} approved over {limit} with no over-limit "
                f"approval covering it; steps: {self.steps}"
            )

    @invariant()
    def over_limit_costs_are_covered(self):
        self._assert_covered()

    @invariant()
    def approved_expenses_carry_both_levels(self):
        approved = self._approved_expenses()
        for expense in approved:
            levels = set(expense.revisit_approval_ids.mapped("level"))
            assert {"head", "leader"} <= levels, (expense.id, self.steps)


@tagged("post_install", "-at_install")
class TestRevisitExpenseBudgetProperty(TestRevisitExpenseCommon):
    """E3 in any order of events: random sequences of what each role may try, with
    the guarantee checked after every step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_staff_second = new_test_user(
            cls.env, login="gre_staff2", groups="base.group_user", name="GRE staff 2"
        )
        cls.employee_staff_second = cls.env["hr.employee"].create(
            {
                "name": "Staff 2",
                "user_id": cls.user_staff_second.id,
                "department_id": cls.department.id,
            }
        )
        cls.user_hr_officer = cls._create_hr_officer()
        (cls.user_staff_second | cls.user_hr_officer).write({"lang": "en_US"})
        cls.revisits = cls.revisit | cls._create_revisit()
        cls.company.write(
            {
                "revisit_expense_limit_per_revisit": LIMIT_PER_REVISIT,
                "revisit_expense_limit_per_employee_month": LIMIT_PER_MONTH,
            }
        )

    def test_limits_hold_in_any_order(self):
        if not self.env["account.journal"].search_count(
            [("company_id", "=", self.company.id), ("type", "=", "purchase")], limit=1
        ):
            self.skipTest("The company has no chart of accounts to post expenses.")
        # Bounded by the loaded hypothesis profile (conftest.py), long enough to
        # reach approvals, excesses and postings.
        run_state_machine_as_test(
            type("Machine", (RevisitBudgetMachine,), {"test": self})
        )
