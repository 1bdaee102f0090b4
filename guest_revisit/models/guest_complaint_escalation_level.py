from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import utc_naive
from .guest_complaint import SEVERITIES


class GuestComplaintEscalationLevel(models.Model):
    """One rung of the escalation ladder of a severity: whom to alert, and how many
    working hours after a missed deadline. Levels without a company are the ladder of
    every company that defines none of its own for that severity."""

    _name = "guest.complaint.escalation.level"
    _description = "Complaint Escalation Level"
    _order = "severity, sequence, delay_hours, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty for the ladder of every company that has none of its own "
        "for this severity.",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="general")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # Who is alerted
    notify_manager = fields.Boolean(
        string="Responsible's Manager",
        help="The manager of the responsible person (their employee's manager), else "
        "the manager of the handling department.",
    )
    notify_department_head = fields.Boolean(
        string="Department Head",
        help="The manager of the department above the handling department, else the "
        "company's users of the Department Head group.",
    )
    notify_leader = fields.Boolean(
        string="Leader in Charge",
        help="The company's leader in charge of complaints (Settings).",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Other People",
        domain="[('share', '=', False)]",
    )
    # When
    delay_hours = fields.Float(
        string="Working Hours After the Deadline",
        default=0.0,
        help="0: as soon as the deadline is missed. Otherwise counted on the "
        "company's working schedule, public holidays excluded.",
    )

    _delay_hours_positive = models.Constraint(
        "CHECK(delay_hours >= 0)",
        "An escalation level cannot fire before the deadline.",
    )

    @api.constrains(
        "notify_manager", "notify_department_head", "notify_leader", "user_ids"
    )
    def _check_recipients(self):
        for level in self:
            if not (
                level.notify_manager
                or level.notify_department_head
                or level.notify_leader
                or level.user_ids
            ):
                raise ValidationError(
                    self.env._(
                        "An escalation level alerts someone: choose the manager, the "
                        "department head, the leader in charge or other people."
                    )
                )

    @api.depends("severity", "delay_hours")
    def _compute_display_name(self):
        severities = dict(self._fields["severity"]._description_selection(self.env))
        for level in self:
            if level.delay_hours:
                level.display_name = self.env._(
                    "%(severity)s: %(hours)s working hours after the deadline",
                    severity=severities.get(level.severity, ""),
                    hours=f"{level.delay_hours:g}",
                )
            else:
                level.display_name = self.env._(
                    "%(severity)s: at the deadline",
                    severity=severities.get(level.severity, ""),
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_fired(self):
        # A level that fired is part of complaints' history: it is archived instead.
        fired = self.env["guest.complaint.escalation"].search_count(
            [("level_id", "in", self.ids)], limit=1
        )
        if fired:
            raise UserError(
                self.env._(
                    "This escalation level has already alerted people on complaints: "
                    "archive it instead of deleting it."
                )
            )

    @api.model
    def _ladders(self):
        """The active levels of every company and severity, read at once:
        ``{(company_id, severity): levels}``, where company ``False`` holds the
        shared ladder."""
        return {
            (company.id, severity): levels
            for (company, severity), levels in self.search([])
            .grouped(lambda level: (level.company_id, level.severity))
            .items()
        }

    @api.model
    def _ladder_of(self, ladders, company, severity):
        """The levels that apply to a company's complaints of a severity: its own,
        else the shared ones."""
        return ladders.get((company.id, severity)) or ladders.get(
            (False, severity), self.browse()
        )

    def _due_at(self, deadline, company, cache=None):
        """When this level fires for a deadline: its working hours later on the
        company's working schedule, public holidays excluded (plain hours for a
        company with no schedule)."""
        self.ensure_one()
        if not self.delay_hours:
            return deadline
        calendar = company.resource_calendar_id
        key = (calendar.id, deadline, self.delay_hours)
        if cache is not None and key in cache:
            return cache[key]
        due = calendar and calendar.plan_hours(
            self.delay_hours, pytz.utc.localize(deadline), compute_leaves=True
        )
        if due:
            due = utc_naive(due)
        else:
            due = deadline + timedelta(hours=self.delay_hours)
        if cache is not None:
            cache[key] = due
        return due

    def _recipients(self, complaint, heads_by_company):
        """The users this level alerts about a complaint; ``heads_by_company`` caches
        the department heads of each company for a batch. When nobody is found, the
        department head is alerted, so that a missed deadline never goes unseen."""
        self.ensure_one()
        users = self.env["res.users"]
        if self.notify_manager:
            users |= self._manager_of(complaint)
        if self.notify_department_head:
            users |= self._department_head_of(complaint, heads_by_company)
        if self.notify_leader:
            users |= complaint.company_id.complaint_leader_user_id
        users |= self.user_ids.filtered(lambda u: complaint.company_id in u.company_ids)
        if not users:
            users = self._department_head_of(complaint, heads_by_company)
        return users.filtered("active")

    @api.model
    def _manager_of(self, complaint):
        """The responsible's manager (their employee's manager in the complaint's
        company), else the handling department's manager."""
        # sudo: only to choose whom to alert, from employees and departments the
        # caller may not read; only users are returned.
        complaint_sudo = complaint.sudo()
        employee = complaint_sudo.user_id.employee_ids.filtered(
            lambda e: e.company_id == complaint_sudo.company_id
        )[:1]
        manager = employee.parent_id.user_id
        if not manager or manager == complaint_sudo.user_id:
            manager = complaint_sudo.department_id.manager_id.user_id
        return manager.with_env(self.env)

    @api.model
    def _department_head_of(self, complaint, heads_by_company):
        """The manager of the department above the handling department, else the
        company's users of the Department Head group."""
        # sudo: as in _manager_of; users of other companies are never returned.
        complaint_sudo = complaint.sudo()
        heads = complaint_sudo.department_id.parent_id.manager_id.user_id
        if not heads:
            company = complaint_sudo.company_id
            if company not in heads_by_company:
                heads_by_company[company] = (
                    self.env.ref("guest_revisit.group_revisit_department_head")
                    .sudo()
                    .all_user_ids.filtered(
                        lambda u: company in u.company_ids and not u.share
                    )
                )
            heads = heads_by_company[company]
        return heads.with_env(self.env)
