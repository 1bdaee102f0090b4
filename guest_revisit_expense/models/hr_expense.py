from odoo import api, fields, models
from odoo.exceptions import UserError

from .hr_expense_revisit_approval import APPROVAL_LEVELS


class HrExpense(models.Model):
    """Revisit costs (E1-E3) in the standard expense flow.

    A revisit expense is approved in levels: the department head, then the leader in
    charge, then -- when it makes the revisit's or the employee's monthly total exceed
    the company limit -- an over-limit approver. Each level is a signature
    (hr.expense.revisit.approval) that only the approval flow writes; the standard
    ``approval_state`` becomes ``approved`` once every required level has signed for
    the expense's current amount. The guards below hold whatever the entry point:
    ``action_approve``, ``_do_approve``, ``write``, ``create``, posting.

    The level rules live on hr.expense.revisit.approval, the budget figures and
    their locks on hr.expense.revisit.budget; this class wires them into the
    standard expense flow.
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
        help="The revisit's costs from submission on, not refused, with this one.",
    )
    revisit_total_employee_month = fields.Monetary(
        string="Employee's Month So Far",
        currency_field="company_currency_id",
        compute="_compute_revisit_budget",
        help="The employee's revisit costs of the expense's calendar month, from "
        "submission on and not refused, with this one.",
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

    # The walk reads the departments above the employee's at any depth: the parent
    # chain is followed through parent_path; a manager or leader changed higher up
    # is recomputed by hr.department.write, which @api.depends cannot express.
    @api.depends(
        "revisit_id",
        "company_id.revisit_expense_leader_id",
        "employee_id.user_id",
        "employee_id.department_id.parent_path",
        "employee_id.department_id.manager_id.user_id",
        "employee_id.department_id.revisit_leader_id",
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

    # Other expenses' totals count too: the figures are not stored, read afresh.
    @api.depends(
        "revisit_id",
        "employee_id",
        "date",
        "approval_state",
        "total_amount",
        "company_id.revisit_expense_limit_per_revisit",
        "company_id.revisit_expense_limit_per_employee_month",
    )
    def _compute_revisit_budget(self):
        Budget = self.env["hr.expense.revisit.budget"]
        figures = Budget._figures(self)
        for expense in self:
            figure = figures.get(expense)
            expense.revisit_amount_company = figure.amount if figure else 0.0
            expense.revisit_total_revisit = figure.revisit_total if figure else 0.0
            expense.revisit_total_employee_month = figure.month_total if figure else 0.0
            expense.revisit_has_limit_revisit = bool(figure and figure.revisit_limit)
            expense.revisit_has_limit_employee_month = bool(
                figure and figure.month_limit
            )
            expense.revisit_remaining_revisit = (
                figure.revisit_limit - figure.revisit_total
                if figure and figure.revisit_limit
                else 0.0
            )
            expense.revisit_remaining_employee_month = (
                figure.month_limit - figure.month_total
                if figure and figure.month_limit
                else 0.0
            )
            expense.revisit_over_limit = bool(figure and figure.over)
            expense.revisit_over_limit_reason = (
                "\n".join(Budget._over_limit_reasons(figure)) if figure else False
            ) or False

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
        Approval = self.env["hr.expense.revisit.approval"]
        in_approval = self.filtered(lambda e: e.state in ("submitted", "approved"))
        figures = self.env["hr.expense.revisit.budget"]._figures(in_approval)
        upstream_reasons = in_approval._revisit_upstream_reasons()
        for expense in self:
            next_level = note = False
            figure = figures.get(expense)
            if expense.revisit_id and expense.state == "submitted":
                missing = Approval._missing_levels(expense, figure)
                next_level = missing[0] if missing else False
                if next_level:
                    note = self.env._(
                        "Waiting for %(level)s: %(who)s",
                        level=Approval._level_name(next_level),
                        who=Approval._approver_names(expense, next_level),
                    )
            expense.revisit_next_level = next_level
            expense.revisit_approval_note = note
            expense.revisit_can_refuse = bool(
                figure
                and not Approval._cannot_act_reason(
                    expense, upstream_reasons[expense.id], figure
                )
            )

    # The right to approve or refuse a revisit expense follows its levels, which
    # change with its state and signatures, and reads as the right to refuse while
    # refusing.
    @api.depends_context("uid", "revisit_refusing")
    @api.depends(
        "employee_id",
        "approval_state",
        "revisit_id",
        "revisit_approval_ids",
        "total_amount_currency",
    )
    def _compute_can_approve(self):
        return super()._compute_can_approve()

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
        watched = self._REVISIT_AMOUNT_FIELDS.intersection(vals)
        if vals.get("approval_state") == "approved" and not watched:
            # Refused before anything is written.
            self.filtered(
                lambda e: e.revisit_id and e.approval_state != "approved"
            )._revisit_check_approved()
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
            self.filtered(
                lambda e: e.id in before and before[e.id] != e._revisit_approval_key()
            )._revisit_restart_approval()
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
        Approval = self.env["hr.expense.revisit.approval"]
        activity_type = self.env.ref("hr_expense.mail_act_expense_approval")
        figures = self.env["hr.expense.revisit.budget"]._figures(self)
        for expense in self:
            missing = Approval._missing_levels(expense, figures.get(expense))
            users = (
                Approval._approvers(expense, missing[0])
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
                        "hr_expense.mail_act_expense_approval",
                        # In the approver's language, whoever submits.
                        summary=activity_type.with_context(lang=user.lang).summary,
                        user_id=user.id,
                    )
                keep |= kept
            # Activities of another person, or duplicates: the approval moved on.
            (activities - keep).sudo().unlink()

    # ------------------------------------------------------------------
    # Approval flow (upstream hooks)
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

    def _get_cannot_approve_reason(self):
        # A submitted revisit expense is approved by the approver of its next level;
        # in other states, and when refusing, its approvers and Odoo's expense
        # approvers may act on it.
        reasons = super()._get_cannot_approve_reason()
        if self.env.context.get("revisit_upstream_rights"):
            return reasons
        Approval = self.env["hr.expense.revisit.approval"]
        revisit_expenses = self.filtered("revisit_id")
        figures = self.env["hr.expense.revisit.budget"]._figures(revisit_expenses)
        refusing = self.env.context.get("revisit_refusing")
        for expense in revisit_expenses:
            if expense.state == "submitted" and not refusing:
                reasons[expense.id] = Approval._cannot_sign_reason(
                    expense, reasons[expense.id], figures[expense]
                )
            else:
                reasons[expense.id] = Approval._cannot_act_reason(
                    expense, reasons[expense.id], figures[expense]
                )
        return reasons

    def _check_can_refuse(self):
        return super(
            HrExpense, self.with_context(revisit_refusing=True)
        )._check_can_refuse()

    def _do_approve(self, check=True):
        revisit_expenses = self.filtered(
            lambda e: e.revisit_id and e.state in ("submitted", "draft")
        )
        others = self - revisit_expenses
        if others:
            super(HrExpense, others)._do_approve(check=check)
        if not revisit_expenses:
            return
        Approval = self.env["hr.expense.revisit.approval"]
        Budget = self.env["hr.expense.revisit.budget"]
        # Totals of this moment, which no concurrent approval may change meanwhile.
        Budget._lock(revisit_expenses)
        figures = Budget._figures(revisit_expenses)
        upstream_reasons = revisit_expenses._revisit_upstream_reasons()
        # Whatever ``check`` says: a level is only signed by whom it belongs to.
        reasons = [
            reason
            for reason in (
                Approval._cannot_sign_reason(e, upstream_reasons[e.id], figures[e])
                for e in revisit_expenses
            )
            if reason
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "You cannot approve:\n%(reasons)s", reasons="\n".join(reasons)
                )
            )
        waiting = self.browse()
        for expense in revisit_expenses:
            figure = figures[expense]
            missing = Approval._missing_levels(expense, figure)
            if missing:
                Approval._sign(expense, missing[0], figure)
                if Approval._missing_levels(expense, figure):
                    waiting |= expense
        completed = revisit_expenses - waiting
        if completed:
            # The leader in charge and the over-limit approver need not be expense
            # approvers: the level check above is their right to approve.
            super(HrExpense, completed.sudo())._do_approve(check=False)
        waiting._revisit_sync_activities()

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

    # ------------------------------------------------------------------
    # Rights of the current user
    # ------------------------------------------------------------------

    def _revisit_upstream_reasons(self):
        """{id: why Odoo's standard rights would not let the user approve}."""
        if not self:
            return {}
        return self.with_context(
            revisit_upstream_rights=True
        )._get_cannot_approve_reason()

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

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
        """An approved revisit expense has every signature its budget requires at
        this moment."""
        if not self:
            return
        Approval = self.env["hr.expense.revisit.approval"]
        Budget = self.env["hr.expense.revisit.budget"]
        Budget._lock(self)
        figures = Budget._figures(self)
        for expense in self:
            missing = Approval._missing_levels(expense, figures[expense])
            if missing:
                raise UserError(
                    Approval._missing_message(expense, missing, figures[expense])
                )

    def _revisit_check_postable(self):
        """Posting re-checks over the costs approved and posted at this moment: the
        signatures for the amount, and an over-limit approval covering every scope
        that is over its limit."""
        expenses = self.filtered("revisit_id")
        if not expenses:
            return
        Approval = self.env["hr.expense.revisit.approval"]
        Budget = self.env["hr.expense.revisit.budget"]
        Budget._lock(expenses)
        for expense in expenses:
            if expense.approval_state != "approved":
                raise UserError(
                    self.env._(
                        "Revisit expense %(expense)s is not approved: it cannot be "
                        "posted.",
                        expense=expense.name,
                    )
                )
            missing = Approval._missing_levels(expense, False)
            if missing:
                raise UserError(
                    Approval._missing_message(expense, missing, False)
                    + "\n"
                    + self.env._(
                        "Reset it to draft and submit it again to collect them."
                    )
                )
        uncovered = Budget._uncovered_scopes(expenses)
        if uncovered:
            expense = uncovered[0][0]
            reasons = Budget._over_limit_reasons(
                uncovered[0][2], committed_label=self.env._("already approved")
            )
            raise UserError(
                self.env._(
                    "Revisit expense %(expense)s cannot be posted: it is missing "
                    "approvals: %(level)s.",
                    expense=expense.name,
                    level=Approval._level_name("limit"),
                )
                + "\n"
                + "\n".join(reasons)
                + "\n"
                + self.env._("Reset it to draft and submit it again to collect them.")
            )

    # ------------------------------------------------------------------
    # Signatures
    # ------------------------------------------------------------------

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
