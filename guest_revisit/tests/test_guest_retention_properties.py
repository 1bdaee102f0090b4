from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from hypothesis import seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo.tests import tagged

from ..tools.anonymize import RETENTION_GRACE_DAYS
from .common import TestGuestRevisitCommon

GUESTS = 3


# A fixed seed: the suite runs the same sequences every time.
@seed(20261201)
class RetentionMachine(RuleBasedStateMachine):
    """Days pass, the cron runs (once or twice in a row), guests come back or complain,
    a desk manager anonymises one on request; the cron takes exactly the guests its
    preview showed for the grace period, each once, never one with an open
    complaint. ``case`` is the running test."""

    case = None
    taken_any = False

    def __init__(self):
        super().__init__()
        self.savepoint = self.case.env.cr.savepoint()
        self.env = self.case.env
        self.now = datetime(2030, 6, 1, 4, 0)
        self.env.company.guest_retention_years = 2
        self.guests = self.env["res.partner"].create(
            [{"name": f"Retention guest {i}"} for i in range(GUESTS)]
        )
        self.open_guests = self.env["res.partner"]
        for guest in self.guests:
            self.case._create_revisit(
                partner_id=guest.id, scheduled_at=self.now - relativedelta(years=3)
            )
        # The guests start past the retention period, found by the day's cron.
        self.run_cron(twice=False)

    def teardown(self):
        self.savepoint.close(rollback=True)
        self.env.invalidate_all()

    def _logs(self, guest, source=None):
        domain = [("partner_ref", "=", guest.id)]
        if source:
            domain.append(("source", "=", source))
        return self.env["guest.revisit.anonymization.log"].search(domain)

    @rule(days=st.sampled_from([1, 29, 31, 400]), twice=st.booleans())
    def days_pass(self, days, twice):
        """Days pass; the daily cron runs on the last one (maybe twice)."""
        self.now += timedelta(days=days)
        self.run_cron(twice)

    @rule(twice=st.booleans())
    def run_cron(self, twice):
        """The cron runs again the same day (maybe twice)."""
        Partner = self.env["res.partner"]
        with freeze_time(self.now):
            today = self.now.date()
            preview = Partner._guest_retention_preview()
            expired = preview.sudo().filtered(
                lambda p: (
                    p.guest_retention_notice_date
                    <= today - timedelta(days=RETENTION_GRACE_DAYS)
                )
            )
            before = {g: bool(self._logs(g, "retention")) for g in self.guests}
            Partner._cron_guest_retention()
            if twice:
                Partner._cron_guest_retention()
        taken = self.guests.filtered(
            lambda g: self._logs(g, "retention") and not before[g]
        )
        # The cron takes the guests its preview showed past the grace period.
        self.case.assertEqual(taken, expired & self.guests)
        RetentionMachine.taken_any |= bool(taken)

    @rule(index=st.integers(0, GUESTS - 1))
    def guest_comes_back(self, index):
        guest = self.guests[index]
        if guest.guest_anonymized:
            return
        with freeze_time(self.now):
            self.case._create_revisit(partner_id=guest.id, scheduled_at=self.now)

    @rule(index=st.integers(0, GUESTS - 1))
    def guest_complains(self, index):
        guest = self.guests[index]
        if guest.guest_anonymized:
            return
        with freeze_time(self.now):
            self.case._create_complaint(partner_id=guest.id, received_at=self.now)
        self.open_guests |= guest

    @rule(index=st.integers(0, GUESTS - 1))
    def anonymised_on_request(self, index):
        guest = self.guests[index]
        if guest in self.open_guests:
            return
        with freeze_time(self.now):
            guest.with_user(self.case.user_desk_manager)._guest_anonymize("Request")

    @invariant()
    def each_guest_once(self):
        for guest in self.guests:
            self.case.assertLessEqual(len(self._logs(guest)), 1)
            self.case.assertEqual(bool(self._logs(guest)), guest.guest_anonymized)

    @invariant()
    def open_complaints_are_kept(self):
        for guest in self.open_guests:
            self.case.assertFalse(self._logs(guest, "retention"))


@tagged("post_install", "-at_install")
class TestGuestRetentionProperties(TestGuestRevisitCommon):
    def test_random_sequences_keep_the_guarantees(self):
        RetentionMachine.case = self
        RetentionMachine.taken_any = False
        run_state_machine_as_test(
            RetentionMachine,
            settings=settings(max_examples=10, stateful_step_count=10, deadline=None),
        )
        # The sequences go past the grace period, not only through refusals.
        self.assertTrue(RetentionMachine.taken_any)
