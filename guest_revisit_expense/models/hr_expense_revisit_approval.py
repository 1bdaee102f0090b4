from odoo import api, fields, models
from odoo.tools import format_amount

APPROVAL_LEVELS = [
    ("head", "Department Head"),
    ("leader", "Leader in Charge"),
    ("limit", "Over-limit Approval"),
]
LIMIT_APPROVER_GROUP = "guest_revisit_expense.group_revisit_expense_limit_approver"


class HrExpenseRevisitApproval(models.Model):
    """One signature on a revisit expense, and the rules of the approval levels.

    Nobody has the right to create, change or delete these records: only the approval
    flow of hr.expense writes them, after it has checked that the current user may
    sign the level. A signature holds for the expense's amount it was given for; an
    over-limit approval also states the revisit's and the employee-month's costs it
    covers, and is void once they are exceeded."""

    _name = "hr.expense.revisit.approval"
    _description = "Revisit Expense Approval"
    _order = "id"
    _check_company_auto = True

    expense_id = fields.Many2one(
        "hr.expense", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="expense_id.company_id", store=True)
    level = fields.Selection(APPROVAL_LEVELS, required=True)
    user_id = fields.Many2one("res.users", string="Approved By", required=True)
    approved_at = fields.Datetime(
        string="Approved On", required=True, default=fields.Datetime.now
    )
    currency_id = fields.Many2one("res.currency", required=True)
    amount_currency = fields.Monetary(
        string="Approved Amount",
        currency_field="currency_id",
        help="The expense's total when it was approved: another total needs a new "
        "approval.",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    revisit_total = fields.Monetary(
        string="Revisit Costs Covered",
        currency_field="company_currency_id",
        help="Over-limit approval: the revisit's costs, with this expense, that it "
        "approves. Higher costs need a new over-limit approval.",
    )
    month_total = fields.Monetary(
        string="Employee's Month Covered",
        currency_field="company_currency_id",
        help="Over-limit approval: the employee's revisit costs of the month, with "
        "this expense, that it approves.",
    )

    # ------------------------------------------------------------------
    # Level rules
    # ------------------------------------------------------------------

    @api.model
    def _required_levels(self, figure):
        """Levels an expense needs: the department head and the leader in charge,
        and an over-limit approval while its revisit or employee-month is over."""
        levels = ["head", "leader"]
        if figure and figure.over:
            levels.append("limit")
        return levels

    @api.model
    def _valid_levels(self, expense, figure):
        """Levels signed for the expense's current amount and currency, and for the
        over-limit approval, covering its current costs."""
        valid = set()
        # Signatures are read by the flow for whoever looks at the expense.
        for approval in expense.sudo().revisit_approval_ids:
            if approval.currency_id != expense.currency_id or (
                expense.currency_id.compare_amounts(
                    approval.amount_currency, expense.total_amount_currency
                )
            ):
                continue
            if approval.level == "limit" and not approval._covers(figure):
                continue
            valid.add(approval.level)
        return valid

    @api.model
    def _missing_levels(self, expense, figure):
        valid = self._valid_levels(expense, figure)
        return [level for level in self._required_levels(figure) if level not in valid]

    @api.model
    def _approvers(self, expense, level):
        if level == "head":
            users = expense.revisit_head_id
        elif level == "leader":
            users = expense.revisit_leader_id
        else:
            group = self.env.ref(LIMIT_APPROVER_GROUP)
            users = group.sudo().all_user_ids.filtered(
                lambda u, c=expense.company_id: c in u.company_ids and not u.share
            )
        # Nobody signs their own expense.
        return users - expense.employee_id.sudo().user_id

    @api.model
    def _may_sign(self, expense, level):
        user = self.env.user
        if user == expense.employee_id.sudo().user_id:
            return False
        return user in self._approvers(expense, level)

    @api.model
    def _level_name(self, level):
        return dict(self._fields["level"]._description_selection(self.env))[level]

    @api.model
    def _approver_names(self, expense, level):
        users = self._approvers(expense, level).sudo()
        if not users:
            return self.env._("nobody is set")
        return ", ".join(users.mapped("name"))

    @api.model
    def _sign(self, expense, level, figure):
        """Record the current user's signature of ``level``; the caller has checked
        that they may give it."""
        vals = {
            "expense_id": expense.id,
            "level": level,
            "user_id": self.env.user.id,
            "currency_id": expense.currency_id.id,
            "amount_currency": expense.total_amount_currency,
        }
        if level == "limit":
            vals.update(
                revisit_total=figure.revisit_total, month_total=figure.month_total
            )
        # Nobody may create signatures: the approval flow is their only writer.
        self.sudo().create(vals)
        body = self.env._(
            "Approved by %(user)s as %(level)s (%(amount)s).",
            user=self.env.user.name,
            level=self._level_name(level),
            amount=format_amount(
                self.env, expense.total_amount_currency, expense.currency_id
            ),
        )
        if level == "limit":
            body += " " + self.env._(
                "It covers revisit costs of %(revisit)s and the employee's month "
                "up to %(month)s.",
                revisit=format_amount(self.env, figure.revisit_total, figure.currency),
                month=format_amount(self.env, figure.month_total, figure.currency),
            )
        expense.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # Rights of the current user
    # ------------------------------------------------------------------

    @api.model
    def _cannot_sign_reason(self, expense, upstream_reason, figure):
        """Why the current user cannot approve (False if they can): they must be the
        approver of the next level missing; with none missing, an approver of a
        level or a standard expense approver may complete the approval."""
        if expense.company_id not in self.env.companies:
            return self.env._(
                "%(expense)s: it belongs to another company.", expense=expense.name
            )
        if expense.state != "submitted":
            return self.env._(
                "%(expense)s: only submitted expenses can be approved.",
                expense=expense.name,
            )
        missing = self._missing_levels(expense, figure)
        if not missing:
            if self.env.su or any(
                self._may_sign(expense, level)
                for level in self._required_levels(figure)
            ):
                return False
            return upstream_reason
        level = missing[0]
        if self._may_sign(expense, level):
            return False
        if expense.employee_id.sudo().user_id == self.env.user:
            return self.env._(
                "%(expense)s: it is your own expense.", expense=expense.name
            )
        if level == "limit":
            return self.env._(
                "%(expense)s needs the over-limit approval of %(who)s before it can be "
                "approved.\n%(reason)s",
                expense=expense.name,
                who=self._approver_names(expense, level),
                reason="\n".join(
                    self.env["hr.expense.revisit.budget"]._over_limit_reasons(figure)
                ),
            )
        return self.env._(
            "%(expense)s is waiting for %(level)s: %(who)s.",
            expense=expense.name,
            level=self._level_name(level),
            who=self._approver_names(expense, level),
        )

    @api.model
    def _cannot_act_reason(self, expense, upstream_reason, figure):
        """Why the current user may not refuse the expense (or submit it for its
        employee): only the approvers of its levels and Odoo's expense approvers
        may."""
        if expense.company_id not in self.env.companies:
            return self.env._(
                "%(expense)s: it belongs to another company.", expense=expense.name
            )
        if not upstream_reason or any(
            self._may_sign(expense, level) for level in self._required_levels(figure)
        ):
            return False
        return self.env._(
            "You cannot refuse %(expense)s: only its approvers can.",
            expense=expense.name,
        )

    @api.model
    def _missing_message(self, expense, missing, figure):
        message = self.env._(
            "Revisit expense %(expense)s is missing approvals: %(levels)s.",
            expense=expense.name,
            levels=", ".join(self._level_name(level) for level in missing),
        )
        if "limit" in missing:
            message += "\n" + "\n".join(
                self.env["hr.expense.revisit.budget"]._over_limit_reasons(figure)
            )
        return message

    def _covers(self, figure):
        """An over-limit approval holds while the costs it stated are not exceeded
        in the scopes that are over the limit."""
        self.ensure_one()
        if not figure:
            return True
        currency = figure.currency
        if (
            figure.revisit_over
            and currency.compare_amounts(figure.revisit_total, self.revisit_total) > 0
        ):
            return False
        if (
            figure.month_over
            and currency.compare_amounts(figure.month_total, self.month_total) > 0
        ):
            return False
        return True
