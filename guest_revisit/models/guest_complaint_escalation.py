from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.fields import Domain

from .guest_complaint import DEADLINES

DEADLINE_KINDS = [
    ("first_contact", "First Contact"),
    ("feedback", "Result Feedback"),
]
ESCALATION_ACTIVITY = "guest_revisit.mail_act_complaint_escalation"
# Items (levels due, deadlines missed) handled per transaction of the cron.
DEFAULT_BATCH_SIZE = 200


class GuestComplaintEscalation(models.Model):
    """A level of the escalation ladder for one deadline of a complaint: scheduled
    when the deadline is missed, fired once when due. Its unique key keeps two
    workers, or a batch run again after a crash, from alerting twice; a new deadline
    (a reopened complaint's feedback) gets the ladder afresh."""

    _name = "guest.complaint.escalation"
    _description = "Complaint Escalation"
    _order = "due_at desc, id desc"

    complaint_id = fields.Many2one(
        "guest.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    deadline_kind = fields.Selection(DEADLINE_KINDS, string="Deadline", required=True)
    deadline = fields.Datetime(string="Missed Deadline", required=True)
    level_id = fields.Many2one(
        "guest.complaint.escalation.level", required=True, ondelete="restrict"
    )
    due_at = fields.Datetime(required=True)
    fired_at = fields.Datetime()
    user_ids = fields.Many2many("res.users", string="Alerted")

    _level_once_per_deadline = models.Constraint(
        "UNIQUE(complaint_id, deadline_kind, deadline, level_id)",
        "An escalation level fires only once per deadline.",
    )
    # The cron reads the levels waiting to fire, never the history.
    _waiting_idx = models.Index("(due_at) WHERE fired_at IS NULL")

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate(self):
        """Fire every level that is due, in batches. Inside a cron job each batch is
        committed with its progress (``ir.cron._commit_progress``): a crash keeps the
        batches done, and the job run again resumes with the rest; ir.cron's own lock
        keeps a second worker out of the job. Called outside a cron job, the
        transaction is left to the caller."""
        batch_size = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("guest_revisit.escalation_batch_size", DEFAULT_BATCH_SIZE)
        )
        in_cron = bool(self.env.context.get("cron_id"))
        now = fields.Datetime.now()
        ladders = self.env["guest.complaint.escalation.level"]._ladders()
        Cron = self.env["ir.cron"]
        if in_cron:
            Cron._commit_progress(remaining=self._due_count(now, ladders))
        while handled := self._escalate_batch(now, ladders, batch_size):
            if in_cron and not Cron._commit_progress(handled):
                return  # out of time: ir.cron runs the job again for the rest
        if in_cron:
            Cron._commit_progress(remaining=0)

    def _escalate_batch(self, now, ladders, limit):
        """Handle up to ``limit`` items: levels scheduled earlier that are now due,
        then missed deadlines with no ladder yet. Returns how many were handled;
        none means nothing is left."""
        waiting = self.search(
            [("fired_at", "=", False), ("due_at", "<=", now)],
            limit=limit,
            order="due_at, id",
        )
        handled = self._fire_waiting(waiting, now)
        selected = len(waiting)
        for kind in DEADLINES:
            if selected >= limit:
                break
            missed = self.env["guest.complaint"].search(
                self._missed_domain(kind, now, ladders),
                limit=limit - selected,
                order=f"{DEADLINES[kind][0]}, id",
            )
            selected += len(missed)
            handled += self._schedule_ladders(missed, kind, now, ladders)
        return handled

    @api.model
    def _due_count(self, now, ladders):
        count = self.search_count([("fired_at", "=", False), ("due_at", "<=", now)])
        for kind in DEADLINES:
            count += self.env["guest.complaint"].search_count(
                self._missed_domain(kind, now, ladders)
            )
        return count

    @api.model
    def _missed_domain(self, kind, now, ladders):
        """Open complaints past this deadline, neither met nor escalated yet, of a
        company and severity that has a ladder; the partial indexes of
        guest.complaint serve it."""
        deadline_field, done_field, flag_field, _xmlid = DEADLINES[kind]
        companies_by_severity = defaultdict(set)
        for company_id, severity in ladders:
            companies_by_severity[severity].add(company_id)
        # A shared ladder serves every company; otherwise only the companies with
        # their own levels of that severity escalate it.
        has_ladder = Domain.OR(
            Domain("severity", "=", severity)
            if False in companies
            else Domain("severity", "=", severity)
            & Domain("company_id", "in", companies)
            for severity, companies in companies_by_severity.items()
        )
        scheduled = self._search(
            [("deadline_kind", "=", kind), ("fired_at", "=", False)]
        ).subselect("complaint_id")
        return has_ladder & Domain(
            [
                (deadline_field, "<", now),
                (done_field, "=", False),
                (flag_field, "!=", True),
                ("state", "not in", ("closed", "cancelled")),
                ("id", "not in", scheduled),
            ]
        )

    def _claim(self, complaints, kind):
        """The complaints whose current deadline of this kind has no ladder yet: a
        second worker that read the same candidates finds nothing left to claim,
        and the unique key refuses what two transactions would still both insert.
        A deadline found escalated already is flagged so."""
        deadline_field, _done, flag_field, _xmlid = DEADLINES[kind]
        if not complaints:
            return complaints
        known = {
            (escalation.complaint_id, escalation.deadline)
            for escalation in self.search(
                [
                    ("complaint_id", "in", complaints.ids),
                    ("deadline_kind", "=", kind),
                ]
            )
        }
        escalated = complaints.filtered(lambda c: (c, c[deadline_field]) in known)
        escalated.filtered(lambda c: not c[flag_field]).write({flag_field: True})
        return complaints - escalated

    def _schedule_ladders(self, complaints, kind, now, ladders):
        """Schedule each complaint's ladder for its missed deadline and fire the
        levels already due. Complaints locked by a concurrent transaction wait for
        the next batch. Returns how many complaints were handled."""
        Level = self.env["guest.complaint.escalation.level"]
        deadline_field = DEADLINES[kind][0]
        locked = complaints.try_lock_for_update(allow_referencing=True)
        claimed = self._claim(locked, kind)
        due_cache = {}
        vals_list = []
        for complaint in claimed:
            deadline = complaint[deadline_field]
            for level in Level._ladder_of(
                ladders, complaint.company_id, complaint.severity
            ):
                vals_list.append(
                    {
                        "complaint_id": complaint.id,
                        "deadline_kind": kind,
                        "deadline": deadline,
                        "level_id": level.id,
                        "due_at": level._due_at(
                            deadline, complaint.company_id, due_cache
                        ),
                    }
                )
        scheduled = self.create(vals_list)
        scheduled.filtered(lambda e: e.due_at <= now)._fire(now)
        return len(locked)

    def _fire_waiting(self, waiting, now):
        """Fire the scheduled levels that are due, unless since then their deadline
        was met or moved, the complaint finished or the level was archived: those
        are dropped. Returns how many were handled."""
        waiting = waiting.try_lock_for_update()
        stale = waiting.filtered(lambda e: not e._is_still_due())
        stale.unlink()
        (waiting - stale)._fire(now)
        return len(waiting)

    def _is_still_due(self):
        self.ensure_one()
        deadline_field, done_field, _flag, _xmlid = DEADLINES[self.deadline_kind]
        complaint = self.complaint_id
        return bool(
            self.level_id.active
            and complaint[deadline_field] == self.deadline
            and not complaint[done_field]
            and complaint.state not in ("closed", "cancelled")
        )

    # ------------------------------------------------------------------
    # Alerts
    # ------------------------------------------------------------------

    def _fire(self, now):
        """Alert the people of these levels: an escalation activity each, in their
        own language, and one chatter note per complaint and deadline naming who
        was alerted. A deadline counts as escalated from its first level on."""
        if not self:
            return
        heads_by_company = {}
        alerted = {
            escalation: escalation.level_id._recipients(
                escalation.complaint_id, heads_by_company
            )
            for escalation in self
        }
        by_users = defaultdict(lambda: self.browse())
        for escalation, users in alerted.items():
            by_users[users] |= escalation
        for users, escalations in by_users.items():
            escalations.write({"fired_at": now, "user_ids": [Command.set(users.ids)]})
        activity_type = self.env.ref(ESCALATION_ACTIVITY)
        activity_vals = []
        bodies = defaultdict(list)
        firings = self.grouped(lambda e: (e.complaint_id, e.deadline_kind))
        for (complaint, kind), escalations in firings.items():
            users = self.env["res.users"].union(*(alerted[e] for e in escalations))
            activity_vals += [
                self._activity_values(
                    complaint,
                    user,
                    self._overdue_note(complaint, kind, user),
                    activity_type,
                )
                for user in users
            ]
            bodies[complaint.id].append(self._overdue_log(complaint, kind, users))
        self._create_activities(activity_vals)
        complaints = self.complaint_id
        complaints._message_log_batch(
            bodies={
                complaint_id: Markup("<br/>").join(texts)
                for complaint_id, texts in bodies.items()
            }
        )
        for kind, (_deadline, _done, flag_field, _xmlid) in DEADLINES.items():
            complaints.filtered(
                lambda c, kind=kind, flag=flag_field: (
                    (c, kind) in firings and not c[flag]
                )
            ).write({flag_field: True})

    @api.model
    def _alert_severity(self, complaints):
        """At registration or when the severity is raised, the recipients of the
        ladder's levels due at the deadline are told at once: important, by a note
        addressed to them; urgent, also by an activity each (emergency handling)."""
        Level = self.env["guest.complaint.escalation.level"]
        ladders = Level._ladders()
        heads_by_company = {}
        activity_type = self.env.ref(ESCALATION_ACTIVITY)
        activity_vals = []
        for complaint in complaints:
            levels = Level._ladder_of(
                ladders, complaint.company_id, complaint.severity
            ).filtered(lambda level: not level.delay_hours)
            users = self.env["res.users"].union(
                *(level._recipients(complaint, heads_by_company) for level in levels)
            )
            if not users:
                continue
            in_chatter_lang = self._in_lang(complaint._in_chatter_lang().env.lang)
            if complaint.severity == "urgent":
                activity_vals += [
                    self._activity_values(
                        complaint,
                        user,
                        self._in_lang(user.lang)._urgent_text(),
                        activity_type,
                    )
                    for user in users
                ]
                body = in_chatter_lang._urgent_text()
            else:
                body = in_chatter_lang.env._(
                    "Important complaint: for the attention of %(people)s.",
                    people=", ".join(users.mapped("name")),
                )
            complaint.message_post(
                body=body,
                partner_ids=users.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._create_activities(activity_vals)

    def _create_activities(self, vals_list):
        # The note addressed to them, or the activity itself, is the alert: no
        # second mail per activity.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            vals_list
        )

    def _activity_values(self, complaint, user, note, activity_type):
        return {
            "res_model_id": self.env["ir.model"]._get_id("guest.complaint"),
            "res_id": complaint.id,
            "activity_type_id": activity_type.id,
            # No summary of its own: the type's name is shown in each reader's language.
            "summary": False,
            "note": note,
            "date_deadline": fields.Date.context_today(
                complaint.with_context(tz=user.tz or "UTC")
            ),
            "user_id": user.id,
        }

    def _in_lang(self, lang):
        return self.with_context(lang=lang or None)

    def _urgent_text(self):
        return self.env._("Urgent complaint: emergency handling required at once.")

    def _overdue_note(self, complaint, kind, user):
        """The activity's note, in the user's language and time zone."""
        localized = self._in_lang(user.lang).with_context(tz=user.tz or "UTC")
        return localized._overdue_text(complaint, kind)

    def _overdue_log(self, complaint, kind, users):
        # The note's times are the company calendar's, as its language.
        localized = self._in_lang(complaint._in_chatter_lang().env.lang).with_context(
            tz=complaint._calendar_tz().zone
        )
        text = localized._overdue_text(complaint, kind)
        return localized.env._(
            "%(overdue)s Alerted: %(people)s.",
            overdue=text,
            people=", ".join(users.mapped("name")),
        )

    def _overdue_text(self, complaint, kind):
        what = (
            self.env._("first contact with the guest")
            if kind == "first_contact"
            else self.env._("result feedback")
        )
        deadline = fields.Datetime.context_timestamp(
            self, complaint[DEADLINES[kind][0]]
        )
        return self.env._(
            "Overdue: the %(what)s of complaint %(number)s was due at %(deadline)s.",
            what=what,
            number=complaint.number,
            deadline=deadline.strftime("%Y-%m-%d %H:%M"),
        )
