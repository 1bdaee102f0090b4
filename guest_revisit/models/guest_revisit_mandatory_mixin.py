from collections import defaultdict
from datetime import time, timedelta

from odoo import models

from ..tools import local_date, local_to_utc


class GuestRevisitMandatoryMixin(models.AbstractModel):
    """The guest is revisited once their case ends: a complaint when resolved, a
    helpdesk ticket when closed. One rule for both: due after the company's working
    days (public holidays and make-up days on its calendar, fewer days for a high
    priority) or on the day the guest asked for; an activity per revisit to make
    for the responsible; a guest who declined revisits gets none, visibly."""

    _name = "guest.revisit.mandatory.mixin"
    _inherit = ["guest.revisit.chatter.mixin"]
    _description = "Mandatory Revisit"

    def _mandatory_revisit_basis(self):
        """(when the case ended as a naive UTC datetime, whether it has a high
        priority, the revisit date the guest asked for or False)."""
        raise NotImplementedError

    def _mandatory_revisit_activities(self):
        """[(activity type, note)] of the revisits this record needs."""
        raise NotImplementedError

    def _mandatory_revisit_refusal(self):
        """Why the guest is not revisited (their declared refusal), or False."""
        self.ensure_one()
        return self.partner_id._guest_contact_refusal()

    def _mandatory_revisit_write_due(self, due):
        """Record the due date on these records (all due that day)."""
        self.revisit_due_date = due

    def _mandatory_revisit_declined(self, reason):
        """Make visible that this record's guest is not revisited, and why."""
        raise NotImplementedError

    def _for_reader(self, user):
        """These records as ``user`` reads them: their language and time zone, for
        texts written for them (an activity's note)."""
        return self.with_context(
            lang=user.lang or self.env.lang, tz=user.tz or self.env.context.get("tz")
        )

    def _mandatory_revisit_date(self):
        self.ensure_one()
        ended_at, high_priority, requested_date = self._mandatory_revisit_basis()
        if requested_date:
            return requested_date
        company = self.company_id or self.env.company
        days = (
            company.revisit_priority_working_days
            if high_priority
            else company.revisit_working_days
        )
        calendar = company.resource_calendar_id
        tz = calendar.tz or "UTC"
        ended_day = local_date(ended_at, tz)
        next_day_start = local_to_utc(
            ended_day + timedelta(days=1), time.min, tz, naive=False
        )
        due = calendar and calendar.plan_days(days, next_day_start, compute_leaves=True)
        if not due:
            return ended_day + timedelta(days=days)
        return local_date(due, tz)

    def _schedule_mandatory_revisit(self):
        """The revisit activities for the responsible person (else the current
        user), due on the revisit date, in one create for all records."""
        res_model_id = self.env["ir.model"]._get_id(self._name)
        activity_vals = []
        by_due_date = defaultdict(lambda: self.browse())
        for record in self:
            refusal = record._mandatory_revisit_refusal()
            if refusal:
                record._mandatory_revisit_declined(refusal)
                continue
            due = record._mandatory_revisit_date()
            by_due_date[due] |= record
            user = record.user_id or self.env.user
            # The note is written in the assignee's language.
            activities = record._for_reader(user)._mandatory_revisit_activities()
            for activity_type, note in activities:
                activity_vals.append(
                    {
                        "res_model_id": res_model_id,
                        "res_id": record.id,
                        "activity_type_id": activity_type.id,
                        # No summary of its own: the type's name is shown in each
                        # reader's language.
                        "summary": False,
                        "note": note,
                        "date_deadline": due,
                        "user_id": user.id,
                    }
                )
        for due, records in by_due_date.items():
            records._mandatory_revisit_write_due(due)
        self.env["mail.activity"].create(activity_vals)
