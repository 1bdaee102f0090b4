from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .hr_expense_revisit_approval import APPROVAL_LEVELS

LIMIT_APPROVER_GROUP = "guest_revisit_expense.group_revisit_expense_limit_approver"


class HrExpense(models.Model):
    """Revisit costs (E1-E3) in the standard expense flow.

    A revisit expense is approved in levels: the department head, then the leader in
    charge, then -- when it makes the revisit's or the employee's monthly total exceed
    the company limit -- an over-limit approver. Each level is a signature
    (hr.expense.revisit.approval) that only the approval flow writes; the standard
    ``approval_state`` becomes ``approved`` once every required level has signed for
    the expense's current amount. The guards below hold whatever the entry point:
    ``action_approve``, ``_do_approve``, ``write``, ``create``, posting.
    """

    _inherit = "hr.expense"

    # Fields the approval flow computes or writes itself: never from outside.
    _REVISIT_PROTECTED_FIELDS = frozenset(
        {"revisit_head_id", "revisit_leader_id", "revisit_approval_ids"}
    )
    # Changing one of these on a submitted or approved revisit expense restarts its
    # approval: the signatures were given for another amount, date, person or revisit.
    _REVISIT_AMOUNT_FIELDS = frozenset(
        {
            "total_amount",
            "total_amount_currency",
            "price_unit",
            "quantity",
            "currency_id",
            "date",
            "employee_id",
            "revisit_id",
            "company_id",
            "product_id",
        }
    )

    revisit_id = fields.Many2one(
        "guest.revisit",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The guest revisit this cost was incurred for.",
    )
    complaint_id = fields.Many2one(
        related="revisit_id.complaint_id", store=True, index="btree_not_null"
    )
    revisit_plan_id = fields.Many2one(
        related="revisit_id.plan_id", store=True, index="btree_not_null"
    )
    revisit_head_id = fields.Many2one(
        "res.users",
        string="Department Head",
        compute="_compute_revisit_approvers",
        store=True,
        help="First signature: the manager of the employee's department (or of the "
        "nearest parent department with a manager other than the employee).",
    )
    revisit_leader_id = fields.Many2one(
        "res.users",
        string="Leader in Charge",
        compute="_compute_revisit_approvers",
        store=True,
        help="Second signature: the leader in charge of the employee's department, "
        "else of a parent department, else the company's default.",
    )
    revisit_approval_ids = fields.One2many(
        "hr.expense.revisit.approval", "expense_id", string="Approvals", copy=False
    )
    revisit_next_level = fields.Selection(
        APPROVAL_LEVELS,
        string="Waiting For",
        compute="_compute_revisit_approval_status",
    )
    revisit_approval_note = fields.Char(
        string="Approval Status", compute="_compute_revisit_approval_status"
    )
    revisit_can_refuse = fields.Boolean(compute="_compute_revisit_approval_status")
    # Budget (E3), all in company currency at the expense date.
    revisit_amount_company = fields.Monetary(
        string="Amount (Company Currency)",
        currency_field="company_currency_id",
        compute="_compute_revisit_budget",
    )
    revisit_total_revisit = fields.Monetary(
        string="Revisit Costs So Far",
        currency_field="company_currency_id",
        compute="_compute_revisit_budget",
        help="This revisit's costs that are not refused, up to and including this one.",
    )
    revisit_total_employee_month = fields.Monetary(
        string="Employee's Month So Far",
        currency_field="company_currency_id",
        compute="_compute_revisit_budget",
        help="The employee's revisit costs of the expense's calendar month that are "
        "not refused, up to and including this one.",
    )
    revisit_remaining_revisit = fields.Monetary(
        string="Remaining for the Revisit",
        currency_field="company_currency_id",
        compute="_compute_revisit_budget",
    )
    revisit_remaining_employee_month = fields.Monetary(
        string="Remaining for the Employee's Month",
        currency_field="company_currency_id",
        compute="_compute_revisit_budget",
    )
    revisit_has_limit_revisit = fields.Boolean(compute="_compute_revisit_budget")
    revisit_has_limit_employee_month = fields.Boolean(compute="_compute_revisit_budget")
    revisit_over_limit = fields.Boolean(
        string="Over the Limit", compute="_compute_revisit_budget"
    )
    revisit_over_limit_reason = fields.Text(
        string="Why Extra Approval", compute="_compute_revisit_budget"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "revisit_id",
        "employee_id.user_id",
        "employee_id.department_id.manager_id.user_id",
        "employee_id.department_id.parent_id.manager_id.user_id",
        "employee_id.department_id.revisit_leader_id",
        "employee_id.department_id.parent_id.revisit_leader_id",
        "company_id.revisit_expense_leader_id",
    )
    def _compute_revisit_approvers(self):
        for expense in self:
            if not expense.revisit_id:
                expense.revisit_head_id = False
                expense.revisit_leader_id = False
                continue
            # hr.department is HR data the employee may not read.
            employee_sudo = expense.employee_id.sudo()
            own_user = employee_sudo.user_id
            head = leader = self.env["res.users"]
            department = employee_sudo.department_id
            while department and not (head and leader):
                manager_user = department.manager_id.user_id
                if not head and manager_user and manager_user != own_user:
                    head = manager_user
                if (
                    not leader
                    and department.revisit_leader_id
                    and department.revisit_leader_id != own_user
                ):
                    leader = department.revisit_leader_id
                department = department.parent_id
            default_leader = expense.company_id.sudo().revisit_expense_leader_id
            if not leader and default_leader != own_user:
                leader = default_leader
            expense.revisit_head_id = head.sudo(False)
            expense.revisit_leader_id = leader.sudo(False)

    @api.depends(
        "revisit_id",
        "employee_id",
        "date",
        "currency_id",
        "total_amount_currency",
        "company_id.revisit_expense_limit_per_revisit",
        "company_id.revisit_expense_limit_per_employee_month",
    )
    def _compute_revisit_budget(self):
        budgets = self._revisit_budgets()
        for expense in self:
            budget = budgets.get(expense, {})
            expense.revisit_amount_company = budget.get("amount", 0.0)
            expense.revisit_total_revisit = budget.get("total_revisit", 0.0)
            expense.revisit_total_employee_month = budget.get("total_month", 0.0)
            expense.revisit_has_limit_revisit = bool(budget.get("limit_revisit"))
            expense.revisit_has_limit_employee_month = bool(budget.get("limit_month"))
            expense.revisit_remaining_revisit = budget.get("remaining_revisit", 0.0)
            expense.revisit_remaining_employee_month = budget.get(
                "remaining_month", 0.0
            )
            expense.revisit_over_limit = bool(budget.get("reasons"))
            expense.revisit_over_limit_reason = (
                "\n".join(budget.get("reasons", [])) or False
            )

    @api.depends_context("uid")
    @api.depends(
        "revisit_id",
        "state",
        "revisit_approval_ids",
        "revisit_head_id",
        "revisit_leader_id",
        "total_amount_currency",
    )
    def _compute_revisit_approval_status(self):
        budgets = self.filtered(
            lambda e: e.state in ("submitted", "approved")
        )._revisit_budgets()
        for expense in self:
            next_level = note = False
            budget = budgets.get(expense, {})
            if expense.revisit_id and expense.state == "submitted":
                missing = expense._revisit_missing_levels(budget)
                next_level = missing[0] if missing else False
                if next_level:
                    note = self.env._(
                        "Waiting for %(level)s: %(who)s",
                        level=expense._revisit_level_name(next_level),
                        who=expense._revisit_level_approver_names(next_level),
                    )
            expense.revisit_next_level = next_level
            expense.revisit_approval_note = note
            expense.revisit_can_refuse = bool(
                expense.revisit_id
                and expense.state in ("submitted", "approved")
                and expense._revisit_may_refuse(budget)
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._revisit_check_protected_vals(vals)
        expenses = super().create(vals_list)
        expenses.filtered(
            lambda e: e.revisit_id and e.approval_state == "approved"
        )._revisit_check_approved()
        return expenses

    def write(self, vals):
        self._revisit_check_protected_vals(vals)
        if "state" in vals and self.filtered("revisit_id"):
            raise UserError(
                self.env._(
                    "The status of a revisit expense follows its approvals: it cannot "
                    "be written directly."
                )
            )
        if vals.get(
            "approval_state"
        ) == "approved" and not self._REVISIT_AMOUNT_FIELDS.intersection(vals):
            # Refused before anything is written.
            self.filtered(
                lambda e: e.revisit_id and e.approval_state != "approved"
            )._revisit_check_approved()
        watched = self._REVISIT_AMOUNT_FIELDS.intersection(vals)
        before = {}
        if watched:
            before = {
                expense.id: expense._revisit_approval_key()
                for expense in self
                if expense.revisit_id or vals.get("revisit_id")
            }
        old_approval_states = (
            {expense.id: expense.approval_state for expense in self}
            if "approval_state" in vals
            else {}
        )
        res = super().write(vals)
        if "approval_state" in vals and vals["approval_state"] != "approved":
            # Refused, reset or submitted again: earlier signatures are void.
            self.filtered(
                lambda e: old_approval_states[e.id] != e.approval_state
            )._revisit_clear_approvals()
        if before:
            changed = self.filtered(
                lambda e: e.id in before and before[e.id] != e._revisit_approval_key()
            )
            changed._revisit_restart_approval()
        if vals.get("account_move_id"):
            self._revisit_check_postable()
        if "approval_state" in vals or watched:
            self.filtered(
                lambda e: e.revisit_id and e.approval_state == "approved"
            )._revisit_check_approved()
        return res

    def _revisit_check_protected_vals(self, vals):
        protected = self._REVISIT_PROTECTED_FIELDS.intersection(vals)
        if protected:
            raise UserError(
                self.env._(
                    "The approvers and approvals of revisit expenses are set by the "
                    "approval flow, not written directly (%(fields)s).",
                    fields=", ".join(sorted(protected)),
                )
            )

    def _revisit_approval_key(self):
        self.ensure_one()
        return (
            self.revisit_id.id,
            self.employee_id.id,
            self.date,
            self.currency_id.id,
            self.company_id.id,
            self.currency_id.round(self.total_amount_currency),
            self.company_currency_id.round(self.total_amount),
        )

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------

    def update_activities_and_mails(self):
        res = super().update_activities_and_mails()
        self.filtered(
            lambda e: e.revisit_id and e.state == "submitted"
        )._revisit_sync_activities()
        return res

    def _revisit_sync_activities(self):
        """One approval activity per person who may sign the next level."""
        activity_type = self.env.ref("hr_expense.mail_act_expense_approval")
        for expense in self:
            missing = expense._revisit_missing_levels()
            users = (
                expense._revisit_level_approvers(missing[0])
                if missing
                else self.env["res.users"]
            )
            activities = expense.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            keep = self.env["mail.activity"]
            for user in users:
                kept = (activities - keep).filtered(lambda a, u=user: a.user_id == u)[
                    :1
                ]
                if not kept:
                    kept = expense.activity_schedule(
                        "hr_expense.mail_act_expense_approval", user_id=user.id
                    )
                keep |= kept
            # Activities of another person, or duplicates: the approval moved on.
            (activities - keep).sudo().unlink()

    # ------------------------------------------------------------------
    # Approval flow
    # ------------------------------------------------------------------

    def _can_be_autovalidated(self):
        # Upstream approves an expense with no approver on submission: a revisit
        # expense always goes through its levels.
        if self.revisit_id:
            return False
        return super()._can_be_autovalidated()

    def _get_default_responsible_for_approval(self):
        if self.revisit_id and self.revisit_head_id:
            return self.revisit_head_id
        return super()._get_default_responsible_for_approval()

    def action_submit(self):
        revisit_expenses = self.filtered("revisit_id")
        for expense in revisit_expenses:
            expense._revisit_check_approvers()
        revisit_expenses._revisit_clear_approvals()
        return super().action_submit()

    def _get_cannot_approve_reason(self, revisit_levels=True):
        # Submitted revisit expenses follow their levels; in other states (e.g. a
        # manager submitting for an employee) the standard rights hold.
        reasons = super()._get_cannot_approve_reason()
        if not revisit_levels:
            return reasons
        for expense in self.filtered(lambda e: e.revisit_id and e.state == "submitted"):
            reasons[expense.id] = expense._revisit_cannot_sign_reason()
        return reasons

    def _check_can_refuse(self):
        revisit_expenses = self.filtered("revisit_id")
        for expense in revisit_expenses:
            if not expense._revisit_may_refuse():
                raise UserError(
                    self.env._(
                        "You cannot refuse %(expense)s: only its approvers can.",
                        expense=expense.name,
                    )
                )
        return super(HrExpense, self - revisit_expenses)._check_can_refuse()

    def _do_approve(self, check=True):
        revisit_expenses = self.filtered(
            lambda e: e.revisit_id and e.state in ("submitted", "draft")
        )
        others = self - revisit_expenses
        if others:
            super(HrExpense, others)._do_approve(check=check)
        if not revisit_expenses:
            return
        # Whatever ``check`` says: a level is only signed by whom it belongs to.
        reasons = [
            reason
            for reason in (e._revisit_cannot_sign_reason() for e in revisit_expenses)
            if reason
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "You cannot approve:\n%(reasons)s", reasons="\n".join(reasons)
                )
            )
        completed = self.browse()
        for expense in revisit_expenses:
            missing = expense._revisit_missing_levels()
            if missing:
                expense._revisit_sign(missing[0])
                missing = expense._revisit_missing_levels()
            if not missing:
                completed |= expense
        # The leader in charge and the over-limit approver need not be expense
        # approvers: the level check above is their right to approve.
        super(HrExpense, completed.sudo())._do_approve(check=False)
        (revisit_expenses - completed)._revisit_sync_activities()

    def _revisit_sign(self, level):
        self.ensure_one()
        # Nobody may create signatures: this method is the only writer, after
        # _revisit_cannot_sign_reason() allowed the current user.
        self.env["hr.expense.revisit.approval"].sudo().create(
            {
                "expense_id": self.id,
                "level": level,
                "user_id": self.env.user.id,
                "currency_id": self.currency_id.id,
                "amount_currency": self.total_amount_currency,
            }
        )
        self.message_post(
            body=self.env._(
                "Approved by %(user)s as %(level)s (%(amount)s).",
                user=self.env.user.name,
                level=self._revisit_level_name(level),
                amount=format_amount(
                    self.env, self.total_amount_currency, self.currency_id
                ),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _revisit_clear_approvals(self):
        # Signatures cannot be deleted by anyone; voiding them is part of the flow.
        self.sudo().revisit_approval_ids.unlink()

    def _revisit_restart_approval(self):
        """The amount, date, employee or revisit of a submitted or approved revisit
        expense changed: its signatures are void and it waits for them again."""
        posted = self.filtered(lambda e: e.revisit_id and e.account_move_id)
        if posted:
            raise UserError(
                self.env._(
                    "Expense %(expense)s is posted: reset it to draft before changing "
                    "its amount, date, employee or revisit.",
                    expense=posted[0].name,
                )
            )
        to_restart = self.filtered(
            lambda e: e.revisit_id and e.approval_state in ("submitted", "approved")
        )
        if not to_restart:
            return
        to_restart._revisit_clear_approvals()
        # The person who changed the amount may not be an approver: returning the
        # expense to its approvers is the flow's decision, not theirs.
        to_restart.sudo().write({"approval_state": "submitted", "approval_date": False})
        for expense in to_restart:
            expense.message_post(
                body=self.env._(
                    "The amount, date, employee or revisit changed after approval: "
                    "the approvals start again."
                ),
                subtype_xmlid="mail.mt_note",
            )
        to_restart.sudo().update_activities_and_mails()

    # ------------------------------------------------------------------
    # Levels
    # ------------------------------------------------------------------

    def _revisit_required_levels(self, budget=None):
        """Levels this expense needs; ``budget`` (from _revisit_budgets) spares
        computing its figures again."""
        self.ensure_one()
        levels = ["head", "leader"]
        if budget is None:
            budget = self._revisit_budgets().get(self, {})
        if budget.get("reasons"):
            levels.append("limit")
        return levels

    def _revisit_signed_levels(self):
        """Levels signed for the expense's current amount and currency."""
        self.ensure_one()
        # Signatures are read by the flow for whoever looks at the expense.
        approvals = self.sudo().revisit_approval_ids
        return {
            approval.level
            for approval in approvals
            if approval.currency_id == self.currency_id
            and self.currency_id.compare_amounts(
                approval.amount_currency, self.total_amount_currency
            )
            == 0
        }

    def _revisit_missing_levels(self, budget=None):
        self.ensure_one()
        signed = self._revisit_signed_levels()
        return [
            level
            for level in self._revisit_required_levels(budget)
            if level not in signed
        ]

    def _revisit_level_approvers(self, level):
        self.ensure_one()
        if level == "head":
            users = self.revisit_head_id
        elif level == "leader":
            users = self.revisit_leader_id
        else:
            group = self.env.ref(LIMIT_APPROVER_GROUP)
            users = group.sudo().all_user_ids.filtered(
                lambda u, c=self.company_id: c in u.company_ids and not u.share
            )
        return users - self.employee_id.sudo().user_id

    def _revisit_level_approver_names(self, level):
        users = self._revisit_level_approvers(level).sudo()
        if not users:
            return self.env._("nobody is set")
        return ", ".join(users.mapped("name"))

    def _revisit_level_name(self, level):
        return dict(
            self._fields["revisit_next_level"]._description_selection(self.env)
        )[level]

    def _revisit_may_sign(self, level):
        self.ensure_one()
        user = self.env.user
        if user == self.employee_id.sudo().user_id:
            return False
        return user in self._revisit_level_approvers(level)

    def _revisit_may_refuse(self, budget=None):
        """Approvers of the expense's levels refuse it, and so do those whom the
        standard flow lets approve it (expense managers)."""
        self.ensure_one()
        return (
            any(
                self._revisit_may_sign(level)
                for level in self._revisit_required_levels(budget)
            )
            or not self._revisit_upstream_reason()
        )

    def _revisit_cannot_sign_reason(self):
        """Why the current user cannot approve (False if they can): they must be the
        approver of the next level missing; with none missing, an approver of a
        level or a standard expense approver may complete the approval."""
        self.ensure_one()
        if self.company_id not in self.env.companies:
            return self.env._(
                "%(expense)s: it belongs to another company.", expense=self.name
            )
        if self.state != "submitted":
            return self.env._(
                "%(expense)s: only submitted expenses can be approved.",
                expense=self.name,
            )
        missing = self._revisit_missing_levels()
        if not missing:
            if self.env.su or any(
                self._revisit_may_sign(lv) for lv in self._revisit_required_levels()
            ):
                return False
            return self._revisit_upstream_reason()
        level = missing[0]
        if self._revisit_may_sign(level):
            return False
        if self.employee_id.sudo().user_id == self.env.user:
            return self.env._("%(expense)s: it is your own expense.", expense=self.name)
        if level == "limit":
            return self.env._(
                "%(expense)s needs the over-limit approval of %(who)s before it can be "
                "approved.\n%(reason)s",
                expense=self.name,
                who=self._revisit_level_approver_names(level),
                reason="\n".join(self._revisit_over_limit_reasons()),
            )
        return self.env._(
            "%(expense)s is waiting for %(level)s: %(who)s.",
            expense=self.name,
            level=self._revisit_level_name(level),
            who=self._revisit_level_approver_names(level),
        )

    def _revisit_upstream_reason(self):
        """Why Odoo's standard rights would not let the user approve (or False)."""
        return self._get_cannot_approve_reason(revisit_levels=False)[self.id]

    def _revisit_check_approvers(self):
        self.ensure_one()
        if not self.revisit_head_id:
            raise UserError(
                self.env._(
                    "Expense %(expense)s cannot be submitted: the department of "
                    "%(employee)s has no manager to approve it as department head.",
                    expense=self.name,
                    employee=self.employee_id.name,
                )
            )
        if not self.revisit_leader_id:
            raise UserError(
                self.env._(
                    "Expense %(expense)s cannot be submitted: no leader in charge is "
                    "set for the department of %(employee)s, nor a default one in the "
                    "settings.",
                    expense=self.name,
                    employee=self.employee_id.name,
                )
            )

    def _revisit_check_approved(self):
        """An approved revisit expense has every required signature."""
        for expense in self:
            missing = expense._revisit_missing_levels()
            if missing:
                raise UserError(expense._revisit_missing_message(missing))

    def _revisit_missing_message(self, missing):
        message = self.env._(
            "Revisit expense %(expense)s is missing approvals: %(levels)s.",
            expense=self.name,
            levels=", ".join(self._revisit_level_name(level) for level in missing),
        )
        if "limit" in missing:
            message += "\n" + "\n".join(self._revisit_over_limit_reasons())
        return message

    def _revisit_check_postable(self):
        for expense in self.filtered("revisit_id"):
            if expense.approval_state != "approved":
                raise UserError(
                    self.env._(
                        "Revisit expense %(expense)s is not approved: it cannot be "
                        "posted.",
                        expense=expense.name,
                    )
                )
            missing = expense._revisit_missing_levels()
            if missing:
                raise UserError(
                    expense._revisit_missing_message(missing)
                    + "\n"
                    + self.env._(
                        "Reset it to draft and submit it again to collect them."
                    )
                )

    # ------------------------------------------------------------------
    # Posting: every way to an accounting entry checks the approvals.
    # ------------------------------------------------------------------

    def _check_can_create_move(self):
        res = super()._check_can_create_move()
        self._revisit_check_postable()
        return res

    def _prepare_receipts_vals(self):
        self._revisit_check_postable()
        return super()._prepare_receipts_vals()

    def _prepare_payments_vals(self):
        self._revisit_check_postable()
        return super()._prepare_payments_vals()

    def _get_split_values(self):
        values = super()._get_split_values()
        if self.revisit_id and self.approval_state == "approved":
            # Split parts are new amounts: they go back to the approvers.
            for vals in values:
                vals.update(approval_state="submitted", approval_date=False)
        return values

    # ------------------------------------------------------------------
    # Budget
    # ------------------------------------------------------------------

    def _revisit_company_amount(self):
        """The expense in company currency, at the rate of the expense date."""
        self.ensure_one()
        company = self.company_id or self.env.company
        currency = self.currency_id or company.currency_id
        return currency._convert(
            self.total_amount_currency,
            company.currency_id,
            company,
            self.date or fields.Date.context_today(self),
        )

    def _revisit_budgets(self):
        """Budget figures of revisit expenses, computed afresh (other expenses may
        have changed): {expense: {amount, total_revisit, total_month, limit_revisit,
        limit_month, remaining_revisit, remaining_month, reasons}}.

        Totals are the non-refused costs up to and including each expense, in
        creation order, so that a cost split in parts never stays under a limit.
        """
        expenses = self.filtered("revisit_id")
        if not expenses:
            return {}
        today = fields.Date.context_today(self)
        months = {
            expense: (expense.date or today).replace(day=1) for expense in expenses
        }
        first, last = min(months.values()), max(months.values())
        # Others' costs count too, whether or not the current user may read them.
        candidates = self.sudo().search(
            [
                ("id", "not in", [e._origin.id for e in expenses if e._origin.id]),
                ("revisit_id", "!=", False),
                ("state", "!=", "refused"),
                ("company_id", "in", expenses.company_id.ids),
                "|",
                ("revisit_id", "in", expenses.revisit_id._origin.ids),
                "&",
                ("employee_id", "in", expenses.employee_id._origin.ids),
                "&",
                ("date", ">=", first),
                ("date", "<", fields.Date.add(last, months=1)),
            ]
        )
        by_revisit = defaultdict(list)
        by_month = defaultdict(list)
        for other in candidates:
            amount = other._revisit_company_amount()
            by_revisit[other.revisit_id.id].append((other.id, amount))
            by_month[
                (other.employee_id.id, (other.date or today).replace(day=1))
            ].append((other.id, amount))
        budgets = {}
        for expense in expenses:
            own_id = expense._origin.id
            amount = (
                0.0 if expense.state == "refused" else expense._revisit_company_amount()
            )

            def before(rows, own_id=own_id):
                return sum(a for row_id, a in rows if not own_id or row_id < own_id)

            total_revisit = amount + before(by_revisit[expense.revisit_id._origin.id])
            total_month = amount + before(
                by_month[(expense.employee_id._origin.id, months[expense])]
            )
            budgets[expense] = expense._revisit_budget(
                amount, total_revisit, total_month, months[expense]
            )
        return budgets

    def _revisit_budget(self, amount, total_revisit, total_month, month):
        self.ensure_one()
        company = self.company_id or self.env.company
        currency = company.currency_id
        limit_revisit = company.revisit_expense_limit_per_revisit
        limit_month = company.revisit_expense_limit_per_employee_month
        reasons = []
        if limit_revisit and currency.compare_amounts(total_revisit, limit_revisit) > 0:
            reasons.append(
                self.env._(
                    "With this expense the costs of revisit %(revisit)s reach "
                    "%(total)s, over the limit of %(limit)s per revisit.",
                    # Approvers need not read the revisit (guest data): its number.
                    revisit=self.revisit_id.sudo().number,
                    total=format_amount(self.env, total_revisit, currency),
                    limit=format_amount(self.env, limit_revisit, currency),
                )
            )
        if limit_month and currency.compare_amounts(total_month, limit_month) > 0:
            reasons.append(
                self.env._(
                    "With this expense the revisit costs of %(employee)s in %(month)s "
                    "reach %(total)s, over the limit of %(limit)s per employee and "
                    "month.",
                    employee=self.employee_id.sudo().name,
                    month=month.strftime("%Y-%m"),
                    total=format_amount(self.env, total_month, currency),
                    limit=format_amount(self.env, limit_month, currency),
                )
            )
        return {
            "amount": amount,
            "total_revisit": total_revisit,
            "total_month": total_month,
            "limit_revisit": limit_revisit,
            "limit_month": limit_month,
            "remaining_revisit": limit_revisit - total_revisit
            if limit_revisit
            else 0.0,
            "remaining_month": limit_month - total_month if limit_month else 0.0,
            "reasons": reasons,
        }

    def _revisit_over_limit_reasons(self):
        """Why this expense needs the over-limit approval, from current figures."""
        self.ensure_one()
        return self._revisit_budgets().get(self, {}).get("reasons", [])

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_revisit_refuse(self):
        """Refuse for the revisit approvers, who need not be expense approvers."""
        self._check_can_refuse()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Expense"),
            "res_model": "hr.expense.refuse.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_ids": self.ids, "active_model": self._name},
        }
