import inspect

from odoo import models
from odoo.tests.common import warmup

from odoo.addons.guest_revisit.models.guest_complaint import GuestComplaint

from .common import TestGuestRevisitCommon, view_read_specification

SEVERITY_BARS = {
    "field": "severity",
    "colors": {"general": "success", "important": "warning", "urgent": "danger"},
}


class TestGuestComplaintPerformance(TestGuestRevisitCommon):
    """Query counts of the hot paths: they must not grow with the number of records
    (tests/benchmarks measures the times)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guests = cls.env["res.partner"].create(
            [
                {"name": f"Perf guest {i}", "email": f"perf{i}@example.com"}
                for i in range(5)
            ]
        )
        cls.other_category = cls.env["guest.complaint.category"].create(
            {"name": "Hotel", "department_id": cls.other_department.id}
        )

    def _create_complaint_batch(self, count):
        """Complaints that differ in every related record a page shows."""
        users = self.user_staff | self.user_staff_other
        categories = self.category | self.other_category
        severities = ["general", "important", "urgent"]
        self.env["guest.complaint"].create(
            [
                {
                    "name": f"Batch {i}",
                    "partner_id": self.guests[i % 5].id,
                    "category_id": categories[i % 2].id,
                    "user_id": users[i % 2].id if i % 3 else False,
                    "severity": severities[i % 3],
                }
                for i in range(count)
            ]
        )

    def _desk(self):
        return self.env["guest.complaint"].with_user(self.user_desk_manager)

    def _batch_domain(self):
        # The batch's own complaints: the database may hold demo complaints too.
        return [("partner_id", "in", self.guests.ids)]

    def _list_page(self, page_size=80):
        complaints = self._desk()
        return complaints.web_search_read(
            self._batch_domain(),
            view_read_specification(complaints, "list"),
            limit=page_size,
            count_limit=10001,
        )

    def _kanban_page(self, page_size=40):
        complaints = self._desk().with_context(read_group_expand=True)
        groups = complaints.web_read_group(
            self._batch_domain(),
            ["stage_id"],
            ["__count"],
            auto_unfold=True,
            unfold_read_specification=view_read_specification(complaints, "kanban"),
            unfold_read_default_limit=page_size,
        )
        complaints.read_progress_bar(self._batch_domain(), "stage_id", SEVERITY_BARS)
        return groups

    def _queries(self, read_page, page_size):
        """Queries of a page read with the ORM cache empty, as in a new request."""
        read_page(page_size)  # view and access caches, as a running server has them
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        read_page(page_size)
        return self.cr.sql_log_count - before

    @warmup
    def test_batch_create_100(self):
        vals_list = [
            {
                "name": f"Complaint {i}",
                "partner_id": self.guest.id,
                "category_id": self.category.id,
                "user_id": self.user_staff.id if i % 2 else False,
                "severity": "important" if i % 10 == 0 else "general",
            }
            for i in range(100)
        ]
        # With the guest's acknowledgements, the first stage's template rendered and
        # mailed for the batch at once (2928 with a composer per complaint), one
        # query checking that the referenced records exist, and the notes of the
        # important ones to their manager and department head (the escalation
        # ladder's first level).
        with self.assertQueryCount(__system__=707):
            complaints = self.env["guest.complaint"].create(vals_list)
        self.assertEqual(len(complaints), 100)
        self.assertEqual(
            len(
                complaints.message_ids.filtered(
                    lambda m: (
                        m.subtype_id
                        == self.env.ref("guest_revisit.mt_complaint_guest_mail")
                    )
                )
            ),
            100,
        )

    @warmup
    def test_list_read_80(self):
        self._create_complaint_batch(120)
        self._list_page()
        self.env.invalidate_all()
        # 14: the activities' types are read once for the page, their names being
        # what each reader sees (activities of the flow carry no summary).
        with self.assertQueryCount(__system__=14):
            result = self._list_page()
        self.assertEqual(len(result["records"]), 80)
        self.assertEqual(result["length"], 120)

    @warmup
    def test_kanban_read(self):
        self._create_complaint_batch(120)
        self._kanban_page()
        self.env.invalidate_all()
        # 17: the stages' sequences are read apart from the column counts, which
        # spares the counts a join (test_kanban_columns_follow_the_stage_sequence);
        # the activities' types once, their names being what each reader sees.
        with self.assertQueryCount(__system__=17):
            result = self._kanban_page()
        columns = {group["stage_id"][0]: group for group in result["groups"]}
        assigned = columns[self.stages["assigned"].id]
        self.assertEqual(assigned["__count"], 80)
        self.assertEqual(len(assigned["__records"]), 40)

    def test_page_reads_do_not_grow_with_rows(self):
        # Pages of 5 rows: full pages, and full kanban columns, in both cases.
        self._create_complaint_batch(20)
        few = {
            "list": self._queries(self._list_page, 5),
            "kanban": self._queries(self._kanban_page, 5),
        }
        self._create_complaint_batch(150)
        many = {
            "list": self._queries(self._list_page, 5),
            "kanban": self._queries(self._kanban_page, 5),
        }
        self.assertEqual(few, many)

    def test_kanban_columns_follow_the_stage_sequence(self):
        """The columns are counted without joining each complaint to its stage and
        sorted afterwards: they still come in the stages' sequence, not their ids'."""
        self._create_complaint_batch(30)
        stages = self.env["guest.complaint.stage"].search([])
        for sequence, stage in enumerate(stages.sorted("id", reverse=True)):
            stage.sequence = sequence
        in_sequence = stages.sorted(lambda stage: (stage.sequence, stage.id))
        self.assertNotEqual(in_sequence.ids, sorted(stages.ids))
        desk = self._desk()
        group_by_stage_and_severity = lambda: desk.formatted_read_group(  # noqa: E731
            self._batch_domain(), ["stage_id", "severity"], ["__count"]
        )
        self.env.invalidate_all()
        group_by_stage_and_severity()  # access rules in cache
        self.env.invalidate_all()

        # The count, then the stages' sequences.
        with self.assertQueriesContain(
            ['FROM "guest_complaint" WHERE', 'FROM "guest_complaint_stage" WHERE']
        ):
            bars = group_by_stage_and_severity()
        keys = [(group["stage_id"][0], group["severity"]) for group in bars]
        self.assertEqual(
            keys,
            sorted(keys, key=lambda key: (in_sequence.ids.index(key[0]), key[1])),
        )
        self.assertEqual(sum(group["__count"] for group in bars), 30)

        columns = self._kanban_page()["groups"]
        self.assertEqual([group["stage_id"][0] for group in columns], in_sequence.ids)

    def test_stage_order_hook_keeps_odoo_read_group_signature(self):
        """The stage-order hook overrides ``BaseModel._read_group``: when Odoo
        changes its parameters, this fails rather than the kanban quietly."""
        odoo_params = inspect.signature(models.BaseModel._read_group).parameters
        our_params = inspect.signature(GuestComplaint._read_group).parameters
        self.assertEqual(
            [(name, param.default) for name, param in our_params.items()],
            [(name, param.default) for name, param in odoo_params.items()],
        )
        complaints = self.env["guest.complaint"]
        for order, groupby, expected in (
            ("stage_id", ("stage_id",), True),
            ("stage_id ASC, severity", ("stage_id", "severity"), True),
            ("stage_id desc", ("stage_id",), False),
            ("severity, stage_id", ("severity", "stage_id"), False),
            ("stage_id, severity", ("stage_id",), False),
        ):
            with self.subTest(order=order):
                self.assertEqual(
                    complaints._read_group_sorts_by_stage(groupby, 0, None, order),
                    expected,
                )
        self.assertFalse(
            complaints._read_group_sorts_by_stage(("stage_id",), 0, 80, "stage_id")
        )
