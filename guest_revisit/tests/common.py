import json
import shutil
import subprocess
import tempfile
import unicodedata
import unittest
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import TransactionCase, get_db_name, new_test_user
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import BaseCommon

ROLE_GROUPS = {
    "staff": "guest_revisit.group_revisit_user",
    "desk_manager": "guest_revisit.group_revisit_desk_manager",
    "department_head": "guest_revisit.group_revisit_department_head",
    "office": "guest_revisit.group_revisit_office",
    "admin": "guest_revisit.group_revisit_admin",
}


class InEnglish(TransactionCase):
    """Odoo's and OCA's own tests, re-run with our addons installed, were written for
    an English database, while ours is created in Simplified Chinese (root, the
    public user and new contacts default to zh_CN): inside their own transaction,
    they get the English they expect before their data is made."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        users = (
            cls.env.ref("base.user_root")
            | cls.env.ref("base.user_admin")
            | cls.env.ref("base.public_user")
        )
        users.with_context(active_test=False).write({"lang": "en_US"})
        cls.env.company.partner_id.lang = "en_US"
        # New records default to the first installed language otherwise, e.g.
        # surveys.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))


# What the web client asks of a related record in lists and kanbans.
RELATED_READ = {"fields": {"display_name": {}}}


def load_chinese(env, *modules):
    """Simplified Chinese active, with the translations of these addons loaded (a test
    database has the language only when it was made with it)."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"].search([("name", "in", modules)])._update_translations(
        ["zh_CN"]
    )


def view_read_specification(model, view_type):
    """The ``web_search_read`` specification of a model's default view of this type,
    as the web client builds it: every field of the view, related records by name."""
    fields_info = model.get_views([(False, view_type)])["models"][model._name]["fields"]
    return {
        name: RELATED_READ
        if info["type"] in ("many2one", "one2many", "many2many")
        else {}
        for name, info in fields_info.items()
    }


