from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.guest_revisit_workflow_mixin import DESK_MANAGER


class GuestComplaintMerge(models.TransientModel):
    """Merge duplicate complaints into one: the target keeps its number and gets the
    others' messages, attachments, activities, revisits and followers; the others are
    archived, with a note in both chatters."""

    _name = "guest.complaint.merge"
    _description = "Merge Duplicate Complaints"

    def _default_complaint_ids(self):
        if self.env.context.get("active_model") == "guest.complaint":
            return [(6, 0, self.env.context.get("active_ids", []))]
        return []

    complaint_ids = fields.Many2many(
        "guest.complaint",
        required=True,
        default=lambda self: self._default_complaint_ids(),
    )
    target_id = fields.Many2one(
        "guest.complaint",
        string="Keep",
        required=True,
        compute="_compute_target_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', complaint_ids)]",
        help="The complaint kept, with its number; the others are merged into it.",
    )

    @api.depends("complaint_ids")
    def _compute_target_id(self):
        for wizard in self:
            if wizard.target_id not in wizard.complaint_ids:
                wizard.target_id = wizard.complaint_ids.sorted(
                    lambda c: (c.received_at, c.id)
                )[:1]

    def action_merge(self):
        self.ensure_one()
        if not self.env.user.has_group(DESK_MANAGER):
            raise AccessError(
                self.env._("Only a complaint desk manager can merge complaints.")
            )
        target = self.target_id
        sources = self.complaint_ids - target
        self._check_mergeable(target, sources)
        (target | sources).check_access("write")
        self._move_to_target(target, sources)
        sources.write({"active": False, "duplicate_of_id": target.id})
        if target.duplicate_of_id in sources:
            target.duplicate_of_id = False
        self._post_merge_notes(target, sources)
        return {
            "type": "ir.actions.act_window",
            "res_model": "guest.complaint",
            "res_id": target.id,
            "view_mode": "form",
        }

    def _check_mergeable(self, target, sources):
        if not target or not sources:
            raise UserError(
                self.env._("Choose at least two complaints and the one to keep.")
            )
        complaints = target | sources
        archived = complaints.filtered(lambda c: not c.active)
        if archived:
            raise UserError(
                self.env._(
                    "Archived complaints cannot be merged: %(numbers)s.",
                    numbers=", ".join(archived.mapped("number")),
                )
            )
        # A closed or cancelled complaint has been handled and counted: merging it
        # away, or merging open work into it, would rewrite what was reported.
        closed = complaints.filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Only open complaints can be merged; these are closed or "
                    "cancelled: %(numbers)s. Reopen the one to keep first if the "
                    "guest wrote again about it.",
                    numbers=", ".join(closed.mapped("number")),
                )
            )
        companies = complaints.company_id | complaints.partner_id.company_id
        if len(companies) > 1:
            raise UserError(
                self.env._(
                    "Complaints of different companies, or of guests of different "
                    "companies, cannot be merged: %(numbers)s.",
                    numbers=", ".join(complaints.mapped("number")),
                )
            )

    def _move_to_target(self, target, sources):
        # The messages, attachments and activities of the sources were written by
        # many people, and only their authors may edit them: the desk manager, who
        # may write both complaints (checked above), moves them whole.
        by_source = [
            ("res_model", "=", "guest.complaint"),
            ("res_id", "in", sources.ids),
        ]
        self.env["mail.message"].sudo().search(
            [("model", "=", "guest.complaint"), ("res_id", "in", sources.ids)]
        ).write({"res_id": target.id})
        self.env["ir.attachment"].sudo().search(by_source).write({"res_id": target.id})
        self.env["mail.activity"].sudo().search(by_source).write({"res_id": target.id})
        sources.revisit_ids.write({"complaint_id": target.id})
        followers = sources.message_partner_ids - target.message_partner_ids
        if followers:
            target.message_subscribe(partner_ids=followers.ids)

    def _post_merge_notes(self, target, sources):
        in_lang = target._in_chatter_lang()
        in_lang.message_post(
            body=in_lang.env._(
                "%(user)s merged %(numbers)s into this complaint.",
                user=self.env.user.name,
                numbers=", ".join(sources.mapped("number")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        for source in sources:
            source_in_lang = source._in_chatter_lang()
            source_in_lang.message_post(
                body=source_in_lang.env._(
                    "%(user)s merged this complaint into %(number)s and archived it.",
                    user=self.env.user.name,
                    number=target.number,
                ),
                subtype_xmlid="mail.mt_note",
            )
