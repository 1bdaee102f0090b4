from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import Json2Client, TestGuestRevisitCommon, load_chinese

# AccessError is a UserError: either refusal.
REFUSED = UserError


@tagged("post_install", "-at_install")
class TestWorkflowGuarantees(TestGuestRevisitCommon):
    """What a raw ``write`` / ``create`` over the API may not do that the buttons
    refuse: each finding tried again as the role that tried it."""

    def _as(self, user, records):
        return records.with_user(user)

    # Complaints ---------------------------------------------------------

    def test_closing_a_new_complaint_by_writing_its_state_is_refused(self):
        complaint = self._create_complaint()
        self.assertEqual(complaint.state, "new")
        with self.assertRaisesRegex(UserError, "must be resolved"):
            self._as(self.user_desk_manager, complaint).write({"state": "closed"})
        self.assertEqual(complaint.stage_id, self.stages["new"])

    def test_staff_cannot_cancel_and_the_stage_follows_the_step(self):
        complaint = self._create_complaint(user_id=self.user_staff.id)
        with self.assertRaises(AccessError):
            self._as(self.user_staff, complaint).write({"state": "cancelled"})
        self.assertEqual(complaint.state, "assigned")
        self._as(self.user_desk_manager, complaint).write({"state": "cancelled"})
        self.assertEqual(complaint.stage_id, self.stages["cancelled"])

    def test_recorded_times_and_flags_are_set_by_the_workflow_only(self):
        complaint = self._create_complaint(user_id=self.user_staff.id)
        staff_complaint = self._as(self.user_staff, complaint)
        yesterday = fields.Datetime.now() - timedelta(days=1)
        for vals in (
            {"first_contact_at": yesterday},
            {"first_contact_escalated": True},
            {"first_contact_on_time": True},
            {"reopen_count": 0, "resolved_at": yesterday},
            {"revisit_waived": True},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "button"):
                staff_complaint.write(vals)
        self.assertFalse(complaint.first_contact_at)
        self.assertFalse(complaint.first_contact_escalated)
        # The button records it, for the same user.
        staff_complaint.action_record_first_contact()
        self.assertTrue(complaint.first_contact_at)

    def test_complaints_are_created_new_or_assigned(self):
        with self.assertRaisesRegex(UserError, "starts as"):
            self.env["guest.complaint"].with_user(self.user_desk_manager).create(
                {
                    "name": "Born closed",
                    "partner_id": self.guest.id,
                    "stage_id": self.stages["closed"].id,
                }
            )
        with self.assertRaisesRegex(UserError, "starts as"):
            self.env["guest.complaint"].with_user(self.user_staff).create(
                {
                    "name": "Born cancelled",
                    "partner_id": self.guest.id,
                    "state": "closed",
                }
            )
        with self.assertRaisesRegex(UserError, "button"):
            self.env["guest.complaint"].with_user(self.user_staff).create(
                {
                    "name": "Born contacted",
                    "partner_id": self.guest.id,
                    "first_contact_at": fields.Datetime.now(),
                }
            )

    def test_a_desk_manager_corrects_a_recorded_time_with_a_reason(self):
        complaint = self._create_complaint(
            user_id=self.user_staff.id,
            received_at=fields.Datetime.now() - timedelta(hours=2),
        )
        complaint.action_record_first_contact()
        corrected = complaint.first_contact_at - timedelta(minutes=20)
        with self.assertRaises(AccessError):
            self.env["guest.complaint.time.correction"].with_user(
                self.user_staff
            ).create(
                {
                    "complaint_id": complaint.id,
                    "new_value": corrected,
                    "reason": "typo",
                }
            ).action_confirm()
        wizard = (
            self.env["guest.complaint.time.correction"]
            .with_user(self.user_desk_manager)
            .create(
                {
                    "complaint_id": complaint.id,
                    "field_name": "first_contact_at",
                    "new_value": corrected,
                    "reason": "The call was logged late",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(complaint.first_contact_at, corrected)
        self.assertIn("The call was logged late", complaint.message_ids[0].body)

    # The mandatory revisit ----------------------------------------------

    def test_a_complaint_is_closed_only_after_its_revisit_or_a_waiver(self):
        complaint = self._resolved_complaint()
        complaint.action_record_feedback()
        with self.assertRaisesRegex(UserError, "mandatory revisit"):
            self._as(self.user_desk_manager, complaint).write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.env["guest.complaint.revisit.waiver"].with_user(
                self.user_staff
            ).create({"complaint_ids": complaint.ids, "reason": "no"}).action_confirm()
        self.env["guest.complaint.revisit.waiver"].with_user(
            self.user_desk_manager
        ).create(
            {"complaint_ids": complaint.ids, "reason": "Guest left the country"}
        ).action_confirm()
        self.assertTrue(complaint.revisit_waived)
        self.assertEqual(complaint.revisit_waived_by_id, self.user_desk_manager)
        self.assertTrue(complaint.revisit_waived_at)
        self.assertFalse(complaint.revisit_on_time, "a waiver is never on time")
        self.assertFalse(
            self._activities(complaint, "guest_revisit.mail_act_complaint_revisit")
        )
        self._as(self.user_staff, complaint).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_an_injured_guest_also_needs_the_claim_call(self):
        insurer = self.env["res.partner"].create({"name": "Ping An"})
        complaint = self._resolved_complaint(
            guest_injured=True,
            insurer_id=insurer.id,
            insurance_claim_number="PA-1",
        )
        complaint.action_record_feedback()
        self._revisit_reached(complaint)
        with self.assertRaisesRegex(UserError, "insurance claim"):
            complaint.action_close()
        self._revisit_reached(complaint, insurer_satisfaction="satisfied")
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_a_do_not_contact_guest_is_waived_citing_the_refusal(self):
        self.guest.write(
            {
                "guest_do_not_contact": True,
                "guest_do_not_contact_reason": "Asked by phone",
            }
        )
        complaint = self._resolved_complaint()
        self.assertTrue(complaint.revisit_waived)
        self.assertIn("Asked by phone", complaint.revisit_waiver_reason)
        complaint.action_record_feedback()
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_reopening_drops_the_waiver(self):
        complaint = self._resolved_complaint()
        complaint._waive_mandatory_revisit("Guest abroad")
        complaint.action_reopen()
        self.assertFalse(complaint.revisit_waived)
        self.assertFalse(complaint.revisit_waiver_reason)

    # Revisits ------------------------------------------------------------

    def test_an_on_site_revisit_is_not_completed_by_a_write_without_signature(self):
        revisit = self._create_revisit(method="on_site")
        staff_revisit = self._as(self.user_staff, revisit)
        staff_revisit.write({"outcome": "reached"})
        with self.assertRaisesRegex(UserError, "signature"):
            staff_revisit.write({"state": "done"})
        self.assertEqual(revisit.state, "planned")

    def test_a_raw_write_of_done_has_the_effects_of_the_button(self):
        revisit = self._create_revisit()
        self._as(self.user_staff, revisit).write(
            {"outcome": "reached", "state": "done"}
        )
        self.assertEqual(revisit.review_state, "to_review")
        self.assertTrue(revisit.done_at)
        with self.assertRaisesRegex(UserError, "outcome"):
            self._as(self.user_staff, revisit).write({"outcome": "declined"})

    def test_nobody_approves_their_own_revisit(self):
        revisit = self._create_revisit(user_id=self.user_department_head.id)
        self._complete(revisit)
        with self.assertRaises(AccessError):
            self._as(self.user_staff, revisit).write({"review_state": "approved"})
        with self.assertRaisesRegex(UserError, "own work"):
            self._as(self.user_department_head, revisit).write(
                {"review_state": "approved"}
            )
        with self.assertRaisesRegex(UserError, "own work"):
            self._as(self.user_department_head, revisit).sudo().write(
                {"review_state": "approved"}
            )
        self.assertEqual(revisit.review_state, "to_review")

    def test_a_head_approves_anothers_revisit_by_write_as_by_the_wizard(self):
        revisit = self._complete(self._create_revisit())
        self._as(self.user_department_head, revisit).write({"review_state": "approved"})
        self.assertEqual(revisit.reviewer_id, self.user_department_head)
        with self.assertRaisesRegex(UserError, "reason"):
            self._as(self.user_department_head, revisit).write(
                {"review_state": "returned", "state": "planned"}
            )

    # Plans and reports ----------------------------------------------------

    def test_nobody_starts_a_submitted_plan_by_writing_its_state(self):
        self.company.revisit_plan_approval = True
        for user in (
            self.user_staff,
            self.user_desk_manager,
            self.user_department_head,
        ):
            with self.subTest(user=user.login):
                plan = (
                    self.env["guest.revisit.plan"]
                    .with_user(user)
                    .create(
                        {
                            "name": f"Plan of {user.login}",
                            "user_id": user.id,
                            "partner_ids": [(6, 0, self.guest.ids)],
                        }
                    )
                )
                plan.action_submit()
                self.assertEqual(plan.state, "to_approve")
                with self.assertRaises(REFUSED):
                    plan.write({"state": "running"})
                self.assertEqual(plan.state, "to_approve")
                self.assertFalse(plan.revisit_ids)

    def test_a_report_is_approved_by_another_head_only(self):
        report = (
            self.env["guest.revisit.report"]
            .with_user(self.user_staff)
            .create(
                {
                    "name": "Month report",
                    "date_from": fields.Date.today() - timedelta(days=30),
                    "date_to": fields.Date.today(),
                    "evaluation": "<p>A quiet month</p>",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Submit"):
            report.write({"state": "approved"})
        report.action_submit()
        with self.assertRaises(AccessError):
            report.write({"state": "approved"})
        self._as(self.user_department_head, report).write({"state": "approved"})
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.reviewer_id, self.user_department_head)

    def test_approving_closes_only_the_review_activity(self):
        self.company.revisit_plan_approval = True
        plan = self.env["guest.revisit.plan"].create(
            {
                "name": "Plan",
                "user_id": self.user_staff.id,
                "department_id": self.department.id,
                "partner_ids": [(6, 0, self.guest.ids)],
            }
        )
        todo = plan.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_staff.id
        )
        plan.with_user(self.user_staff).action_submit()
        review = plan.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("guest_revisit.mail_act_review")
            )
        )
        self.assertTrue(review, "the department head is asked to review")
        self._review(plan, self.user_department_head)
        self.assertEqual(plan.state, "running")
        self.assertFalse(review.exists())
        self.assertTrue(todo.exists(), "someone else's To-Do stays")


@tagged("post_install", "-at_install")
class TestReadableErrors(TestGuestRevisitCommon):
    def test_values_are_refused_in_words(self):
        revisit = self._create_revisit()
        with self.assertRaisesRegex(ValidationError, "not a valid choice"):
            revisit.write({"recommend_score": "11"})
        with self.assertRaisesRegex(ValidationError, "not a date"):
            self._create_complaint(occurred_at="yesterday")
        with self.assertRaisesRegex(ValidationError, "no Contact with the id"):
            self._create_complaint(partner_id=987654321)
        with self.assertRaisesRegex(ValidationError, "abc is not the id of a record"):
            self._create_complaint(partner_id="abc")
        with self.assertRaisesRegex(ValidationError, "no Contact with the id"):
            self._create_complaint(partner_id="987654321")
        with self.assertRaisesRegex(ValidationError, "not a number"):
            revisit.write({"duration": "two hours"})

    def test_errors_are_in_the_users_language(self):
        load_chinese(self.env, "guest_revisit")
        complaint = self._create_complaint()
        with self.assertRaisesRegex(UserError, "必须先解决"):
            complaint.with_context(lang="zh_CN").write({"state": "closed"})
        resolved = self._resolved_complaint()
        resolved.action_record_feedback()
        with self.assertRaisesRegex(UserError, "暂不能关闭，尚待完成：强制回访"):
            resolved.with_context(lang="zh_CN").action_close()
        with self.assertRaisesRegex(UserError, "abc 不是记录的 ID"):
            self.env["guest.complaint"].with_context(lang="zh_CN").create(
                {"name": "x", "partner_id": "abc"}
            )
        with self.assertRaisesRegex(UserError, "由流程自动记录"):
            resolved.with_user(self.user_staff).with_context(lang="zh_CN").write(
                {"fed_back_at": resolved.fed_back_at - timedelta(hours=1)}
            )
        # The model is named in the reader's language too.
        with self.assertRaisesRegex(UserError, "新建的游客回访报告只能处于"):
            self.env["guest.revisit.report"].with_user(
                self.user_desk_manager
            ).with_context(lang="zh_CN").create(
                {
                    "name": "x",
                    "date_from": "2026-11-01",
                    "date_to": "2026-11-30",
                    "state": "submitted",
                }
            )


@tagged("post_install", "-at_install")
class TestPublicReadApi(TestGuestRevisitCommon):
    """Every read an integration makes, with every group-by of our models."""

    MODELS = (
        "guest.complaint",
        "guest.revisit",
        "guest.revisit.plan",
        "guest.revisit.report",
    )

    def _groupbys(self, model):
        return [
            name
            for name, field in model._fields.items()
            if field.store
            and field.column_type
            and field.type not in ("binary", "html", "text", "json", "properties")
            and not field.groups
        ]

    def test_every_groupby_through_every_public_read(self):
        self._resolved_complaint()
        self._complete(self._create_revisit())
        self.user_desk_manager.group_ids |= self.env.ref("base.group_allow_export")
        for model_name in self.MODELS:
            model = self.env[model_name].with_user(self.user_desk_manager)
            for groupby in self._groupbys(model):
                with self.subTest(model=model_name, groupby=groupby):
                    # Odoo's read_group hands its group-bys to _read_group as a
                    # dict view.
                    model.read_group([], ["__count"], [groupby], lazy=False)
                    model.read_group([], ["__count"], [groupby, "create_uid"])
                    spec = (
                        f"{groupby}:month"
                        if model._fields[groupby].type in ("date", "datetime")
                        else groupby
                    )
                    model.web_read_group([], [spec], ["__count"])
                    model.formatted_read_group([], [spec], ["__count"])
            model.search_read([], ["display_name"], limit=5)
            model.search([], limit=5).export_data(["display_name"])

    def test_kanban_grouping_still_in_stage_order(self):
        self._create_complaint()
        groups = self.env["guest.complaint"].formatted_read_group(
            [], ["stage_id"], ["__count"], order="stage_id"
        )
        stages = [group["stage_id"][0] for group in groups if group["stage_id"]]
        self.assertEqual(
            stages,
            self.env["guest.complaint.stage"].browse(stages).sorted().ids,
        )

    def test_readonly_form_of_a_closed_complaint_keeps_saving(self):
        complaint = self._resolved_complaint()
        with Form(complaint.with_user(self.user_staff)) as form:
            form.name = "Renamed"
        self.assertEqual(complaint.name, "Renamed")


@tagged("post_install", "-at_install")
class TestPublicReadApiOverRpc(HttpCase, TestGuestRevisitCommon):
    def test_read_group_over_json_rpc(self):
        self._create_complaint()
        self.authenticate(self.user_desk_manager.login, self.user_desk_manager.login)
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/guest.complaint/read_group",
            {
                "model": "guest.complaint",
                "method": "read_group",
                "args": [[], ["__count"], ["stage_id", "severity"]],
                "kwargs": {"lazy": False},
            },
        )
        self.assertTrue(result)
        self.assertEqual(
            sum(group["__count"] for group in result),
            self.env["guest.complaint"].search_count([]),
        )


@tagged("post_install", "-at_install")
class TestWorkflowOverJson2(Json2Client, HttpCase, TestGuestRevisitCommon):
    """The findings tried again through the external API, as each role tried them."""

    def test_raw_writes_are_refused_through_json2(self):
        load_chinese(self.env, "guest_revisit")
        revisit = self._create_revisit(method="on_site")
        revisit.outcome = "reached"
        complaint = self._create_complaint()
        for user, record, vals, lang, message in (
            (self.user_staff, revisit, {"state": "done"}, None, "signature"),
            (self.user_desk_manager, complaint, {"state": "closed"}, None, "resolved"),
            (
                self.user_desk_manager,
                complaint,
                {"state": "closed"},
                "zh_CN",
                "必须先解决",
            ),
            (self.user_staff, revisit, {"recommend_score": "11"}, None, "valid choice"),
        ):
            with self.subTest(model=record._name, vals=vals, lang=lang):
                response = self._json2(
                    user, record._name, "write", lang=lang, ids=record.ids, vals=vals
                )
                self.assertJson2Refused(response, message)
        self.assertEqual(revisit.state, "planned")
        self.assertEqual(complaint.state, "new")

    def test_read_group_through_json2(self):
        self._create_complaint()
        response = self._json2(
            self.user_desk_manager,
            "guest.complaint",
            "read_group",
            domain=[],
            fields=["__count"],
            groupby=["stage_id", "severity"],
            lazy=False,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(
            sum(group["__count"] for group in response.json()),
            self.env["guest.complaint"].search_count([]),
        )