class TestGuestRevisitCommon(BaseCommon):
    """A company with a handling department, one user per role and a guest. Tests make
    their own data: nothing here relies on demo records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # What the crons write for the company is in its language: English here,
        # whichever language the database was created with.
        cls.company.partner_id.lang = "en_US"
        cls.company.write(
            {
                "complaint_first_contact_hours": 1.0,
                "complaint_feedback_hours": 24.0,
                "complaint_urgent_first_contact_hours": 0.5,
                "complaint_urgent_feedback_hours": 12.0,
            }
        )
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"gr_{role}",
                groups=group,
                name=f"GR {role}",
                tz="Asia/Shanghai",
                company_id=cls.company.id,
            )
            for role, group in ROLE_GROUPS.items()
        }
        cls.user_staff = cls.users["staff"]
        cls.user_desk_manager = cls.users["desk_manager"]
        cls.user_department_head = cls.users["department_head"]
        cls.user_office = cls.users["office"]
        cls.user_admin = cls.users["admin"]
        cls.user_staff_other = new_test_user(
            cls.env,
            login="gr_staff_other",
            groups=ROLE_GROUPS["staff"],
            name="GR other staff",
        )
        cls.user_plain_employee = new_test_user(
            cls.env,
            login="gr_employee",
            groups="base.group_user",
            name="GR plain employee",
        )
        Employee = cls.env["hr.employee"]
        cls.employee_head = Employee.create(
            {"name": "Head", "user_id": cls.user_department_head.id}
        )
        cls.department_service = cls.env["hr.department"].create(
            {"name": "Guest Service Center", "manager_id": cls.employee_head.id}
        )
        cls.employee_desk_manager = Employee.create(
            {"name": "Desk manager", "user_id": cls.user_desk_manager.id}
        )
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Guides",
                "parent_id": cls.department_service.id,
                "manager_id": cls.employee_desk_manager.id,
            }
        )
        cls.employee_staff = Employee.create(
            {
                "name": "Staff",
                "user_id": cls.user_staff.id,
                "department_id": cls.department.id,
            }
        )
        cls.other_department = cls.env["hr.department"].create({"name": "Housekeeping"})
        Employee.create(
            {
                "name": "Other staff",
                "user_id": cls.user_staff_other.id,
                "department_id": cls.other_department.id,
            }
        )
        cls.category = cls.env["guest.complaint.category"].create(
            {"name": "Guide service", "department_id": cls.department.id}
        )
        cls.guest = cls.env["res.partner"].create(
            {
                "name": "Li Ming",
                "email": "li.ming@example.com",
                "phone": "+86 138 0000 0001",
            }
        )
        cls.stages = {
            stage.state: stage
            for stage in cls.env["guest.complaint.stage"].search(
                [], order="sequence desc"
            )
        }

    @classmethod
    def _create_office_calendar(cls, calendar_name):
        """The company's working time: an office in Shanghai working Monday to Friday,
        8-12 and 13-17."""
        attendances = [
            (0, 0, {"name": name, "dayofweek": str(day), "hour_from": start,
                    "hour_to": stop, "day_period": period})
            for day in range(5)
            for name, start, stop, period in (
                ("Morning", 8, 12, "morning"),
                ("Afternoon", 13, 17, "afternoon"),
            )
        ]  # fmt: skip
        calendar = cls.env["resource.calendar"].create(
            {
                "name": calendar_name,
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "attendance_ids": [(5, 0, 0), *attendances],
            }
        )
        cls.company.resource_calendar_id = calendar
        return calendar

    @classmethod
    def _create_complaint(cls, **values):
        vals = {
            "name": "The guide changed the itinerary",
            "partner_id": cls.guest.id,
            "category_id": cls.category.id,
            "channel": "phone",
        }
        vals.update(values)
        return cls.env["guest.complaint"].create(vals)

    def _activities(self, complaint, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "guest.complaint"),
                ("res_id", "=", complaint.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    @classmethod
    def _create_revisit(cls, **values):
        vals = {
            "partner_id": cls.guest.id,
            "user_id": cls.user_staff.id,
            "method": "phone",
        }
        vals.update(values)
        return cls.env["guest.revisit"].create(vals)

    @classmethod
    def _resolved_complaint(cls, **values):
        vals = {"user_id": cls.user_staff.id, "corrective_action": "Apology and refund"}
        vals.update(values)
        complaint = cls._create_complaint(**vals)
        complaint.action_record_first_contact()
        complaint.action_resolve()
        return complaint

    @classmethod
    def _revisit_reached(cls, complaint, **values):
        """The complaint's mandatory revisit, done: the guest was reached."""
        return cls._complete(
            cls._create_revisit(
                complaint_id=complaint.id, partner_id=complaint.partner_id.id
            ),
            **values,
        )

    def _review(self, records, user, decision="approve", comment="Seen"):
        """Approve or return ``records`` as ``user`` does, through the review wizard."""
        self.env["guest.revisit.review.wizard"].with_user(user).create(
            {
                "res_model": records._name,
                "res_ids": records.ids,
                "decision": decision,
                "comment": comment,
            }
        ).action_confirm()

    @staticmethod
    def _complete(revisit, **values):
        """Fill a revisit as staff would and complete it."""
        vals = {"outcome": "reached"}
        vals.update(values)
        revisit.write(vals)
        revisit.action_done()
        return revisit

    def _pdf_text(self, user, report_ref, records, data=None, lang=None):
        """The text of a real PDF of the report, as ``user`` prints it (in ``lang``,
        as the web client asks)."""
        if not shutil.which("pdftotext"):
            raise unittest.SkipTest("pdftotext (poppler-utils) is not installed")
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            raise unittest.SkipTest("wkhtmltopdf cannot make PDFs here")
        # Odoo renders HTML instead of a PDF in tests unless told otherwise. Without
        # an HTTP server, wkhtmltopdf cannot fetch the style sheets and says so in a
        # warning: the PDF is made all the same.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            content, report_type = (
                self.env["ir.actions.report"]
                .with_user(user)
                .with_context(
                    force_report_rendering=True, **({"lang": lang} if lang else {})
                )
                ._render_qweb_pdf(report_ref, records.ids, data=data)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "no PDF was produced")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            result = subprocess.run(
                ["pdftotext", "-layout", pdf.name, "-"],
                capture_output=True,
                check=True,
            )
        # Noto CJK maps some ideographs to their Kangxi radical look-alikes in the PDF
        # text (行 read back as U+2F8F): NFKC folds them back.
        return unicodedata.normalize("NFKC", result.stdout.decode())


