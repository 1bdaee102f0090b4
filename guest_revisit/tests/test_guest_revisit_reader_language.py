import re
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext

from .common import TestGuestRevisitCommon, load_chinese

ESCALATION = "guest_revisit.mail_act_complaint_escalation"
FIRST_CONTACT = "guest_revisit.mail_act_complaint_first_contact"
# Two English words in a row: a sentence, not a name, a number or a code such as "GR".
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{4,} [A-Za-z]{3,}")
# Monday 23 November 2026, 10:00 in Shanghai (UTC+8), before the browser's today.
MONDAY_10H = datetime(2026, 11, 23, 2, 0)


class ReaderLanguageMixin:
    """A company and its people in Chinese, with translations loaded, and the usual
    flow of a complaint: registered, assigned, contacted, resolved, its revisit and
    result feedback left overdue, escalated by the cron."""

    @classmethod
    def _load_chinese(cls):
        load_chinese(cls.env, "guest_revisit")
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"

    @classmethod
    def _usual_flow(cls, severity="important"):
        """The flow done by its people in their language, then the escalation cron,
        which runs in nobody's language."""
        desk = cls.env["guest.complaint"].with_user(cls.user_desk_manager)
        with freeze_time(MONDAY_10H):
            complaint = desk.with_context(lang=cls.user_desk_manager.lang).create(
                {
                    "name": "导游擅自更改行程",
                    "partner_id": cls.chinese_guest.id,
                    "category_id": cls.category.id,
                    "channel": "phone",
                    "severity": severity,
                }
            )
            complaint.user_id = cls.user_staff
        staff = complaint.with_user(cls.user_staff).with_context(
            lang=cls.user_staff.lang
        )
        with freeze_time(MONDAY_10H + timedelta(minutes=20)):
            staff.action_record_first_contact()
        with freeze_time(MONDAY_10H + timedelta(hours=2)):
            staff.corrective_action = "退还自费项目费用并致歉"
            staff.action_resolve()
        with freeze_time(MONDAY_10H + timedelta(days=6)):
            cls.env["guest.complaint"].with_context(
                lang="en_US"
            )._cron_escalate_overdue()
        return complaint

    @classmethod
    def _chinese_guest(cls):
        # No e-mail: the guest's acknowledgement is not what this checks.
        return cls.env["res.partner"].create({"name": "李明", "lang": "zh_CN"})


