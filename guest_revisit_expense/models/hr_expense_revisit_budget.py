from dataclasses import dataclass, field
from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL, format_amount

# A cost counts against the budget from its submission on, until it is refused or
# reset to draft: submitted, approved, posted and paid expenses (posted and paid ones
# keep approval_state "approved").
COMMITTED_STATES = ("submitted", "approved")
APPROVED_STATES = ("approved",)


@dataclass
class RevisitBudgetFigures:
    """One expense's budgets, in company currency: the revisit's and the
    employee-month's, each the cost of the others in scope plus this expense."""

    expense: models.BaseModel
    amount: float
    month: date
    revisit_others: float = 0.0
    month_others: float = 0.0
    revisit_limit: float = 0.0
    month_limit: float = 0.0
    currency: models.BaseModel = field(default=None)

    @property
    def revisit_total(self):
        return self.revisit_others + self.amount

    @property
    def month_total(self):
        return self.month_others + self.amount

    def _over(self, total, limit):
        return bool(limit) and self.currency.compare_amounts(total, limit) > 0

    @property
    def revisit_over(self):
        return self._over(self.revisit_total, self.revisit_limit)

    @property
    def month_over(self):
        return self._over(self.month_total, self.month_limit)

    @property
    def over(self):
        return self.revisit_over or self.month_over


