from datetime import date, datetime

from .common import TestGuestRevisitCommon

# Two months of their own, away from any demo data.
MARCH = datetime(2024, 3, 11, 2, 0)  # Monday 10:00 in Shanghai
FEBRUARY = datetime(2024, 2, 12, 2, 0)


class KpiDefinitionsCommon(TestGuestRevisitCommon):
    """The completion figures by the regulation's definitions, hand-computed:

    March, Guides (staff), one plan of 10 guests: 7 reached, 2 not reached (each
    with a follow-up attempt still planned), 1 declined: 10 planned contacts, 7
    completed (70 %), 1 declined (10 %), 2 unreachable (20 %).
    March, Housekeeping (other staff): one guest not reached then reached at the
    follow-up, one still planned: 2 planned contacts, 1 completed (50 %).
    March in all: 12 planned contacts, 8 completed (66.67 %).
    February, Guides: one reached, one declined: 2 contacts, 50 %.
    One resolved complaint revisited on time and one whose revisit was waived: the
    revisit window rate is 100 % (1 of 1), the waived one is counted apart.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Asia/Shanghai"
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        Partner = cls.env["res.partner"]
        cls.plan_guests = Partner.create(
            [{"name": f"Plan guest {i}"} for i in range(10)]
        )
        cls.plan = cls.env["guest.revisit.plan"].create(
            {
                "name": "March plan",
                "partner_ids": [(6, 0, cls.plan_guests.ids)],
                "date_start": date(2024, 3, 1),
                "date_end": date(2024, 3, 31),
            }
        )
        outcomes = ["reached"] * 7 + ["not_reached"] * 2 + ["declined"]
        cls.plan_revisits = cls.env["guest.revisit"]
        for guest, outcome in zip(cls.plan_guests, outcomes, strict=True):
            revisit = cls._create_revisit(
                partner_id=guest.id, plan_id=cls.plan.id, scheduled_at=MARCH
            )
            cls._complete(revisit, outcome=outcome, score_overall=4)
            cls.plan_revisits |= revisit
        cls.follow_ups = cls.plan_revisits.attempt_ids
        # Housekeeping: reached at the second attempt, and one not done yet
        other = Partner.create([{"name": "Other guest 1"}, {"name": "Other guest 2"}])
        first = cls._complete(
            cls._create_revisit(
                partner_id=other[0].id,
                user_id=cls.user_staff_other.id,
                scheduled_at=MARCH,
            ),
            outcome="not_reached",
        )
        cls.second_attempt = first.attempt_ids
        cls._complete(cls.second_attempt, outcome="reached")
        cls._create_revisit(
            partner_id=other[1].id,
            user_id=cls.user_staff_other.id,
            scheduled_at=MARCH,
        )
        # February, Guides
        february = Partner.create([{"name": "Feb guest 1"}, {"name": "Feb guest 2"}])
        for guest, outcome in zip(february, ("reached", "declined"), strict=True):
            cls._complete(
                cls._create_revisit(partner_id=guest.id, scheduled_at=FEBRUARY),
                outcome=outcome,
            )
        # Mandatory revisits: one on time, one waived
        cls.revisited, cls.waived = (
            cls._create_complaint(user_id=cls.user_staff.id, received_at=MARCH)
            for _i in range(2)
        )
        for complaint in cls.revisited | cls.waived:
            complaint.write(
                {"stage_id": cls.stages["resolved"].id, "corrective_action": "Refund"}
            )
            complaint.write(
                {"resolved_at": MARCH, "revisit_due_date": date(2024, 3, 13)}
            )
        cls.revisited.revisited_at = datetime(2024, 3, 13, 9, 0)  # 17:00 Shanghai
        cls.waived._waive_mandatory_revisit("The guest is abroad")
