from odoo.tests import new_test_user

from .common import ROLE_GROUPS, TestGuestRevisitCommon

# The operations, by the letter the tables below use.
OPERATIONS = {"c": "create", "r": "read", "w": "write", "u": "unlink"}
# The roles of tests/common.py, a plain employee and a portal guest.
ROLES = (*ROLE_GROUPS, "employee", "portal")
# What each role may do on each model of the core, as ir.model.access grants it
# (c create, r read, w write, u unlink). A role missing from a row may do nothing.
ACCESS = {
    "guest.complaint": {
        "staff": "crw",
        "desk_manager": "crwu",
        "department_head": "crw",
        "office": "r",
        "admin": "crwu",
        "portal": "r",
    },
    "guest.complaint.stage": {
        **dict.fromkeys(ROLES, "r"),
        "admin": "crwu",
    },
    "guest.complaint.category": {
        **dict.fromkeys(ROLES, "r"),
        "admin": "crwu",
    },
    "guest.type": {
        **dict.fromkeys(ROLES, "r"),
        "portal": "",
        "admin": "crwu",
    },
    "guest.type.contact.window": {
        **dict.fromkeys(ROLES, "r"),
        "portal": "",
        "admin": "crwu",
    },
    "guest.revisit.plan": {
        "staff": "crw",
        "desk_manager": "crwu",
        "department_head": "crw",
        "office": "r",
        "admin": "crwu",
    },
    "guest.revisit": {
        "staff": "crw",
        "desk_manager": "crwu",
        "department_head": "crw",
        "office": "r",
        "admin": "crwu",
    },
    "guest.revisit.report": {
        "staff": "crw",
        "desk_manager": "crw",
        "department_head": "crwu",
        "office": "r",
        "admin": "crwu",
    },
    "guest.revisit.staff.note": {
        "staff": "r",
        "desk_manager": "r",
        "department_head": "crwu",
        "office": "r",
        "admin": "crwu",
    },
    "guest.revisit.review.wizard": {
        "staff": "crw",
        "desk_manager": "crw",
        "department_head": "crw",
        "admin": "crw",
    },
    "guest.complaint.revisit.waiver": {"desk_manager": "crw", "admin": "crw"},
    "guest.complaint.merge": {"desk_manager": "crw", "admin": "crw"},
    "guest.complaint.time.correction": {"desk_manager": "crw", "admin": "crw"},
    "guest.revisit.kpi": {
        "staff": "r",
        "desk_manager": "r",
        "department_head": "r",
        "office": "r",
        "admin": "r",
    },
    "guest.complaint.escalation.level": {
        **dict.fromkeys(ROLES, "r"),
        "portal": "",
        "admin": "crwu",
    },
    "guest.complaint.escalation": {
        "desk_manager": "r",
        "department_head": "r",
        "office": "r",
        "admin": "r",
    },
    "guest.revisit.guest.profile": {
        "staff": "crw",
        "desk_manager": "crw",
        "department_head": "crw",
        "office": "r",
        "admin": "crwu",
    },
    "guest.complaint.site": {
        **dict.fromkeys(ROLE_GROUPS, "r"),
        "admin": "crwu",
    },
    # Written by the public form alone (as superuser); read for an inquiry.
    "guest.complaint.form.submission": {"admin": "ru"},
    # The consent history is appended to, never rewritten.
    "guest.revisit.consent": {
        "staff": "cr",
        "desk_manager": "cr",
        "department_head": "cr",
        "office": "r",
        "admin": "cr",
    },
    # Written by the anonymisation only, never by hand.
    "guest.revisit.anonymization.log": {
        "desk_manager": "r",
        "office": "r",
        "admin": "r",
    },
    "guest.revisit.anonymize.wizard": {"desk_manager": "crw", "admin": "crw"},
}
# Which records each role reaches through the record rules: those of its own
# department ("own") or every one of the company ("company"). The operations allowed
# on a record are those of ACCESS that the scope reaches.
SCOPES = {
    model: {
        "staff": "own",
        "desk_manager": "company",
        "department_head": "company",
        "office": "company",
        "admin": "company",
    }
    for model in (
        "guest.complaint",
        "guest.revisit",
        "guest.revisit.plan",
        "guest.revisit.report",
        "guest.revisit.guest.profile",
        "guest.revisit.consent",
    )
}


