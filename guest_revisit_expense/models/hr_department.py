from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    revisit_leader_id = fields.Many2one(
        "res.users",
        string="Leader in Charge",
        domain="[('share', '=', False)]",
        help="Signs revisit expenses of this department after its manager. Empty: "
        "the parent department's, else the company's default leader in charge.",
    )

    def write(self, vals):
        res = super().write(vals)
        if {"manager_id", "revisit_leader_id", "parent_id"}.intersection(vals):
            self._revisit_recompute_approvers()
        return res

    def _revisit_recompute_approvers(self):
        """Revisit expenses find their approvers by walking up the departments: a
        change at any depth above the employee's department reaches them."""
        # Every expense of the sub-departments, whoever may read them.
        expenses = (
            self.env["hr.expense"]
            .sudo()
            .search(
                [
                    ("revisit_id", "!=", False),
                    ("employee_id.department_id", "child_of", self.ids),
                ]
            )
        )
        if expenses:
            fields_to_compute = [
                expenses._fields["revisit_head_id"],
                expenses._fields["revisit_leader_id"],
            ]
            for field in fields_to_compute:
                self.env.add_to_compute(field, expenses)
