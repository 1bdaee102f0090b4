import json
from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, get_db_name, tagged

from .common import TestGuestRevisitCommon

SENSITIVE = [
    "guest_special_needs",
    "guest_preferred_contact_times",
    "guest_do_not_contact",
    "guest_do_not_contact_date",
    "guest_do_not_contact_reason",
    "guest_do_not_contact_source",
]


class TestGuestProfileAccess(TestGuestRevisitCommon):
    """A guest's special needs, contact times and consent (X2) are read by revisit
    staff only for the guests of their own or their department's complaints, revisits
    and plans; desk managers, department heads and the office read every guest of
    their company. Tried through every read the ORM offers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_guest = Partner.create({"name": "Zhang Wei"})
        cls.plan_guest = Partner.create({"name": "Sun Li"})
        cls.nobodys_guest = Partner.create({"name": "Zhou Jie"})
        cls.guests = cls.guest | cls.other_guest | cls.plan_guest | cls.nobodys_guest
        for guest in cls.guests:
            guest.write(
                {
                    "guest_special_needs": f"Wheelchair ({guest.name})",
                    "guest_preferred_contact_times": "After 18:00",
                    "guest_do_not_contact": True,
                    "guest_do_not_contact_reason": f"Moved abroad ({guest.name})",
                    "guest_do_not_contact_source": "guest_request",
                }
            )
        # The staff member's department handles the guest's complaint; another
        # department handles the other guest's.
        cls.complaint = cls._create_complaint(user_id=cls.user_staff.id)
        cls.other_complaint = cls._create_complaint(
            partner_id=cls.other_guest.id,
            user_id=cls.user_staff_other.id,
            category_id=False,
            department_id=cls.other_department.id,
        )
        cls.plan = cls.env["guest.revisit.plan"].create(
            {
                "name": "Spring calls",
                "user_id": cls.user_staff.id,
                "date_end": "2030-01-01",
                "partner_ids": [(6, 0, cls.plan_guest.ids)],
            }
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other resort"})
        cls.foreign_profile = cls.env["guest.revisit.guest.profile"].create(
            {
                "partner_id": cls.guest.id,
                "company_id": cls.other_company.id,
                "special_needs": "Foreign needs",
            }
        )

    def _readable(self, user):
        """The guests whose sensitive values the user reads."""
        return self.guests.filtered(
            lambda g: g.with_user(user).guest_special_needs == f"Wheelchair ({g.name})"
        )

    def test_staff_read_the_guests_of_their_own_records_only(self):
        self.assertEqual(self._readable(self.user_staff), self.guest | self.plan_guest)
        self.assertEqual(self._readable(self.user_staff_other), self.other_guest)
        other = self.other_guest.with_user(self.user_staff)
        for fname in SENSITIVE:
            self.assertFalse(other[fname], fname)
        own = self.guest.with_user(self.user_staff)
        self.assertEqual(own.guest_do_not_contact_reason, "Moved abroad (Li Ming)")
        self.assertTrue(own.guest_do_not_contact_date)

    def test_a_revisit_opens_its_guest_to_its_staff(self):
        self.assertNotIn(self.nobodys_guest, self._readable(self.user_staff))
        self.nobodys_guest.guest_do_not_contact = False
        self._create_revisit(partner_id=self.nobodys_guest.id)
        self.assertIn(self.nobodys_guest, self._readable(self.user_staff))

    def test_managers_heads_and_office_read_the_whole_company(self):
        for role in ("desk_manager", "department_head", "office", "admin"):
            with self.subTest(role=role):
                self.assertEqual(self._readable(self.users[role]), self.guests)

    def test_company_profiles_stay_in_their_company(self):
        manager = self.user_desk_manager
        Profile = self.env["guest.revisit.guest.profile"].with_user(manager)
        self.assertNotIn(self.foreign_profile, Profile.search([]))
        with self.assertRaises(AccessError):
            self.foreign_profile.with_user(manager).read(["special_needs"])
        # In its own company, the guest's profile is another one.
        self.assertEqual(
            self.guest.with_company(self.other_company).guest_special_needs,
            "Foreign needs",
        )

    def test_search_read_and_search_filter_by_readable_profiles(self):
        Partner = self.env["res.partner"].with_user(self.user_staff)
        rows = Partner.search_read(
            [("id", "in", self.guests.ids)], ["guest_special_needs"] + SENSITIVE[3:]
        )
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(len(rows), 4, "the partners themselves stay readable")
        self.assertEqual(
            by_id[self.guest.id]["guest_special_needs"], "Wheelchair (Li Ming)"
        )
        self.assertFalse(by_id[self.other_guest.id]["guest_special_needs"])
        self.assertFalse(by_id[self.other_guest.id]["guest_do_not_contact_reason"])
        # Searching on a value does not tell it either.
        for domain in (
            [("guest_do_not_contact", "=", True)],
            [("guest_special_needs", "ilike", "Wheelchair")],
            [("guest_do_not_contact_reason", "ilike", "Zhang Wei")],
            [("guest_do_not_contact_source", "=", "guest_request")],
            [("guest_do_not_contact_date", "!=", False)],
        ):
            with self.subTest(domain=domain):
                found = Partner.search([("id", "in", self.guests.ids), *domain])
                self.assertEqual(found, found & (self.guest | self.plan_guest))
        self.assertIn(
            self.other_guest,
            Partner.search(
                [("id", "in", self.guests.ids), ("guest_do_not_contact", "=", False)]
            ),
            "the staff member reads no refusal of that guest",
        )
        manager = self.env["res.partner"].with_user(self.user_desk_manager)
        self.assertEqual(
            manager.search(
                [("id", "in", self.guests.ids), ("guest_do_not_contact", "=", True)]
            ),
            self.guests,
        )

    def test_read_group_counts_readable_profiles_only(self):
        domain = [("id", "in", self.guests.ids), ("guest_do_not_contact", "=", True)]
        for user, count in ((self.user_staff, 2), (self.user_office, 4)):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                [[total]] = Partner._read_group(domain, [], ["__count"])
                self.assertEqual(total, count)
                groups = Partner.formatted_read_group(domain, [], ["__count"])
                self.assertEqual(groups[0]["__count"], count)
        with self.assertRaises(ValueError):
            # Not stored: nobody groups guests by their refusal.
            self.env["res.partner"].with_user(self.user_office).formatted_read_group(
                [("id", "in", self.guests.ids)], ["guest_do_not_contact"], ["__count"]
            )

    def test_export_gives_readable_profiles_only(self):
        guests = self.guest | self.other_guest
        self.user_staff.group_ids |= self.env.ref("base.group_allow_export")
        rows = (
            guests.with_user(self.user_staff)
            .export_data(["name", "guest_special_needs", "guest_do_not_contact_reason"])
            .get("datas")
        )
        self.assertEqual(
            rows,
            [
                ["Li Ming", "Wheelchair (Li Ming)", "Moved abroad (Li Ming)"],
                ["Zhang Wei", "", ""],
            ],
        )

    def test_the_profile_model_itself_is_scoped(self):
        Profile = self.env["guest.revisit.guest.profile"].with_user(self.user_staff)
        self.assertEqual(Profile.search([]).partner_id, self.guest | self.plan_guest)
        other = Profile.sudo().search([("partner_id", "=", self.other_guest.id)])
        with self.assertRaises(AccessError):
            other.with_user(self.user_staff).read(["do_not_contact_reason"])
        with self.assertRaises(AccessError):
            other.with_user(self.user_staff).write({"special_needs": "Changed"})
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaises(AccessError):
            Profile.create({"partner_id": stranger.id, "company_id": self.company.id})

    def test_staff_record_data_of_their_guests_only(self):
        # Staff who may edit contacts at all edit these values of their guests only.
        contact_editor = self.env.ref("base.group_partner_manager")
        for user in (self.user_staff, self.user_office):
            user.group_ids |= contact_editor
        own = self.guest.with_user(self.user_staff)
        own.guest_special_needs = "Vegetarian"
        self.assertEqual(self.guest.guest_special_needs, "Vegetarian")
        with self.assertRaises(AccessError):
            self.other_guest.with_user(self.user_staff).write(
                {"guest_special_needs": "Overwritten"}
            )
        self.assertEqual(self.other_guest.guest_special_needs, "Wheelchair (Zhang Wei)")
        # Nor a first profile of a guest they do not handle.
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaises(AccessError):
            stranger.with_user(self.user_staff).write({"guest_do_not_contact": True})
        self.assertFalse(
            self.env["guest.revisit.guest.profile"].search(
                [("partner_id", "=", stranger.id)]
            )
        )
        with self.assertRaises(AccessError):
            self.guest.with_user(self.user_office).write(
                {"guest_special_needs": "Office note"}
            )
        self.guest.with_user(self.user_office).write({"comment": "Office note"})
        self.assertEqual(self.guest.guest_special_needs, "Vegetarian")

    def test_staff_record_data_on_the_profile_without_contact_rights(self):
        Profile = self.env["guest.revisit.guest.profile"].with_user(self.user_staff)
        profile = Profile.search([("partner_id", "=", self.guest.id)])
        profile.write({"do_not_contact": False, "special_needs": "Gluten-free"})
        self.assertFalse(self.guest.guest_do_not_contact)
        self.assertFalse(self.guest.guest_do_not_contact_date)
        self.assertEqual(self.guest.guest_special_needs, "Gluten-free")

    def test_consent_is_still_honoured_for_every_guest(self):
        # The system checks consent whoever acts.
        self.assertIn(
            "Moved abroad (Zhang Wei)",
            self.other_guest.with_user(self.user_staff)._guest_contact_refusal(),
        )
        other = self.env["res.partner"].create({"name": "Consents"})
        self.assertFalse(other.with_user(self.user_staff)._guest_contact_refusal())
        # A refusal told to another company is honoured here too, without its reason.
        self.env["guest.revisit.guest.profile"].create(
            {
                "partner_id": other.id,
                "company_id": self.other_company.id,
                "do_not_contact": True,
                "do_not_contact_reason": "Private reason",
            }
        )
        refusal = other.with_user(self.user_staff)._guest_contact_refusal()
        self.assertIn("recorded by Other resort", refusal)
        self.assertNotIn("Private reason", refusal)
        self.assertFalse(other.guest_do_not_contact, "this company's profile is empty")

    def test_plain_employees_read_no_sensitive_field(self):
        with self.assertRaises(AccessError):
            self.guest.with_user(self.user_plain_employee).read(["guest_special_needs"])
        with self.assertRaises(AccessError):
            self.env["guest.revisit.guest.profile"].with_user(
                self.user_plain_employee
            ).search([])

    def test_plan_preparation_sheet_shows_its_guests_needs(self):
        sheet = self.plan.with_user(self.user_staff).preparation_sheet
        self.assertIn("Wheelchair (Sun Li)", sheet)


class TestGuestFiguresAccess(TestGuestRevisitCommon):
    """The archive's figures sum up the revisits the user may read (no computed field
    tells of a record its reader may not read)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete(cls._create_revisit(), score_overall=4, recommend_score="10")
        cls._complete(
            cls._create_revisit(user_id=cls.user_staff_other.id),
            score_overall=2,
            recommend_score="3",
            guest_suggestions="A spa package",
        )

    def test_staff_figures_count_their_revisits(self):
        guest = self.guest.with_user(self.user_staff)
        self.assertEqual(guest.guest_revisit_count, 1)
        self.assertEqual(guest.guest_avg_satisfaction, 4.0)
        self.assertEqual(guest.guest_nps_category, "promoter")
        self.assertFalse(guest.guest_has_new_needs)
        Partner = self.env["res.partner"].with_user(self.user_staff)
        self.assertNotIn(
            self.guest, Partner.search([("guest_has_new_needs", "=", True)])
        )
        self.assertNotIn(
            self.guest, Partner.search([("guest_nps_category", "=", "detractor")])
        )

    def test_company_figures_count_every_revisit(self):
        guest = self.guest.with_user(self.user_office)
        self.assertEqual(guest.guest_revisit_count, 2)
        self.assertEqual(guest.guest_avg_satisfaction, 3.0)
        self.assertTrue(guest.guest_has_new_needs)
        Partner = self.env["res.partner"].with_user(self.user_office)
        self.assertIn(self.guest, Partner.search([("guest_has_new_needs", "=", True)]))

    def test_not_revisited_filter_keeps_working(self):
        never = self.env["res.partner"].create({"name": "Never revisited"})
        Partner = self.env["res.partner"].with_user(self.user_desk_manager)
        found = Partner.search(
            [
                ("id", "in", (self.guest | never).ids),
                "|",
                ("guest_last_revisit_date", "=", False),
                ("guest_last_revisit_date", "<", "2000-01-01"),
            ]
        )
        self.assertEqual(found, never)
        found = Partner.search(
            [("id", "in", (self.guest | never).ids), ("guest_revisit_count", ">", 1)]
        )
        self.assertEqual(found, self.guest)