class AccessMatrixCase:
    """Checks a table of rights against ir.model.access, role by role; mixed into the
    core's and the satellites' test classes."""

    def assertAccessMatrix(self, access, users):
        for model, rights in access.items():
            for role, user in users.items():
                granted = rights.get(role, "")
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self.env[model].with_user(user).has_access(operation),
                            letter in granted,
                        )


class TestAccessMatrix(AccessMatrixCase, TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix_users = {
            **cls.users,
            "employee": cls.user_plain_employee,
            "portal": new_test_user(
                cls.env, login="gr_portal", groups="base.group_portal"
            ),
        }
        cls.other_guest = cls.env["res.partner"].create({"name": "Zhang Wei"})
        # The staff member's department's records, and another department's.
        cls.records = {
            "guest.complaint": (
                cls._create_complaint(user_id=cls.user_staff.id),
                cls._create_complaint(
                    partner_id=cls.other_guest.id,
                    user_id=cls.user_staff_other.id,
                    category_id=False,
                    department_id=cls.other_department.id,
                ),
            ),
            "guest.revisit": (
                cls._create_revisit(),
                cls._create_revisit(
                    partner_id=cls.other_guest.id, user_id=cls.user_staff_other.id
                ),
            ),
            "guest.revisit.plan": tuple(
                cls.env["guest.revisit.plan"].create(
                    {"name": "Plan", "user_id": user.id, "date_end": "2030-01-01"}
                )
                for user in (cls.user_staff, cls.user_staff_other)
            ),
            "guest.revisit.report": tuple(
                cls.env["guest.revisit.report"].create(
                    {
                        "name": "Report",
                        "user_id": user.id,
                        "department_id": department.id,
                        "date_from": "2026-01-01",
                        "date_to": "2026-01-31",
                    }
                )
                for user, department in (
                    (cls.user_staff, cls.department),
                    (cls.user_staff_other, cls.other_department),
                )
            ),
            "guest.revisit.guest.profile": tuple(
                cls.env["guest.revisit.guest.profile"].create(
                    {"partner_id": guest.id, "special_needs": "Wheelchair"}
                )
                for guest in (cls.guest, cls.other_guest)
            ),
            "guest.revisit.consent": tuple(
                cls.env["guest.revisit.consent"].create(
                    {
                        "partner_id": guest.id,
                        "purpose": "marketing",
                        "decision": "granted",
                        "channel": "desk",
                    }
                )
                for guest in (cls.guest, cls.other_guest)
            ),
        }

    def test_every_model_of_the_core_is_in_the_table(self):
        ours = self.env["ir.model"].search([("model", "=like", "guest.%")])
        core = ours.filtered(
            lambda m: (
                "guest_revisit" in m.modules.split(", ")
                and not self.env[m.model]._abstract
            )
        )
        self.assertEqual(set(core.mapped("model")), set(ACCESS))

    def test_model_access_of_every_role(self):
        self.assertAccessMatrix(ACCESS, self.matrix_users)

    def test_record_rules_of_every_role(self):
        for model, scopes in SCOPES.items():
            own, other = self.records[model]
            for role, user in self.matrix_users.items():
                scope = scopes.get(role)
                granted = ACCESS[model].get(role, "")
                for record, reached in (
                    (own, bool(scope)),
                    (other, scope == "company"),
                ):
                    for letter in "rwu":
                        operation = OPERATIONS[letter]
                        with self.subTest(
                            model=model,
                            role=role,
                            record=record.display_name,
                            operation=operation,
                        ):
                            self.assertEqual(
                                record.with_user(user).has_access(operation),
                                reached and letter in granted,
                            )

    def test_search_follows_the_rules(self):
        for model, scopes in SCOPES.items():
            own, other = self.records[model]
            for role, scope in scopes.items():
                with self.subTest(model=model, role=role):
                    found = (
                        self.env[model]
                        .with_user(self.matrix_users[role])
                        .search([("id", "in", (own | other).ids)])
                    )
                    self.assertEqual(found, own | other if scope == "company" else own)
