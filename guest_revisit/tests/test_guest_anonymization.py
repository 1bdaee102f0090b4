import os
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .anonymization_common import NAME, TestGuestAnonymizationCommon
from .common import load_chinese


class TestGuestAnonymization(TestGuestAnonymizationCommon):
    def _figures(self, moment):
        """Every figure of the period: the dashboard of the month and the year, and a
        month report, compiled at ``moment`` (the dashboard's "due now" counts from
        it)."""
        with freeze_time(moment):
            return self._figures_now()

    def _figures_now(self):
        Kpi = self.env["guest.revisit.kpi"].with_user(self.user_desk_manager)
        today = fields.Date.today()
        report = (
            self.env["guest.revisit.report"]
            .with_user(self.user_desk_manager)
            .create(
                {
                    "name": "Month",
                    "date_from": today.replace(day=1),
                    "date_to": today.replace(day=1) + relativedelta(months=1, days=-1),
                }
            )
        )
        figures = report.read(
            [
                fname
                for fname, field in report._fields.items()
                if field.type in ("integer", "float", "monetary")
                and fname not in ("id",)
            ]
        )[0]
        figures.pop("id")
        return {
            "month": Kpi.get_dashboard_data(period="month"),
            "year": Kpi.get_dashboard_data(period="year"),
            "report": figures,
            "report_revisits": report.revisit_ids.ids,
        }

    def test_nothing_of_the_guest_stays_and_figures_do_not_move(self):
        self.assertTrue(self._found(), "the scan finds the guest's data before")
        attachments = self._guest_attachments()
        self.assertTrue(self._files_found(attachments))
        paths = [a._full_path(a.store_fname) for a in attachments if a.store_fname]
        moment = fields.Datetime.now()
        before = self._figures(moment)
        # A report compiled before keeps its figures and loses the guest's words.
        kept_report = (
            self.env["guest.revisit.report"]
            .with_user(self.user_desk_manager)
            .create(
                {
                    "name": "Kept",
                    "date_from": fields.Date.today() - timedelta(days=1),
                    "date_to": fields.Date.today() + timedelta(days=1),
                }
            )
        )
        self.assertIn(NAME, kept_report.issues_summary)
        kept_figures = kept_report.read(["revisit_count", "reached_count", "nps"])

        self._anonymize()

        self.assertEqual(self._found(), [])
        # The files go with Odoo's filestore garbage collection (its autovacuum).
        self.env["ir.attachment"]._gc_file_store_unsafe()
        self.assertEqual(
            [p for p in paths if os.path.exists(p)],
            [],
            "the files of the guest's attachments are removed",
        )
        self.assertEqual(self._files_found(self._guest_attachments()), [])
        self.assertEqual(self._figures(moment), before)
        self.assertEqual(
            kept_report.read(["revisit_count", "reached_count", "nps"]), kept_figures
        )
        # What the figures count is kept.
        revisit = self.anon_revisit
        self.assertEqual(revisit.score_overall, 4)
        self.assertEqual(revisit.nps_category, "promoter")
        self.assertTrue(revisit.has_new_needs)
        self.assertTrue(revisit.guest_signature, "still signed, by nobody")
        self.assertEqual(self.anon_complaint.category_id, self.category)
        self.assertEqual(self.anon_complaint.department_id, self.department)
        self.assertEqual(self.anon_complaint.partner_id, self.anon_guest)

        log = self.env["guest.revisit.anonymization.log"].search(
            [("partner_ref", "=", self.anon_guest.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.complaint_count, log.revisit_count, log.user_id, log.source),
            (1, 1, self.user_desk_manager, "request"),
        )
        self.assertGreaterEqual(log.attachment_count, 3)
        self.assertGreaterEqual(log.message_count, 3)
        self.assertTrue(self.anon_guest.guest_anonymized)

    def test_wizard_shows_what_goes(self):
        wizard = (
            self.env["guest.revisit.anonymize.wizard"]
            .with_user(self.user_desk_manager)
            .create({"partner_ids": [(6, 0, self.anon_guest.ids)], "reason": "x"})
        )
        counts = self.anon_guest._guest_anonymization_counts()
        self.assertEqual((counts["complaints"], counts["revisits"]), (1, 1))
        self.assertGreaterEqual(counts["attachments"], 3)
        self.assertIn(str(counts["messages"]), wizard.summary)
        self.assertFalse(wizard.open_complaint_count)

    def test_roles(self):
        for role in ("staff", "office", "department_head"):
            user = self.users[role]
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self._anonymize(user=user)
                with self.assertRaises(AccessError):
                    self.anon_guest.with_user(user)._guest_anonymize("raw call")
                with self.assertRaises(AccessError):
                    self.anon_guest.with_user(user).write({"guest_anonymized": True})
        # Not even a desk manager marks a guest anonymised by hand.
        with self.assertRaises(AccessError):
            self.anon_guest.with_user(self.user_desk_manager).write(
                {"guest_anonymized": True}
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_desk_manager).create(
                {"name": "Fake", "guest_anonymized": True}
            )
        self.assertFalse(self.anon_guest.guest_anonymized)
        self.assertIn(NAME, self.anon_guest.name)
        # The admin may; staff then see that the guest was anonymised, nothing more.
        self._anonymize(user=self.user_admin)
        guest = self.anon_guest.with_user(self.user_staff)
        self.assertTrue(guest.guest_anonymized)
        self.assertTrue(self.anon_revisit.with_user(self.user_staff).partner_anonymized)
        self.assertIn(
            "partner_anonymized",
            self.env["guest.revisit"]
            .with_user(self.user_staff)
            .get_views([(False, "form")])["views"]["form"]["arch"],
        )
        self.assertNotIn(NAME, guest.name)
        self.assertEqual(
            self.anon_revisit.with_user(self.user_staff).guest_suggestions,
            "[anonymised]",
        )

    def test_open_complaint_refused_unless_forced(self):
        complaint = self._create_complaint(partner_id=self.anon_guest.id)
        with self.assertRaises(UserError):
            self._anonymize()
        self.assertFalse(self.anon_guest.guest_anonymized)
        with self.assertRaises(UserError):
            self._anonymize(force=True, reason=" ")
        self._anonymize(force=True, reason="Guest's request; the complaint is moot")
        self.assertTrue(self.anon_guest.guest_anonymized)
        self.assertFalse(complaint.is_closed, "the complaint itself stays open")
        log = self.env["guest.revisit.anonymization.log"].search(
            [("partner_id", "=", self.anon_guest.id)]
        )
        self.assertTrue(log.forced)
        self.assertEqual(log.complaint_count, 2)

    def test_colleagues_are_not_guests(self):
        self._create_revisit(partner_id=self.user_office.partner_id.id)
        with self.assertRaises(UserError):
            self._anonymize(self.user_office.partner_id)
        self.assertTrue(self.user_office.active)
        self.company.guest_retention_years = 1
        with freeze_time(fields.Datetime.now() + relativedelta(years=1, days=1)):
            self.assertNotIn(
                self.user_office.partner_id,
                self.env["res.partner"]._guest_retention_due(),
            )
            self.assertIn(
                self.anon_guest, self.env["res.partner"]._guest_retention_due()
            )

    def test_other_company_refused(self):
        other = self.env["res.company"].create({"name": "Other hotel"})
        self._create_revisit(partner_id=self.anon_guest.id, company_id=other.id)
        with self.assertRaisesRegex(AccessError, "Other hotel"):
            self._anonymize()
        self.assertFalse(self.anon_guest.guest_anonymized)
        self.user_admin.company_ids |= other
        self._anonymize(user=self.user_admin)
        self.assertTrue(self.anon_guest.guest_anonymized)

    def test_twice_anonymises_once(self):
        self._anonymize()
        self._anonymize()
        self.assertEqual(
            self.env["guest.revisit.anonymization.log"].search_count(
                [("partner_id", "=", self.anon_guest.id)]
            ),
            1,
        )

    def test_retention_cron(self):
        Partner = self.env["res.partner"]
        # A second guest whose last revisit is recent: kept.
        recent = Partner.create({"name": "Recent Guest"})
        self._create_revisit(partner_id=recent.id)
        self.company.guest_retention_years = 0
        Partner._cron_guest_retention()
        self.assertFalse(Partner._guest_retention_preview(), "off by default")

        self.company.guest_retention_years = 2
        later = fields.Datetime.now() + relativedelta(years=2, days=1)
        with freeze_time(later):
            # The guest's revisit of today is now over two years old.
            self.env["guest.revisit"].search(
                [("partner_id", "=", recent.id)]
            )._workflow_effects().write({"scheduled_at": later - timedelta(days=10)})
            Partner._cron_guest_retention()
            preview = Partner._guest_retention_preview()
            self.assertIn(self.anon_guest, preview)
            self.assertNotIn(recent, preview)
            self.assertFalse(self.anon_guest.guest_anonymized, "grace period first")
            office_action = Partner.with_user(
                self.user_office
            ).action_view_guest_retention_preview()
            self.assertEqual(
                Partner.with_user(self.user_office).search(office_action["domain"]),
                preview,
            )
            with self.assertRaises(AccessError):
                Partner.with_user(self.user_staff).action_view_guest_retention_preview()
        with freeze_time(later + timedelta(days=31)):
            preview = Partner._guest_retention_preview()
            Partner._cron_guest_retention()
            Partner._cron_guest_retention()
            logs = self.env["guest.revisit.anonymization.log"].search(
                [("source", "=", "retention")]
            )
            self.assertEqual(logs.partner_id, preview)
            self.assertEqual(len(logs), len(preview), "each guest once")
            self.assertTrue(self.anon_guest.guest_anonymized)
            self.assertFalse(recent.guest_anonymized)
            self.assertFalse(Partner._guest_retention_preview())
        self.assertEqual(self._found(), [], "nothing of the guest is left")

    def test_in_chinese(self):
        load_chinese(self.env, "guest_revisit")
        guest = self.anon_guest.with_context(lang="zh_CN")
        with self.assertRaisesRegex(
            AccessError, "只有投诉台经理和管理员可以匿名化客人"
        ):
            guest.with_user(self.user_staff)._guest_anonymize("x")
        # The placeholders are in the company's language, whoever anonymises.
        self.company.partner_id.lang = "zh_CN"
        self._create_complaint(partner_id=self.anon_guest.id)
        guest = guest.with_user(self.user_desk_manager)
        with self.assertRaisesRegex(UserError, "仍有未结投诉"):
            guest._guest_anonymize("客人要求")
        guest._guest_anonymize("客人要求", force=True)
        self.assertEqual(self.anon_guest.name, f"已匿名客人 {self.anon_guest.id}")
        self.assertEqual(self.anon_revisit.guest_suggestions, "[已匿名]")
