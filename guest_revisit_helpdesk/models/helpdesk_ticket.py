from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.guest_revisit.tools import PERSONAL_DATA_GROUPS

# Closing a ticket resolves its complaint from these steps; a resolved, closed or
# cancelled complaint is left as it is (its revisit, if any, is already scheduled).
COMPLAINT_STEPS_TO_RESOLVE = ("new", "assigned", "investigating")


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "guest.revisit.mandatory.mixin"]

    # The complaint is the revisit side's data (X2): only its groups read the link
    # itself. Everyone who reads the ticket sees the complaint's number and step.
    complaint_id = fields.Many2one(
        "guest.complaint",
        string="Guest Complaint",
        index="btree_not_null",
        copy=False,
        groups=PERSONAL_DATA_GROUPS,
    )
    # Related fields are computed as superuser: a helpdesk user without revisit rights
    # learns the complaint's number and step, which the ticket's chatter tells anyway,
    # and none of the complaint's guest data.
    complaint_number = fields.Char(
        string="Complaint", related="complaint_id.number", store=True
    )
    complaint_state = fields.Selection(
        string="Complaint Step",
        related="complaint_id.state",
        help="Where the linked complaint is in its handling flow.",
    )
    revisit_due_date = fields.Date(
        readonly=True,
        copy=False,
        help="Due date of the revisit scheduled when the ticket was closed, for "
        "tickets with no complaint in teams that revisit every closed ticket.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_complaint_readable(
            [vals["complaint_id"] for vals in vals_list if vals.get("complaint_id")]
        )
        tickets = super().create(vals_list)
        # sudo: only to find which new tickets come linked (the field has groups).
        tickets.sudo().filtered("complaint_id").with_env(self.env)._post_complaint_link(
            {}
        )
        return tickets

    def write(self, vals):
        closing = self.browse()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed and stage.revisit_on_close:
                closing = self.filtered(
                    lambda t: not (t.stage_id.closed and t.stage_id.revisit_on_close)
                )
        if vals.get("complaint_id"):
            self._check_complaint_readable([vals["complaint_id"]])
        linked_before = {}
        if "complaint_id" in vals:
            # sudo: the link as it was, to tell both chatters what changed; the
            # field's own groups still guard the write below.
            linked_before = {ticket.id: ticket.sudo().complaint_id for ticket in self}
        res = super().write(vals)
        if "complaint_id" in vals:
            self._post_complaint_link(linked_before)
        closing._revisit_on_close()
        return res

    # ------------------------------------------------------------------
    # Mail gateway: a team's alias may register complaints (C1)
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        team = self.env["helpdesk.ticket.team"].browse(
            (custom_values or {}).get("team_id")
        )
        mode = team.complaint_alias_mode if team else "ticket"
        if mode == "complaint":
            # The mail gateway posts the mail on the record returned here, whatever
            # its model, and routes the replies to it: the complaint gets the mail
            # and its attachments, and no ticket is made.
            company = team.company_id or self.env.company
            return (
                self.env["guest.complaint"]
                .with_company(company)
                .message_new(msg_dict, custom_values={"company_id": company.id})
            )
        ticket = super().message_new(msg_dict, custom_values=custom_values)
        if mode == "both":
            ticket._convert_to_complaint()
        return ticket

    def _message_post_after_hook(self, message, msg_values):
        """The guest's mails to a ticket bring their attachments to its complaint too,
        as evidence (C5)."""
        res = super()._message_post_after_hook(message, msg_values)
        if message.message_type == "email" and message.attachment_ids:
            # sudo: the complaint may be out of the poster's reach (the mail gateway,
            # a helpdesk user); only this mail's attachments are copied to it.
            complaint_sudo = self.sudo().complaint_id
            if complaint_sudo:
                complaint_sudo._copy_evidence(message.attachment_ids)
        return res

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_convert_to_complaint(self):
        self.ensure_one()
        complaint = self._convert_to_complaint()
        return complaint._get_records_action(name=self.env._("Complaint"))

    def action_link_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Link to a Complaint"),
            "res_model": "helpdesk.ticket.complaint.link",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_view_complaint(self):
        self.ensure_one()
        return self.complaint_id._get_records_action(name=self.env._("Complaint"))

    # ------------------------------------------------------------------
    # Complaints (C1, H1)
    # ------------------------------------------------------------------

    def _convert_to_complaint(self):
        """Register the ticket's guest contact as a complaint: the guest, the
        description, the "helpdesk" channel and the attachments, linked back to the
        ticket. The complaint desk then evaluates and assigns it as any other."""
        self.ensure_one()
        if self.complaint_id:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is already linked to complaint %(complaint)s.",
                    ticket=self.number,
                    complaint=self.complaint_id.number,
                )
            )
        complaint = self.env["guest.complaint"].create(self._prepare_complaint_values())
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        )
        complaint._copy_evidence(attachments)
        self.complaint_id = complaint
        return complaint

    def _check_complaint_readable(self, complaint_ids):
        """Only a complaint the user may read is linked: the ticket then tells its
        number and step to every reader of the ticket."""
        if not complaint_ids:
            return
        try:
            self.env["guest.complaint"].browse(complaint_ids).check_access("read")
        except AccessError as error:
            raise AccessError(
                self.env._("You may link a ticket only to a complaint you can read.")
            ) from error

    def _prepare_complaint_values(self):
        self.ensure_one()
        guest = self.partner_id
        if not guest and self.partner_email:
            guest = self._partner_find_from_emails_single(
                [self.partner_email],
                no_create=not self.env["res.partner"].has_access("create"),
            )
        if not guest:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no contact: set the guest before "
                    "registering a complaint.",
                    ticket=self.number,
                )
            )
        values = {
            "name": self.name,
            "partner_id": guest.id,
            "company_id": self.company_id.id,
            "channel": "helpdesk",
            "description": self.description,
            "received_at": self.create_date,
        }
        # The ticket's handler keeps the case when they handle complaints too; not
        # the mail gateway's superuser, whom helpdesk's auto-assignment makes the
        # handler of a mailed ticket: the desk assigns that complaint (C4).
        handler = self.user_id
        if (
            handler
            and not handler._is_superuser()
            and handler.has_group("guest_revisit.group_revisit_user")
        ):
            values["user_id"] = handler.id
        return values

    def _post_complaint_link(self, linked_before):
        for ticket in self:
            # sudo: each side's chatter names the other side by its number, for
            # users who may read only one of them.
            ticket_sudo = ticket.sudo()
            complaint_sudo = ticket_sudo.complaint_id
            previous_sudo = linked_before.get(ticket.id) or complaint_sudo.browse()
            if complaint_sudo == previous_sudo:
                continue
            ticket_link = ticket._get_html_link(title=ticket.number)
            # Read by many, written by the mail gateway too: the company's language.
            in_lang = ticket._in_chatter_lang()
            if previous_sudo:
                ticket_sudo.message_post(
                    body=in_lang.env._(
                        "No longer linked to complaint %(complaint)s.",
                        complaint=previous_sudo._get_html_link(
                            title=previous_sudo.number
                        ),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                previous_sudo.message_post(
                    body=in_lang.env._(
                        "Helpdesk ticket %(ticket)s is no longer linked.",
                        ticket=ticket_link,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            if complaint_sudo:
                ticket_sudo.message_post(
                    body=in_lang.env._(
                        "Linked to complaint %(complaint)s: its progress is posted "
                        "here.",
                        complaint=complaint_sudo._get_html_link(
                            title=complaint_sudo.number
                        ),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                complaint_sudo.message_post(
                    body=in_lang.env._(
                        "Linked to helpdesk ticket %(ticket)s.", ticket=ticket_link
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    # ------------------------------------------------------------------
    # Closing schedules the revisit (H1, C10)
    # ------------------------------------------------------------------

    def _revisit_on_close(self):
        """A closed ticket's guest is revisited by the complaint's own mechanism: its
        complaint is resolved, which schedules the mandatory revisit once. A complaint
        already resolved (or closed, or cancelled) is left alone: one revisit, never
        two. Tickets with no complaint are revisited when their team asks for it."""
        if not self:
            return
        # sudo: closing a ticket drives its complaint's flow whoever closes it, also a
        # helpdesk user without revisit rights; the core's own transition checks
        # still refuse a complaint not ready to be resolved.
        tickets_sudo = self.sudo()
        for complaint_sudo in tickets_sudo.complaint_id.filtered(
            lambda c: c.state in COMPLAINT_STEPS_TO_RESOLVE
        ):
            try:
                complaint_sudo.action_resolve()
            except UserError as error:
                tickets = tickets_sudo.filtered(
                    lambda t, c=complaint_sudo: t.complaint_id == c
                )
                raise UserError(
                    self.env._(
                        "Closing ticket %(ticket)s resolves its complaint "
                        "%(complaint)s, which is not ready: %(reason)s",
                        ticket=", ".join(tickets.mapped("number")),
                        complaint=complaint_sudo.number,
                        reason=error.args[0],
                    )
                ) from error
        tickets_sudo.filtered(
            lambda t: not t.complaint_id and t.team_id.revisit_closed_tickets
        ).with_env(self.env)._schedule_mandatory_revisit()

    def _mandatory_revisit_basis(self):
        """Due after the ticket closed, as a complaint's after its resolution (the
        core's rule), sooner for high priorities."""
        self.ensure_one()
        return (
            self.closed_date or fields.Datetime.now(),
            self.priority in ("2", "3"),
            False,
        )

    def _mandatory_revisit_activities(self):
        return [(self.env.ref("guest_revisit_helpdesk.mail_act_ticket_revisit"), False)]

    def _mandatory_revisit_refusal(self):
        if not self.partner_id:
            return self._in_chatter_lang().env._("the ticket has no guest contact.")
        return super()._mandatory_revisit_refusal()

    def _mandatory_revisit_declined(self, reason):
        self.message_post(
            body=self._in_chatter_lang().env._("No revisit: %(reason)s", reason=reason),
            subtype_xmlid="mail.mt_note",
        )

    def _notify_by_email_render_layout(
        self, message, recipients_group, msg_vals=False, render_values=None
    ):
        """helpdesk_mgmt's mails to the ticket's guest carry, as ours do, the link to
        the page where they withdraw their consent; the link is the guest's own, so
        only a mail to the guest alone gets it."""
        body = super()._notify_by_email_render_layout(
            message, recipients_group, msg_vals=msg_vals, render_values=render_values
        )
        guest = self.partner_id if len(self) == 1 else self.env["res.partner"]
        if not guest or recipients_group.get("recipients_ids") != [guest.id]:
            return body
        lang = (render_values or {}).get("lang") or guest.lang
        in_lang = self.with_context(lang=lang)
        footer = Markup(
            '<p style="font-size: 11px; color: #888888;">%s <a href="%s">%s</a></p>'
        ) % (
            in_lang.env._("Do you no longer wish to hear from us?"),
            guest._guest_privacy_url(),
            in_lang.env._("Withdraw your consent or manage it here."),
        )
        closing = body.rfind("</body>")
        if closing < 0:
            return Markup(body) + footer
        return Markup(body[:closing]) + footer + Markup(body[closing:])
