import base64
import re
from datetime import timedelta

from odoo import fields

from .common import TestGuestRevisitCommon

PLAN_REPORT = "guest_revisit.action_report_guest_revisit_plan"
RECORD_REPORT = "guest_revisit.action_report_guest_revisit"
REPORT_REPORT = "guest_revisit.action_report_guest_revisit_report"
# a 1x1 PNG: what the signature widget stores
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )
)


class TestGuestRevisitPdf(TestGuestRevisitCommon):
    """The printed plan, record form and report (T3): real PDFs, whose text is
    read back, Chinese included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revisit_plan_approval = True
        vip = cls.env["guest.type"].create(
            {"name": "重要游客", "revisit_method": "on_site"}
        )
        cls.guest_li = cls.env["res.partner"].create(
            {"name": "李明", "guest_type_id": vip.id, "phone": "+86 138 0000 0002"}
        )
        today = fields.Date.context_today(cls.env.user)
        cls.plan = cls.env["guest.revisit.plan"].create(
            {
                "name": "秋季重要游客回访",
                "partner_ids": [(6, 0, cls.guest_li.ids)],
                "user_id": cls.user_staff.id,
                "date_start": today,
                "date_end": today + timedelta(days=7),
                "time_from": 10.0,
                "time_to": 11.5,
                "purpose_satisfaction": True,
                "purpose_relationship": True,
                "content": "<p>了解温泉度假体验</p>",
            }
        )
        cls.plan.action_submit()
        # the approver creates the revisits: another head reviews them
        cls.plan.with_user(cls.user_admin)._apply_review("approve", "同意按计划执行")
        cls.revisit = cls.plan.revisit_ids
        cls._complete(
            cls.revisit.with_user(cls.user_staff),
            visit_location="度假区大堂",
            arrived_on_time=True,
            guest_signature=SIGNATURE,
            signed_by="李明",
            guest_suggestions="希望增加温泉项目",
            service_evaluation="导游服务热情",
            score_service=5,
            score_product=4,
            score_overall=5,
            recommend_score="10",
        )
        cls.revisit.with_user(cls.user_department_head)._apply_review(
            "approve", "回访记录完整"
        )
        cls.report = cls.env["guest.revisit.report"].create(
            {
                "name": "秋季回访报告",
                "plan_id": cls.plan.id,
                "user_id": cls.user_staff.id,
                "department_id": cls.department.id,
                "date_from": cls.plan.date_start,
                "date_to": cls.plan.date_end,
                "evaluation": "<p>游客总体满意</p>",
            }
        )
        cls.env["guest.revisit.staff.note"].create(
            {
                "user_id": cls.user_staff.id,
                "kind": "praise",
                "note": "服务热情周到",
                "report_id": cls.report.id,
            }
        )
        cls.report.action_submit()
        cls.report.with_user(cls.user_department_head)._apply_review(
            "approve", "报告通过"
        )

    def _html(self, user, report_ref, records):
        content, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report_ref, records.ids)
        )
        self.assertEqual(report_type, "html")
        return content.decode()

    def test_reports_are_in_the_print_menu(self):
        for report_ref, model in (
            (PLAN_REPORT, "guest.revisit.plan"),
            (RECORD_REPORT, "guest.revisit"),
            (REPORT_REPORT, "guest.revisit.report"),
        ):
            report = self.env.ref(report_ref)
            self.assertEqual(report.binding_model_id.model, model)
            self.assertEqual(report.report_type, "qweb-pdf")

    def test_plan_pdf(self):
        self.assertEqual(self.plan.state, "running")
        text = self._pdf_text(self.user_desk_manager, PLAN_REPORT, self.plan)
        for expected in (
            self.plan.number,
            "秋季重要游客回访",
            "李明",
            "了解温泉度假体验",
            "同意按计划执行",
            self.user_staff.name,
        ):
            self.assertIn(expected, text)
        self.assertRegex(text, r"10:00\s*-\s*11:30")
        html = self._html(self.user_desk_manager, PLAN_REPORT, self.plan)
        for label in (
            "Guest Revisit Plan",
            "Time Slot",
            "Relationship Building",
            "Preparation Sheet",
            "Prepared By:",
            "Department Head:",
        ):
            self.assertIn(label, html)
        # two of the three purposes are ticked
        self.assertEqual(html.count("\u2611"), 2)
        self.assertEqual(html.count("\u2610"), 1)

    def test_record_pdf_as_staff_with_signature(self):
        self.assertEqual(self.revisit.method, "on_site")
        self.assertEqual(self.revisit.state, "done")
        text = self._pdf_text(self.user_staff, RECORD_REPORT, self.revisit)
        for expected in (
            self.revisit.number,
            "李明",
            "重要游客",
            "希望增加温泉项目",
            "导游服务热情",
            "度假区大堂",
            "回访记录完整",
        ):
            self.assertIn(expected, text)
        html = self._html(self.user_staff, RECORD_REPORT, self.revisit)
        for label in (
            "Guest Revisit Record Form",
            "Satisfaction Scores",
            "Guest Signature",
            "Revisit Staff:",
            "Department Head:",
        ):
            self.assertIn(label, html)
        # the guest's signature is printed, read with the staff member's rights
        self.assertIn(f"data:image/png;base64,{SIGNATURE.decode()}", html)
        # price and information were not rated
        scores = re.findall(r'<td class="o_form_score">([^<]*)</td>', html)
        self.assertEqual(scores, ["5", "4", "-", "-", "5"])
        # no injured guest: no insurer question
        self.assertNotIn("Satisfaction with the Insurer", html)

    def test_report_pdf(self):
        self.assertEqual(self.report.state, "approved")
        self.assertEqual(self.report.revisit_ids, self.revisit)
        text = self._pdf_text(self.user_department_head, REPORT_REPORT, self.report)
        for expected in (
            "秋季回访报告",
            self.plan.number,
            "游客总体满意",
            "希望增加温泉项目",
            "服务热情周到",
            "报告通过",
            "100.0 %",
        ):
            self.assertIn(expected, text)
        html = self._html(self.user_department_head, REPORT_REPORT, self.report)
        for label in (
            "Guest Revisit Report",
            "Average Scores (1-5)",
            "Praise / Criticism",
            "Compiled By:",
        ):
            self.assertIn(label, html)
        scores = re.findall(r'<td class="o_form_score">([^<]*)</td>', html)
        self.assertEqual(scores, ["5.0", "4.0", "-", "-", "5.0"])

    def test_one_page_per_record(self):
        other = self.revisit.copy({"partner_id": self.guest.id})
        html = self._html(self.user_desk_manager, RECORD_REPORT, self.revisit | other)
        # each record is an article of its own, that wkhtmltopdf starts on a new page
        articles = re.findall(r'<div class="article[^>]*data-oe-id="(\d+)"', html)
        self.assertEqual(articles, [str(self.revisit.id), str(other.id)])
        self.assertEqual(html.count("Guest Revisit Record Form"), 2)