class CronJobCase:
    """Runs of our crons as a cron worker makes them, for a ``TransactionCase``: their
    cost in queries, and a job killed in the middle of its batches."""

    def _queries(self, cron):
        """The queries of one call of ``cron`` with cold caches, as a cron worker has
        them; the pending writes and the commit-time work (tracking, followers) are
        counted too."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        cron()
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env.cr.sql_log_count - before

    def assertFlatCost(self, queries, per_item_budget):
        """``queries``: the queries of a run by its number of due items. Each run stays
        within the budget per item, and a larger run costs no more per item."""
        for count, spent in queries.items():
            self.assertLessEqual(
                spent / count,
                per_item_budget,
                f"{spent} queries for {count} due items",
            )
        (small, small_spent), (large, large_spent) = sorted(queries.items())
        self.assertLessEqual(
            large_spent / large,
            small_spent / small,
            f"the cost per item grows: {queries}",
        )

    def _run_cron_job(self, xmlid):
        """The cron as ir.cron runs it: a job of its own, committing its batches."""
        with self.enter_registry_test_mode():
            self.env.ref(xmlid).method_direct_trigger()

    def _run_cron_job_killed_once(
        self, xmlid, now, model_class, method_name, is_batch=None
    ):
        """Runs the cron ``xmlid`` at ``now`` as ir.cron does, its worker killed once,
        right after ``method_name`` of ``model_class`` did the job's second batch; the
        job must have run again. ``is_batch(*args)`` tells the calls on a batch of the
        job from other calls of the method (by default, every call is)."""
        method = getattr(model_class, method_name)
        calls = []

        def crashing_once(*args):
            result = method(*args)
            if is_batch is None or is_batch(*args):
                calls.append(result)
                if len(calls) == 2:
                    raise RuntimeError(f"worker killed after {method_name} of a batch")
            return result

        with (
            freeze_time(now),
            patch.object(model_class, method_name, crashing_once),
            mute_logger("odoo.addons.base.models.ir_cron"),
        ):
            self._run_cron_job(xmlid)
        self.assertGreater(len(calls), 2, "the job ran again after the crash")


class Json2Client:
    """Odoo's external JSON-2 API, called as a user with an API key, as an integration
    does. For an ``HttpCase``."""

    def _api_key(self, user, name="integration"):
        """A new API key of ``user`` for RPC, valid for a day."""
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(
                scope="rpc",
                name=name,
                expiration_date=datetime.now() + timedelta(days=1),
            )
        )

    def _json2(self, user, model, method, lang=None, **params):
        """The response to ``model.method(**params)`` called as ``user``; JSON-2 applies
        no user language unless the context names one."""
        if lang:
            params["context"] = {"lang": lang}
        return self._json2_post(self._api_key(user), model, method, params)

    def _json2_post(self, key, model, method, params, **request_options):
        """The response to the JSON-2 request of ``model.method(**params)`` made with
        the API key ``key``."""
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
                "X-Odoo-Database": get_db_name(),
            },
            **request_options,
        )

    def assertJson2Refused(self, response, message):
        self.assertNotEqual(response.status_code, 200, response.text)
        self.assertIn(message, response.json()["message"])