class TestReaderLanguage(ReaderLanguageMixin, TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.chinese_guest = cls._chinese_guest()
        # The desk manager, who manages the guides, reads Chinese; the department
        # head English.
        (cls.user_desk_manager | cls.user_staff).lang = "zh_CN"
        cls.user_department_head.lang = "en_US"

    def _activity_texts(self, activities, reader):
        """What ``reader`` sees of these activities on the form: the name shown
        (summary or the type's name) and the note."""
        texts = []
        for activity in activities.with_user(reader):
            texts.append(self._shown_name(activity, reader.lang))
            texts.append(html2plaintext(activity.note or ""))
        return [text for text in texts if text]

    @staticmethod
    def _shown_name(activity, lang):
        """The activity's name as the chatter shows it to a reader of ``lang``."""
        activity = activity.with_context(lang=lang)
        return activity.summary or activity.activity_type_id.name

    def _chatter_texts(self, complaint, reader):
        """What ``reader`` sees in the chatter: bodies, and tracked changes as the
        web client formats them."""
        messages = (
            complaint.with_user(reader)
            .with_context(lang=reader.lang)
            .message_ids.filtered(lambda m: m.message_type != "user_notification")
        )
        texts = [html2plaintext(message.body or "") for message in messages]
        # sudo: the web client formats the tracked changes for the reader as such.
        trackings = messages.sudo().tracking_value_ids
        for tracking in trackings._tracking_value_format():
            texts.append(tracking["fieldInfo"]["changedField"])
            texts += [
                str(tracking[side]["value"])
                for side in ("oldValue", "newValue")
                if tracking[side]["value"]
            ]
        return [text for text in texts if text]

    def _english_sentences(self, texts):
        return [text for text in texts if ENGLISH_SENTENCE.search(text)]

    def test_cron_escalation_read_by_each_in_their_language(self):
        self.company.partner_id.lang = "zh_CN"
        complaint = self._usual_flow()
        escalations = self._activities(complaint, ESCALATION)
        by_user = {activity.user_id: activity for activity in escalations}
        self.assertEqual(
            set(by_user), {self.user_desk_manager, self.user_department_head}
        )
        chinese = by_user[self.user_desk_manager]
        english = by_user[self.user_department_head]
        # No summary of their own: each reader sees the type's name in their language.
        self.assertFalse(chinese.summary or english.summary)
        self.assertEqual(self._shown_name(chinese, "zh_CN"), "投诉升级")
        self.assertEqual(self._shown_name(english, "en_US"), "Complaint Escalation")
        self.assertIn("逾期", str(chinese.note))
        self.assertIn("Overdue", str(english.note))
        self.assertEqual(
            self._english_sentences(
                self._activity_texts(chinese, self.user_desk_manager)
            ),
            [],
        )
        # The cron's note in the chatter is in the company's language, at Shanghai
        # time: the feedback was due on Tuesday at 12:00.
        notes = complaint.message_ids.filtered(lambda m: "逾期" in str(m.body))
        self.assertEqual(len(notes), 1)
        self.assertIn("2026-11-24 12:00", str(notes.body))
        self.assertFalse(ENGLISH_SENTENCE.search(html2plaintext(notes.body)))

    def test_chatter_notes_follow_the_company_not_the_writer(self):
        """The cron runs in Chinese here, the company works in English: its notes are
        English, while a Chinese assignee's activities stay Chinese."""
        self.company.partner_id.lang = "en_US"
        with freeze_time(MONDAY_10H):
            complaint = self._create_complaint(
                severity="important", user_id=self.user_staff.id
            )
        with freeze_time(MONDAY_10H + timedelta(hours=2)):
            self.env["guest.complaint"].with_context(
                lang="zh_CN"
            )._cron_escalate_overdue()
        notes = complaint.message_ids.filtered(lambda m: "Alerted" in str(m.body))
        self.assertEqual(len(notes), 1)
        self.assertIn("Overdue: the first contact with the guest", str(notes.body))
        activity = self._activities(complaint, ESCALATION).filtered(
            lambda a: a.user_id == self.user_desk_manager
        )
        self.assertIn("逾期", str(activity.note))

    def test_company_without_language_writes_in_the_first_active_one(self):
        self.company.partner_id.lang = False
        first = self.env["res.lang"].search([], order="name", limit=1).code
        self.assertEqual(self.company._chatter_lang(), first)

    def test_creation_note_in_the_companys_language(self):
        """A complaint registered by the mail gateway, a revisit by a campaign's cron:
        their creation note is the company's language, not the writer's."""
        self.company.partner_id.lang = "zh_CN"
        # The creation note is what this checks: logged, as outside tests.
        english = self.env(
            context=dict(
                self.env.context,
                lang="en_US",
                tracking_disable=False,
                mail_create_nolog=False,
            )
        )
        complaint = english["guest.complaint"].create(
            {"name": "By mail", "partner_id": self.chinese_guest.id, "channel": "email"}
        )
        revisit = english["guest.revisit"].create(
            {"partner_id": self.chinese_guest.id, "user_id": self.user_staff.id}
        )
        for record, model_name in (
            (complaint, "guest.complaint"),
            (revisit, "guest.revisit"),
        ):
            with self.subTest(model=model_name):
                first = record.message_ids.sorted("id")[:1]
                description = (
                    self.env["ir.model"]
                    .with_context(lang="zh_CN")
                    ._get(model_name)
                    .name
                )
                self.assertIn(description, str(first.body))
                self.assertFalse(ENGLISH_SENTENCE.search(html2plaintext(first.body)))

    def test_deadline_activity_in_the_assignees_language(self):
        """An English desk manager assigns a Chinese guide: the guide's first-contact
        activity speaks Chinese, at the guide's time."""
        self.user_desk_manager.lang = "en_US"
        with freeze_time(MONDAY_10H):
            complaint = (
                self.env["guest.complaint"]
                .with_user(self.user_desk_manager)
                .with_context(lang="en_US", tz="Europe/Brussels")
                .create(
                    {
                        "name": "Late pick-up",
                        "partner_id": self.chinese_guest.id,
                        "category_id": self.category.id,
                        "user_id": self.user_staff.id,
                    }
                )
            )
        activity = self._activities(complaint, FIRST_CONTACT)
        self.assertEqual(activity.user_id, self.user_staff)
        self.assertFalse(activity.summary)
        self.assertEqual(self._shown_name(activity, "zh_CN"), "联系游客")
        note = html2plaintext(activity.note)
        self.assertFalse(ENGLISH_SENTENCE.search(note), note)
        self.assertIn("11:00", note, "the deadline at the guide's Shanghai time")

    def test_activities_of_other_steps_in_the_assignees_language(self):
        """The daily closing's cron, a report put up for review and a problem
        forwarded write their activity for one person: in that person's language."""
        self.user_staff.lang = "en_US"
        self.user_department_head.lang = "zh_CN"
        with freeze_time("2026-11-23 01:00:00"):  # 09:00 in Shanghai
            revisit = self._create_revisit()
        self.user_staff.lang = "zh_CN"
        with freeze_time("2026-11-23 10:30:00"):  # 18:30, after the day's end
            self.env["guest.revisit"].with_context(lang="en_US")._cron_flag_left_open()
        self.assertEqual(revisit.activity_ids.summary, "当日结束时仍未完成")
        report = (
            self.env["guest.revisit.report"]
            .with_user(self.user_desk_manager)
            .with_context(lang="en_US")
            .create(
                {
                    "name": "Month",
                    "department_id": self.department.id,
                    "date_from": "2026-11-01",
                    "date_to": "2026-11-30",
                    "evaluation": "<p>Calm</p>",
                }
            )
        )
        report.action_submit()
        self.assertEqual(report.activity_ids.user_id, self.user_department_head)
        self.assertEqual(report.activity_ids.summary, "审核回访报告")
        self.user_department_head.lang = "en_US"
        revisit.write(
            {
                "problem_description": "The bus was late",
                "forward_department_id": self.department_service.id,
            }
        )
        revisit.with_context(lang="zh_CN").action_forward_to_department()
        forwarded = revisit.activity_ids.filtered(
            lambda a: a.user_id == self.user_department_head
        )
        self.assertEqual(forwarded.summary, "Problem raised at a revisit")

    def test_chinese_people_meet_no_english_sentence(self):
        self.user_department_head.lang = "zh_CN"
        self.company.partner_id.lang = "zh_CN"
        complaint = self._usual_flow()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "guest.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertLessEqual(
            {
                self.env.ref(ESCALATION),
                self.env.ref("guest_revisit.mail_act_complaint_revisit"),
            },
            set(activities.activity_type_id),
            "the escalation of the missed feedback and the revisit due",
        )
        texts = self._activity_texts(
            activities, self.user_desk_manager
        ) + self._chatter_texts(complaint, self.user_desk_manager)
        self.assertTrue(any("逾期" in text for text in texts))
        self.assertEqual(self._english_sentences(texts), [])


@tagged("post_install", "-at_install")
class TestReaderLanguageTour(ReaderLanguageMixin, HttpCase, TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.chinese_guest = cls._chinese_guest()
        cls.company.partner_id.lang = "zh_CN"
        (
            cls.user_desk_manager | cls.user_staff | cls.user_department_head
        ).lang = "zh_CN"

    def test_complaint_form_in_chinese_after_the_flow(self):
        complaint = self._usual_flow()
        self.assertTrue(complaint.activity_ids)
        self.assertLess(
            complaint.open_deadline, fields.Datetime.now(), "feedback overdue"
        )
        # First on the board and in the list, whatever other complaints there are.
        self.env["guest.complaint"].search([]).priority = "0"
        complaint.priority = "2"
        self.start_tour(
            "/odoo/guest-complaints",
            "guest_revisit_chatter_in_chinese_tour",
            login=self.user_desk_manager.login,
        )
