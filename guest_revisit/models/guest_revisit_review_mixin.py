from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

REVIEW_GROUP = "guest_revisit.group_revisit_department_head"


class GuestRevisitReviewMixin(models.AbstractModel):
    """The department head's review (P5, T2) of plans, records and reports: approve
    with guidance or return with a reason, never one's own work; the decision reaches
    whoever is responsible."""

    _name = "guest.revisit.review.mixin"
    _inherit = ["guest.revisit.workflow.mixin"]
    _description = "Department Head Review"

    reviewer_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False
    )
    reviewed_at = fields.Datetime(readonly=True, copy=False)
    review_comment = fields.Text(
        string="Guidance / Return Reason", readonly=True, copy=False
    )

    @api.model
    def _workflow_effect_fields(self):
        review = self.env._("Approve / Return")
        return dict(
            super()._workflow_effect_fields(), reviewer_id=review, reviewed_at=review
        )

    def _review_responsible(self):
        """The user who is told of the decision."""
        self.ensure_one()
        return self.user_id

    def _department_head(self, department):
        """The nearest manager up the department tree who reviews revisit work."""
        while department:
            manager = department.manager_id.user_id
            if manager.has_group(REVIEW_GROUP) and manager != self.user_id:
                return manager
            department = department.parent_id
        return self.env["res.users"]

    def _ask_review(self, summary):
        """An activity of the review type for the department head, who decides; its
        ``summary`` (a lazy translation) in the head's language."""
        for record in self:
            head = record._department_head(record.department_id)
            if head:
                record.activity_schedule(
                    "guest_revisit.mail_act_review",
                    summary=record.with_context(lang=head.lang or None).env._(summary),
                    user_id=head.id,
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
        """Record the decision: the document makes the move its transition table gives
        the decision, and the move's guard checks who decides."""
        if decision == "return" and not (comment or "").strip():
            raise UserError(self.env._("Give the reason for returning it."))
        self.write(dict(self._review_moves()[decision], review_comment=comment))

    def _guard_reviewable(self, vals):
        self._check_can_review()
        decision = self._review_decision(vals)
        if decision == "return" and not (vals.get("review_comment") or "").strip():
            raise UserError(self.env._("Give the reason for returning it."))

    def _review_moves(self):
        """``{decision: the values of the move it makes}``."""
        raise NotImplementedError

    def _review_decision(self, vals):
        """The decision that ``vals`` makes, or ``None``."""
        for decision, move in self._review_moves().items():
            if all(vals.get(key) == value for key, value in move.items()):
                return decision
        return None

    def _check_review_comment(self, vals):
        """The guidance or return reason is written with a decision only."""
        if (
            "review_comment" in vals
            and not self._review_decision(vals)
            and not self._workflow_trusted()
            and any(
                (r.review_comment or "") != (vals["review_comment"] or "") for r in self
            )
        ):
            raise UserError(
                self.env._(
                    "The guidance or return reason is given with the decision: use "
                    "the buttons Approve or Return."
                )
            )

    def _after_review(self, vals):
        """The decision's effects: who decided and when, the review activity closed,
        and the responsible told in their inbox."""
        decision = self._review_decision(vals)
        if not decision or not self:
            return
        comment = vals.get("review_comment")
        self._workflow_effects().write(
            {"reviewer_id": self.env.user.id, "reviewed_at": fields.Datetime.now()}
        )
        self.activity_unlink(["guest_revisit.mail_act_review"])
        body = (
            self.env._("Approved. Guidance: %(comment)s", comment=comment or "-")
            if decision == "approve"
            else self.env._("Returned: %(comment)s", comment=comment)
        )
        for record in self:
            # The guidance notifies the responsible person, in their inbox.
            record.message_post(
                body=body,
                partner_ids=record._review_responsible().partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

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