@tagged("post_install", "-at_install")
class TestGuestProfileJson2(HttpCase, TestGuestRevisitCommon):
    """The same reads through Odoo's external JSON-2 API, as an integration would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_guest = cls.env["res.partner"].create({"name": "Zhang Wei"})
        for guest in cls.guest | cls.other_guest:
            guest.write(
                {
                    "guest_special_needs": f"Wheelchair ({guest.name})",
                    "guest_do_not_contact": True,
                    "guest_do_not_contact_reason": f"Moved abroad ({guest.name})",
                }
            )
        cls._create_complaint(user_id=cls.user_staff.id)
        staff = cls.user_staff.with_user(cls.user_staff)
        key = staff.env["res.users.apikeys"]._generate(
            scope="rpc",
            name="integration",
            expiration_date=datetime.now() + timedelta(days=1),
        )
        cls.headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "X-Odoo-Database": get_db_name(),
        }

    def _call(self, model, method, **params):
        response = self.url_open(
            f"/json/2/{model}/{method}", data=json.dumps(params), headers=self.headers
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def test_staff_read_their_guest_only(self):
        guests = self.guest | self.other_guest
        rows = self._call(
            "res.partner",
            "search_read",
            domain=[("id", "in", guests.ids)],
            fields=["guest_special_needs", "guest_do_not_contact_reason"],
        )
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(
            by_id[self.guest.id]["guest_do_not_contact_reason"],
            "Moved abroad (Li Ming)",
        )
        self.assertFalse(by_id[self.other_guest.id]["guest_special_needs"])
        self.assertFalse(by_id[self.other_guest.id]["guest_do_not_contact_reason"])
        found = self._call(
            "res.partner",
            "search",
            domain=[("id", "in", guests.ids), ("guest_do_not_contact", "=", True)],
        )
        self.assertEqual(found, self.guest.ids)
        profiles = self._call(
            "guest.revisit.guest.profile",
            "search_read",
            domain=[],
            fields=["partner_id"],
        )
        self.assertEqual([p["partner_id"][0] for p in profiles], self.guest.ids)
