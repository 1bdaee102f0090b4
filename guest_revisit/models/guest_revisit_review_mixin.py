from odoo import fields, models
from odoo.exceptions import AccessError, UserError

REVIEW_GROUP = "guest_revisit.group_revisit_department_head"


class GuestRevisitReviewMixin(models.AbstractModel):
    """The department head's review (P5, T2) of plans, records and reports: approve
    with guidance or return with a reason, never one's own work; the decision reaches
    whoever is responsible."""

    _name = "guest.revisit.review.mixin"
    _description = "Department Head Review"

    reviewer_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False
    )
    reviewed_at = fields.Datetime(readonly=True, copy=False)
    review_comment = fields.Text(
        string="Guidance / Return Reason", readonly=True, copy=False
    )

    def _review_responsible(self):
        """The user who is told of the decision."""
        self.ensure_one()
        return self.user_id

    def _staff_departments(self):
        """{(user id, company id): department} of the responsible users' employees,
        in one query for all records."""
        # sudo: staff may not read employees; only their departments are returned.
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("user_id", "in", self.user_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        return {
            (employee.user_id.id, employee.company_id.id): employee.department_id.sudo(
                False
            )
            for employee in employees
        }

    def _department_head(self, department):
        """The nearest manager up the department tree who reviews revisit work."""
        while department:
            manager = department.manager_id.user_id
            if manager.has_group(REVIEW_GROUP) and manager != self.user_id:
                return manager
            department = department.parent_id
        return self.env["res.users"]

    def _ask_review(self, summary):
        """An activity for the department head, who decides."""
        for record in self:
            head = record._department_head(record.department_id)
            if head:
                record.activity_schedule(
                    "mail.mail_activity_data_todo", summary=summary, user_id=head.id
                )

    def _check_can_review(self):
        if not self.env.user.has_group(REVIEW_GROUP):
            raise AccessError(
                self.env._("Only a department head can approve or return this.")
            )
        own = self.filtered(
            lambda r: self.env.user in (r.create_uid, r._review_responsible())
        )
        if own:
            raise UserError(
                self.env._(
                    "You cannot approve or return your own work: %(names)s. Ask "
                    "another department head.",
                    names=", ".join(own.mapped("display_name")),
                )
            )

    def _apply_review(self, decision, comment):
        """Record the decision; ``_on_review_approved`` / ``_on_review_returned`` move
        the document."""
        self._check_can_review()
        if decision == "return" and not (comment or "").strip():
            raise UserError(self.env._("Give the reason for returning it."))
        self.write(
            {
                "reviewer_id": self.env.user.id,
                "reviewed_at": fields.Datetime.now(),
                "review_comment": comment,
            }
        )
        if decision == "approve":
            self._on_review_approved()
        else:
            self._on_review_returned()
        for record in self:
            responsible = record._review_responsible()
            body = (
                self.env._("Approved. Guidance: %(comment)s", comment=comment or "-")
                if decision == "approve"
                else self.env._("Returned: %(comment)s", comment=comment)
            )
            # The guidance notifies the responsible person (T2), in their inbox.
            record.message_post(
                body=body,
                partner_ids=responsible.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _on_review_approved(self):
        raise NotImplementedError

    def _on_review_returned(self):
        raise NotImplementedError

    def action_open_review(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review"),
            "res_model": "guest.revisit.review.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_ids": self.ids,
                "default_decision": self.env.context.get("review_decision", "approve"),
            },
        }
