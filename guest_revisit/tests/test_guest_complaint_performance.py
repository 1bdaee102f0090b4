import re

from odoo.tests.common import warmup

from .common import TestGuestRevisitCommon


class TestGuestComplaintPerformance(TestGuestRevisitCommon):
    """Query counts of the hot paths: they must not grow with the number of records."""

    def _list_view_spec(self):
        view = self.env.ref("guest_revisit.guest_complaint_view_list")
        arch = self.env["guest.complaint"].get_views([(view.id, "list")])["views"][
            "list"
        ]["arch"]
        return {
            name: {} for name in dict.fromkeys(re.findall(r'<field name="(\w+)"', arch))
        }

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
        with self.assertQueryCount(__system__=3300):
            complaints = self.env["guest.complaint"].create(vals_list)
        self.assertEqual(len(complaints), 100)

    @warmup
    def test_list_read_80(self):
        self._create_complaint_batch(120)
        spec = self._list_view_spec()
        Complaint = self.env["guest.complaint"].with_user(self.user_desk_manager)
        with self.assertQueryCount(__system__=4):
            result = Complaint.web_search_read([], spec, limit=80)
        self.assertEqual(len(result["records"]), 80)

    def _create_complaint_batch(self, count):
        self.env["guest.complaint"].create(
            [
                {
                    "name": f"Batch {i}",
                    "partner_id": self.guest.id,
                    "category_id": self.category.id,
                    "user_id": self.user_staff.id,
                }
                for i in range(count)
            ]
        )
