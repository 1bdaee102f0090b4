# Guests' contact data is personal data (X2): only these groups see it.
PERSONAL_DATA_GROUPS = (
    "guest_revisit.group_revisit_user,guest_revisit.group_revisit_office"
)


def staff_departments(env, users, companies):
    """{(user id, company id): department} of these users' employees in these
    companies, in one query."""
    # sudo: staff may not read employees; only their departments are returned.
    employees = (
        env["hr.employee"]
        .sudo()
        .search([("user_id", "in", users.ids), ("company_id", "in", companies.ids)])
    )
    return {
        (employee.user_id.id, employee.company_id.id): employee.department_id.sudo(
            False
        )
        for employee in employees
    }
