from datetime import date, datetime, timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import TestGuestRevisitCommon

PURPOSES = ("revisit", "questionnaire", "marketing")


class TestGuestConsent(TestGuestRevisitCommon):
    """The consent history is the guest's do-not-contact state, whichever way it is
    recorded, and every path that contacts a guest honours it per purpose."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent = cls.env["guest.revisit.consent"]
        cls.company.revisit_plan_approval = False

    def _withdraw(self, purpose, partner=None, user=None, **values):
        Consent = self.Consent.with_user(user) if user else self.Consent
        vals = {
            "partner_id": (partner or self.guest).id,
            "purpose": purpose,
            "decision": "withdrawn",
            "channel": "phone",
        }
        vals.update(values)
        return Consent.create(vals)

    def _profile(self, partner=None):
        return self.env["guest.revisit.guest.profile"].search(
            [
                ("partner_id", "=", (partner or self.guest).id),
                ("company_id", "=", self.company.id),
            ]
        )

    # ------------------------------------------------------------------
    # The history and the do-not-contact flag
    # ------------------------------------------------------------------

    def test_flag_written_by_staff_records_an_entry(self):
        self._create_complaint(user_id=self.user_staff.id)
        profile = (
            self.env["guest.revisit.guest.profile"]
            .with_user(self.user_staff)
            .create(
                {
                    "partner_id": self.guest.id,
                    "do_not_contact": True,
                    "do_not_contact_reason": "No calls",
                }
            )
        )
        self.assertRecordValues(
            self.guest.guest_consent_ids,
            [
                {
                    "purpose": "revisit",
                    "decision": "withdrawn",
                    "channel": "desk",
                    "user_id": self.user_staff.id,
                    "company_id": self.company.id,
                }
            ],
        )
        profile.write({"do_not_contact": False})
        self.assertEqual(
            self.guest.guest_consent_ids.sorted("id").mapped("decision"),
            ["withdrawn", "granted"],
        )
        self.assertFalse(self.guest._guest_contact_refusal())

    def test_raw_profile_write_records_an_entry(self):
        profile = self.env["guest.revisit.guest.profile"].create(
            {"partner_id": self.guest.id}
        )
        self.assertFalse(self.guest.guest_consent_ids)
        profile.sudo().write({"do_not_contact": True})
        self.assertEqual(self.guest.guest_consent_ids.decision, "withdrawn")
        # Writing the same value again is no new decision.
        profile.sudo().write({"do_not_contact": True})
        self.assertEqual(len(self.guest.guest_consent_ids), 1)

    def test_imported_refusal_keeps_its_date(self):
        guest = self.env["res.partner"].create(
            {
                "name": "Imported guest",
                "guest_do_not_contact": True,
                "guest_do_not_contact_date": "2026-03-01",
                "guest_do_not_contact_reason": "Paper form",
            }
        )
        self.assertEqual(guest.guest_consent_ids.date, datetime(2026, 3, 1))
        self.assertEqual(guest.guest_do_not_contact_date, date(2026, 3, 1))

    def test_entry_sets_and_clears_the_flag(self):
        self._withdraw("revisit")
        self.assertTrue(self.guest.guest_do_not_contact)
        self.assertTrue(self.guest._guest_contact_refusal())
        self._withdraw("revisit", decision="granted")
        self.assertFalse(self.guest.guest_do_not_contact)
        self.assertFalse(self.guest._guest_contact_refusal())
        # One entry each: the flag's changes did not record themselves again.
        self.assertEqual(len(self.guest.guest_consent_ids), 2)

    def test_older_entry_does_not_override_a_newer_one(self):
        self._withdraw("revisit")
        self._withdraw(
            "revisit",
            decision="granted",
            date=datetime.now() - timedelta(days=30),
        )
        self.assertTrue(self.guest.guest_do_not_contact)

    def test_questionnaire_and_marketing_do_not_set_the_flag(self):
        self._withdraw("questionnaire")
        self._withdraw("marketing")
        self.assertFalse(self.guest.guest_do_not_contact)
        self.assertFalse(self.guest._guest_contact_refusal("revisit"))
        self.assertIn(
            "withdrew their consent", self.guest._guest_contact_refusal("marketing")
        )
        self.assertIn(
            "withdrew their consent",
            self.guest._guest_contact_refusal("questionnaire"),
        )

    def test_history_cannot_be_rewritten(self):
        entry = self._withdraw("marketing")
        for user in (self.user_admin, self.user_desk_manager, self.user_staff):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                entry.with_user(user).write({"decision": "granted"})
            with self.assertRaises(AccessError):
                entry.with_user(user).unlink()
        # Not even a settings administrator rewrites it, only the framework.
        admin = self.env.ref("base.user_admin")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            entry.with_user(admin).write({"decision": "granted"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            entry.with_user(admin).unlink()
        self.assertEqual(entry.decision, "withdrawn")

    def test_staff_cannot_forge_who_or_when(self):
        self._create_complaint(user_id=self.user_staff.id)
        entry = self._withdraw(
            "marketing", user=self.user_staff, user_id=self.user_desk_manager.id
        )
        self.assertEqual(entry.user_id, self.user_staff)
        # A decision dated ahead would outrank the guest's next one: refused.
        with self.assertRaisesRegex(ValidationError, "not in the future"):
            self._withdraw(
                "revisit",
                user=self.user_staff,
                decision="granted",
                date=datetime.now() + timedelta(days=365),
            )

    def test_staff_record_only_for_their_guests(self):
        other_guest = self.env["res.partner"].create({"name": "Not theirs"})
        with self.assertRaises(AccessError):
            self._withdraw("marketing", partner=other_guest, user=self.user_staff)
        self._create_complaint(user_id=self.user_staff.id)
        entry = self._withdraw("marketing", user=self.user_staff)
        self.assertEqual(entry.user_id, self.user_staff)

    def test_declined_revisit_is_the_evidence(self):
        revisit = self._create_revisit()
        revisit.with_user(self.user_staff).write(
            {"outcome": "declined", "decline_reason": "Too busy"}
        )
        revisit.with_user(self.user_staff).action_done()
        entry = self.guest.guest_consent_ids
        self.assertRecordValues(
            entry,
            [
                {
                    "purpose": "revisit",
                    "decision": "withdrawn",
                    "channel": "phone",
                    "evidence_ref": revisit,
                }
            ],
        )
        self.assertTrue(self.guest.guest_do_not_contact)

    # ------------------------------------------------------------------
    # Each path that contacts a guest
    # ------------------------------------------------------------------

    def test_withdrawn_guest_gets_no_mandatory_revisit(self):
        self._withdraw("revisit")
        complaint = self._resolved_complaint()
        self.assertFalse(complaint.revisit_due_date)
        self.assertFalse(
            self._activities(complaint, "guest_revisit.mail_act_complaint_revisit")
        )
        with self.assertRaisesRegex(UserError, "asked not to be contacted"):
            complaint.action_create_revisit()
        with self.assertRaisesRegex(UserError, "No revisit can be planned"):
            self._create_revisit(complaint_id=complaint.id)

    def test_marketing_or_questionnaire_withdrawal_keeps_the_mandatory_revisit(self):
        self._withdraw("marketing")
        self._withdraw("questionnaire")
        complaint = self._resolved_complaint()
        self.assertTrue(complaint.revisit_due_date)
        action = complaint.action_create_revisit()
        self.assertTrue(self.env["guest.revisit"].browse(action["res_id"]))

    @freeze_time("2026-11-23 01:00:00")
    def test_plan_leaves_out_a_withdrawn_guest(self):
        guest_2 = self.env["res.partner"].create({"name": "Zhao Lei"})
        self._withdraw("revisit", partner=guest_2)
        plan = self.env["guest.revisit.plan"].create(
            {
                "name": "Follow-up",
                "partner_ids": [(6, 0, (self.guest | guest_2).ids)],
                "date_start": date(2026, 11, 23),
                "date_end": date(2026, 11, 30),
                "user_id": self.user_staff.id,
            }
        )
        plan.action_submit()
        self.assertEqual(plan.revisit_ids.partner_id, self.guest)

    @freeze_time("2026-11-23 03:00:00")
    def test_campaign_needs_marketing_consent(self):
        leisure = self.env["guest.type"].create({"name": "Leisure (consent test)"})
        guests = self.env["res.partner"].create(
            [
                {"name": f"Leisure guest {i}", "guest_type_id": leisure.id}
                for i in range(3)
            ]
        )
        self._withdraw("marketing", partner=guests[0])
        self._withdraw("questionnaire", partner=guests[1])
        campaign = self.env["guest.revisit.plan"].create(
            {
                "name": "Quarterly campaign",
                "is_campaign": True,
                "campaign_period": "quarterly",
                "target_guest_type_ids": [(6, 0, leisure.ids)],
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 12, 31),
                "user_id": self.user_staff.id,
            }
        )
        campaign.action_submit()
        self.env["guest.revisit.plan"]._cron_generate_campaign_revisits()
        self.assertEqual(campaign.revisit_ids.partner_id, guests[1:])
        # A campaign revisit cannot be planned by hand for them either.
        with self.assertRaisesRegex(UserError, "No revisit can be planned"):
            self._create_revisit(partner_id=guests[0].id, plan_id=campaign.id)
        # An ordinary plan still reaches the guest who refused marketing only.
        plan = self.env["guest.revisit.plan"].create(
            {
                "name": "Service follow-up",
                "partner_ids": [(6, 0, guests[0].ids)],
                "date_start": date(2026, 11, 23),
                "date_end": date(2026, 11, 30),
                "user_id": self.user_staff.id,
            }
        )
        plan.action_submit()
        self.assertEqual(plan.revisit_ids.partner_id, guests[0])

    def test_booking_refuses_a_withdrawn_guest(self):
        revisit = self._create_revisit(
            method="on_site", appointment_at=datetime.now() + timedelta(days=2)
        )
        # The refusal comes after the revisit was planned, at the desk.
        self.guest.write(
            {"guest_do_not_contact": True, "guest_do_not_contact_reason": "Moved"}
        )
        with self.assertRaisesRegex(UserError, "asked not to be contacted"):
            revisit.with_user(self.user_staff).action_book_appointment()
        self.assertFalse(revisit.calendar_event_id)

    def test_staff_cannot_bypass_consent_with_a_raw_create(self):
        self._withdraw("revisit")
        with self.assertRaisesRegex(UserError, "No revisit can be planned"):
            self.env["guest.revisit"].with_user(self.user_staff).create(
                {
                    "partner_id": self.guest.id,
                    "user_id": self.user_staff.id,
                    "method": "phone",
                }
            )


@seed(20261202)
class ConsentMachine(RuleBasedStateMachine):
    """Decisions recorded in any order, through the history or the flag: the flag is
    the latest "revisit" decision, and a purpose is refused exactly when the guest
    withdrew it or every contact."""

    case = None  # the running TransactionCase, set by the test

    @initialize()
    def start(self):
        case = self.case
        self.guest = case.env["res.partner"].create({"name": "Machine guest"})
        self.latest = {}
        self.tick = 0

    def _date(self):
        self.tick += 1
        return datetime(2026, 1, 1) + timedelta(minutes=self.tick)

    @rule(
        purpose=st.sampled_from(PURPOSES),
        decision=st.sampled_from(("granted", "withdrawn")),
        channel=st.sampled_from(("phone", "mail", "portal", "desk", "link")),
    )
    def record(self, purpose, decision, channel):
        self.case.env["guest.revisit.consent"].create(
            {
                "partner_id": self.guest.id,
                "purpose": purpose,
                "decision": decision,
                "channel": channel,
                "date": self._date(),
            }
        )
        self.latest[purpose] = decision

    @rule(flag=st.booleans())
    def write_flag(self, flag):
        with freeze_time(self._date()):
            self.guest.sudo().write(
                {"guest_do_not_contact": flag, "guest_do_not_contact_reason": "x"}
            )
        # Only a change of the flag is a decision.
        if flag != (self.latest.get("revisit") == "withdrawn"):
            self.latest["revisit"] = "withdrawn" if flag else "granted"

    @invariant()
    def flag_is_the_latest_revisit_decision(self):
        if self.guest is None:
            return
        self.guest.invalidate_recordset()
        self.case.assertEqual(
            self.guest.guest_do_not_contact,
            self.latest.get("revisit") == "withdrawn",
        )

    @invariant()
    def refusals_follow_the_purposes(self):
        if self.guest is None:
            return
        stop_all = self.latest.get("revisit") == "withdrawn"
        for purpose in PURPOSES:
            refused = stop_all or self.latest.get(purpose) == "withdrawn"
            self.case.assertEqual(
                bool(self.guest._guest_contact_refusal(purpose)), refused, purpose
            )

    guest = None


class TestGuestConsentProperties(TestGuestRevisitCommon):
    def test_flag_and_refusals_follow_the_history(self):
        ConsentMachine.case = self
        # Few short sequences suffice: every rule is a single decision, and the
        # invariants read the whole history after each one.
        run_state_machine_as_test(
            ConsentMachine,
            settings=settings(
                max_examples=6,
                stateful_step_count=10,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