class HrExpenseRevisitBudget(models.Model):
    """The one definition of a revisit's cost and of an employee-month's cost, and a
    row per revisit and per employee-month that approvals and postings lock.

    A scope's cost is the sum of the stored ``total_amount`` (company currency) of its
    revisit expenses that are submitted or later and not refused. The figures are read
    afresh, over the whole set at that moment, wherever they are shown or checked.
    """

    _name = "hr.expense.revisit.budget"
    _description = "Revisit Cost Budget"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    lock_count = fields.Integer(
        readonly=True,
        help="Bumped by every approval and posting of the scope, so that concurrent "
        "ones conflict instead of both passing on stale totals.",
    )

    _key_unique = models.Constraint("UNIQUE(key)", "One budget row per scope.")

    # ------------------------------------------------------------------
    # Scopes
    # ------------------------------------------------------------------

    @api.model
    def _month_of(self, expense):
        return (expense.date or fields.Date.context_today(expense)).replace(day=1)

    @api.model
    def _scope_keys(self, expenses):
        keys = set()
        for expense in expenses.filtered("revisit_id"):
            keys.add(f"revisit,{expense.revisit_id._origin.id}")
            keys.add(
                f"employee_month,{expense.employee_id._origin.id},"
                f"{self._month_of(expense):%Y-%m}"
            )
        return sorted(keys)

    @api.model
    def _lock(self, expenses):
        """Lock (and bump) the budget rows of the expenses' revisits and
        employee-months, in a fixed order. A concurrent transaction that approves or
        posts in one of these scopes waits, then fails to serialize and is retried,
        so it reads the totals this one commits."""
        keys = self._scope_keys(expenses)
        if not keys:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO hr_expense_revisit_budget (key, lock_count)
                     SELECT scope_key, 1 FROM unnest(%s::varchar[]) AS scope_key
                   ORDER BY scope_key
                ON CONFLICT (key) DO UPDATE
                        SET lock_count = hr_expense_revisit_budget.lock_count + 1
                """,
                keys,
            )
        )

    # ------------------------------------------------------------------
    # Totals
    # ------------------------------------------------------------------

    @api.model
    def _cost_domain(self, states=COMMITTED_STATES):
        return [("revisit_id", "!=", False), ("approval_state", "in", states)]

    @api.model
    def _costs_by(self, groupby, ids, states=COMMITTED_STATES):
        """{record: (count, total)} of the costs grouped by ``groupby`` (a Many2one of
        hr.expense: revisit_id, revisit_plan_id, employee_id...)."""
        # Every cost counts, whether or not the current user may read it.
        groups = (
            self.env["hr.expense"]
            .sudo()
            ._read_group(
                [(groupby, "in", ids), *self._cost_domain(states)],
                [groupby],
                ["__count", "total_amount:sum"],
            )
        )
        return {record.sudo(False): (count, total) for record, count, total in groups}

    @api.model
    def _expense_contribution(self, expense, states):
        if expense.approval_state not in states:
            return 0.0
        return expense.total_amount

    @api.model
    def _figures(self, expenses, states=COMMITTED_STATES):
        """{expense: RevisitBudgetFigures} of revisit expenses. The expense itself
        counts unless refused (a draft shows what its submission would commit); the
        others count when they are in ``states``."""
        expenses = expenses.filtered("revisit_id")
        if not expenses:
            return {}
        Expense = self.env["hr.expense"].sudo()
        own_ids = [e._origin.id for e in expenses if e._origin.id]
        months = {expense: self._month_of(expense) for expense in expenses}
        by_revisit = dict(
            Expense._read_group(
                [
                    ("id", "not in", own_ids),
                    ("revisit_id", "in", expenses.revisit_id._origin.ids),
                    *self._cost_domain(states),
                ],
                ["revisit_id"],
                ["total_amount:sum"],
            )
        )
        first, last = min(months.values()), max(months.values())
        by_month = {
            (employee, month): total
            for employee, month, total in Expense._read_group(
                [
                    ("id", "not in", own_ids),
                    ("employee_id", "in", expenses.employee_id._origin.ids),
                    ("date", ">=", first),
                    ("date", "<", fields.Date.add(last, months=1)),
                    *self._cost_domain(states),
                ],
                ["employee_id", "date:month"],
                ["total_amount:sum"],
            )
        }
        result = {}
        for expense in expenses:
            company = expense.company_id or self.env.company
            revisit = expense.revisit_id._origin.sudo()
            employee = expense.employee_id._origin.sudo()
            month = months[expense]
            # The other expenses of this batch, as they are now.
            mates = expenses - expense
            revisit_mates = sum(
                self._expense_contribution(m, states)
                for m in mates
                if m.revisit_id._origin.sudo() == revisit
            )
            month_mates = sum(
                self._expense_contribution(m, states)
                for m in mates
                if m.employee_id._origin.sudo() == employee and months[m] == month
            )
            result[expense] = RevisitBudgetFigures(
                expense=expense,
                amount=0.0
                if expense.approval_state == "refused"
                else expense.total_amount,
                month=month,
                revisit_others=by_revisit.get(revisit, 0.0) + revisit_mates,
                month_others=by_month.get((employee, month), 0.0) + month_mates,
                revisit_limit=company.revisit_expense_limit_per_revisit,
                month_limit=company.revisit_expense_limit_per_employee_month,
                currency=company.currency_id,
            )
        return result

    # ------------------------------------------------------------------
    # Over-limit approvals of a scope
    # ------------------------------------------------------------------

    @api.model
    def _uncovered_scopes(self, expenses):
        """For posting: [(expense, scope, figures)] of the scopes whose approved and
        posted costs exceed the limit with no over-limit approval, on an approved
        expense of that scope, that covers them."""
        figures = self._figures(expenses, states=APPROVED_STATES)
        uncovered = []
        for expense, figure in figures.items():
            if figure.revisit_over and not self._limit_approved(
                [("expense_id.revisit_id", "=", expense.revisit_id.id)],
                "revisit_total",
                figure.revisit_total,
                figure.currency,
            ):
                uncovered.append((expense, "revisit", figure))
            if figure.month_over and not self._limit_approved(
                [
                    ("expense_id.employee_id", "=", expense.employee_id.id),
                    ("expense_id.date", ">=", figure.month),
                    ("expense_id.date", "<", fields.Date.add(figure.month, months=1)),
                ],
                "month_total",
                figure.month_total,
                figure.currency,
            ):
                uncovered.append((expense, "month", figure))
        return uncovered

    @api.model
    def _limit_approved(self, scope_domain, total_field, total, currency):
        """Whether an over-limit approval on an approved expense of the scope covers
        ``total``: its ``total_field`` is at least as much."""
        # Every approval of the scope counts, whether or not the poster may read it.
        approvals = (
            self.env["hr.expense.revisit.approval"]
            .sudo()
            .search(
                [
                    ("level", "=", "limit"),
                    *scope_domain,
                    ("expense_id.approval_state", "=", "approved"),
                ]
            )
        )
        return any(
            currency.compare_amounts(approval[total_field], total) >= 0
            for approval in approvals
        )

    # ------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------

    @api.model
    def _over_limit_reasons(self, figure, committed_label=None):
        """Readable reasons why ``figure`` needs an over-limit approval: the revisit
        or employee-month, its budget, what is already committed, and what the extra
        approval must cover."""
        reasons = []
        expense = figure.expense
        currency = figure.currency
        committed_label = committed_label or self.env._("already committed")
        if figure.revisit_over:
            reasons.append(
                self.env._(
                    "Revisit %(revisit)s is over the limit: budget %(limit)s, "
                    "%(label)s %(committed)s, with this expense %(total)s; an "
                    "over-limit approval must cover %(excess)s.",
                    # Approvers need not read the revisit (guest data): its number.
                    revisit=expense.revisit_id.sudo().number,
                    label=committed_label,
                    **self._budget_amounts(
                        figure.revisit_limit,
                        figure.revisit_others,
                        figure.amount,
                        currency,
                    ),
                )
            )
        if figure.month_over:
            reasons.append(
                self.env._(
                    "The revisit costs of %(employee)s in %(month)s are over the "
                    "limit: budget %(limit)s, %(label)s %(committed)s, with this "
                    "expense %(total)s; an over-limit approval must cover %(excess)s.",
                    employee=expense.employee_id.sudo().name,
                    month=figure.month.strftime("%Y-%m"),
                    label=committed_label,
                    **self._budget_amounts(
                        figure.month_limit, figure.month_others, figure.amount, currency
                    ),
                )
            )
        return reasons

    @api.model
    def _budget_amounts(self, limit, others, amount, currency):
        """The amounts a reason names, formatted: the budget, what the others in scope
        already commit, the total with this expense and its excess over the budget."""
        total = others + amount
        return {
            "limit": format_amount(self.env, limit, currency),
            "committed": format_amount(self.env, others, currency),
            "total": format_amount(self.env, total, currency),
            "excess": format_amount(self.env, total - limit, currency),
        }
