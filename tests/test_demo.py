"""The demo database as a newcomer meets it (``./setup/run``, ``./setup/test``): a
Chinese hotel group counting in yuan on Beijing time with the 2026 holidays, people who
read their own language, a portal guest with complaints, and a complaint alias that
routes. These tests need the demo data: they run on the database ``./setup/test``
installs with it."""

import importlib.util
from datetime import date
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import MailCase

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "demo_logins", REPO / "setup" / "demo_logins.py"
)
demo_logins = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo_logins)

SAMPLE_MAIL = """From: =?utf-8?b?546L6Iqz?= <wang.fang@example.com>
To: complaints@hotel.example.com
Subject: =?utf-8?b?5ri45rOz5rGg5pyq5o+Q5YmN6YCa55+l5YWz6Zet?=
Message-Id: <test-demo-alias@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

您好，我们到店时才知道游泳池在维修，预订时没有任何提示。
"""


def has_latin_letters(text):
    return any("a" <= char.lower() <= "z" for char in text)


@tagged("standard", "at_install")
class TestDemoCompany(TransactionCase):
    def test_company_is_a_chinese_hotel_group_in_yuan(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "西湖度假酒店集团")
        self.assertEqual(company.city, "杭州市")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        revisit_expense = self.env.ref("guest_revisit_expense.expense_posted")
        self.assertEqual(revisit_expense.currency_id, self.env.ref("base.CNY"))

    def test_calendar_on_beijing_time_with_the_2026_holidays(self):
        calendar = self.env.ref("base.main_company").resource_calendar_id
        self.assertEqual(calendar.tz, "Asia/Shanghai")
        holidays = calendar.leave_ids.filtered(lambda leave: not leave.resource_id)
        national_day = date(2026, 10, 1)
        self.assertTrue(
            holidays.filtered(
                lambda leave: (
                    leave.date_from.date() <= national_day <= leave.date_to.date()
                )
            )
        )
        # The make-up working Saturday before the Spring Festival.
        self.assertIn(date(2026, 2, 14), calendar.workday_ids.mapped("date"))

    def test_over_limit_approver_is_a_named_leader(self):
        approvers = self.env.ref(
            "guest_revisit_expense.group_revisit_expense_limit_approver"
        ).user_ids
        self.assertEqual(
            approvers, self.env.ref("guest_revisit_expense.user_general_manager")
        )
        self.assertEqual(approvers.name, "钱志远")


