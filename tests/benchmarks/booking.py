"""The guest's booking page: free slots of a responsible whose calendar holds 500
meetings in the booking window, against the same responsible with none.

Prints its own Markdown table and never asserts a time: the figures are for people.
"""

import random
from datetime import timedelta

from odoo import fields
from odoo.modules.registry import Registry

from .measure import Table, benchmark_env, measure, ms, ratio, say

EVENTS = 500
WINDOW_DAYS = 28


def run(args):
    registry = Registry(args.database)
    table = Table()
    with registry.cursor() as cr:
        env = benchmark_env(cr)
        say(f"# Booking slots on {args.database}, {args.runs} runs per figure")
        complaint = _offered_complaint(env)
        empty = measure(env, complaint._booking_slots, args.runs, warmup=True)
        _insert_meetings(env, complaint)
        busy = measure(env, complaint._booking_slots, args.runs, warmup=True)
        table.add(
            "6. Booking slots, responsible with meetings vs none (time, queries)",
            f"{EVENTS} meetings in {WINDOW_DAYS} days",
            f"{ms(busy['seconds'])}, {busy['queries']} q, {len(busy['result'])} slots",
            f"{ms(empty['seconds'])}, {empty['queries']} q, "
            f"{len(empty['result'])} slots",
            ratio(busy["seconds"], empty["seconds"]),
            "same queries",
        )
        cr.rollback()
    say(f"\n{table.markdown()}")


def _offered_complaint(env):
    """A resolved complaint whose guest may book over the next ``WINDOW_DAYS``."""
    responsible = env["res.users"].create(
        {
            "name": "Bench booking staff",
            "login": "bench_booking_staff",
            "tz": "Asia/Shanghai",
            "group_ids": [(6, 0, env.ref("guest_revisit.group_revisit_user").ids)],
        }
    )
    guest = env["res.partner"].create({"name": "Bench booking guest"})
    complaint = env["guest.complaint"].create(
        {
            "name": "Bench booking",
            "partner_id": guest.id,
            "user_id": responsible.id,
            "channel": "phone",
            "corrective_action": "Apology",
        }
    )
    complaint.action_record_first_contact()
    complaint.action_resolve()
    complaint._workflow_effects().revisit_due_date = fields.Date.today() + timedelta(
        days=WINDOW_DAYS
    )
    env.flush_all()
    return complaint.sudo()


def _insert_meetings(env, complaint):
    """``EVENTS`` half-hour meetings of the responsible, spread over the window."""
    rng = random.Random(22)
    now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
    partner = complaint.user_id.partner_id
    starts = sorted(
        now + timedelta(minutes=30 * rng.randrange(WINDOW_DAYS * 48))
        for _ in range(EVENTS)
    )
    env["calendar.event"].with_context(no_mail_to_attendees=True).create(
        [
            {
                "name": f"Bench meeting {n}",
                "start": start,
                "stop": start + timedelta(minutes=30),
                "user_id": complaint.user_id.id,
                "partner_ids": [(6, 0, partner.ids)],
            }
            for n, start in enumerate(starts)
        ]
    )
    env.flush_all()