@tagged("standard", "at_install")
class TestDemoPeople(TransactionCase):
    def test_logins_of_the_one_source_exist_in_their_language(self):
        logins = demo_logins.read_logins()
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("login", "in", [row.login for row in logins])])
        )
        by_login = {user.login: user for user in users}
        for row in logins:
            with self.subTest(login=row.login):
                user = by_login.get(row.login)
                self.assertTrue(user and user.active, "the login exists")
                self.assertEqual(user.lang, row.lang)
                self.assertEqual(user.name, row.name)
                # password = login
                user.with_user(user)._check_credentials(
                    {"login": row.login, "password": row.login, "type": "password"},
                    {"interactive": False},
                )

    def test_readme_table_is_generated_from_the_one_source(self):
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        self.assertEqual(
            demo_logins.readme_block(readme),
            demo_logins.readme_table(demo_logins.read_logins()),
            "README's demo logins: run python3 setup/demo_logins.py --write-readme",
        )

    def test_chinese_users_have_chinese_names_and_the_app_as_home(self):
        app_action = self.env.ref("guest_revisit.guest_complaint_action")
        for xmlid in (
            "guest_revisit.user_desk_manager",
            "guest_revisit.user_dept_head",
            "guest_revisit.user_revisit_user",
            "guest_revisit.user_office",
            "guest_revisit_expense.user_leader",
        ):
            with self.subTest(user=xmlid):
                user = self.env.ref(xmlid)
                self.assertEqual(user.lang, "zh_CN")
                self.assertFalse(has_latin_letters(user.name), user.name)
                self.assertEqual(user.action_id.id, app_action.id)
        self.assertEqual(
            self.env.ref("guest_revisit.user_revisit_user2").action_id.id,
            app_action.id,
        )

    def test_categories_and_departments_in_the_reader_language(self):
        xmlids = [
            f"guest_revisit.category_{name}"
            for name in ("guide", "itinerary", "room", "food", "transport", "checkin")
        ] + [
            f"guest_revisit.dept_{name}"
            for name in (
                "guest_service",
                "front_desk",
                "guides",
                "fnb",
                "housekeeping",
                "itinerary",
                "logistics",
            )
        ]
        for xmlid in xmlids:
            with self.subTest(record=xmlid):
                record = self.env.ref(xmlid)
                chinese = record.with_context(lang="zh_CN").name
                english = record.with_context(lang="en_US").name
                self.assertFalse(has_latin_letters(chinese), chinese)
                self.assertTrue(english.isascii(), english)
        # The complete name is computed once per record, whatever the language.
        self.env.invalidate_all()
        self.assertEqual(
            self.env.ref("guest_revisit.dept_front_desk")
            .with_context(lang="zh_CN")
            .complete_name,
            "宾客服务中心 / 前台",
        )

    def test_demo_guests_were_acknowledged_in_their_language(self):
        """Loaded after zh_CN, the demo wrote to a Chinese guest in Chinese."""
        for xmlid, subject in (
            ("guest_revisit.complaint_2", "您的投诉 %s 已登记"),
            ("guest_revisit.complaint_6", "We have registered your complaint %s"),
        ):
            with self.subTest(complaint=xmlid):
                complaint = self.env.ref(xmlid)
                self.assertIn(
                    subject % complaint.number, complaint.message_ids.mapped("subject")
                )

    def test_portal_guest_has_a_revisit_to_come_and_a_questionnaire(self):
        guest = self.env["res.users"].search([("login", "=", "guest")])
        self.assertTrue(guest._is_portal())
        self.assertEqual(guest.lang, "zh_CN")
        complaints = (
            self.env["guest.complaint"]
            .with_user(guest)
            .search([("partner_id", "=", guest.partner_id.id)])
        )
        awaiting = complaints.filtered(
            lambda c: (
                c.revisit_due_date
                and not c.sudo().revisit_ids.filtered(lambda r: r.state == "done")
            )
        )
        self.assertTrue(awaiting, "a complaint awaits its revisit")
        questionnaire = self.env["survey.user_input"].search(
            [
                ("partner_id", "=", guest.partner_id.id),
                ("revisit_id.complaint_id", "in", complaints.ids),
            ]
        )
        self.assertTrue(questionnaire, "a complaint's revisit is a questionnaire")


@tagged("standard", "at_install")
class TestDemoMailAlias(MailCase):
    def test_mail_to_the_alias_registers_a_complaint_acknowledged_in_chinese(self):
        alias = self.env.ref("guest_revisit.mail_alias_guest_complaint")
        self.assertEqual(alias.alias_full_name, "complaints@hotel.example.com")
        self.assertEqual(
            self.env.ref("base.main_company").alias_domain_id.name, "hotel.example.com"
        )
        guest = self.env.ref("guest_revisit.guest_2")
        self.assertEqual(guest.lang, "zh_CN")
        with self.mock_mail_gateway():
            complaint_id = self.env["mail.thread"].message_process(
                False, SAMPLE_MAIL.encode()
            )
        complaint = self.env["guest.complaint"].browse(complaint_id)
        self.assertEqual(complaint._name, "guest.complaint")
        self.assertEqual(complaint.name, "游泳池未提前通知关闭")
        self.assertEqual(complaint.partner_id, guest)
        self.assertEqual(complaint.channel, "email")
        acknowledgement = self._new_mails.filtered(
            lambda mail: (
                mail.model == complaint._name
                and mail.res_id == complaint.id
                and guest in mail.recipient_ids
            )
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.subject, f"您的投诉 {complaint.number} 已登记")
