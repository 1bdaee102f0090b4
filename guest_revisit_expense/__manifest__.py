{
    "name": "Guest Revisit Expenses",
    "summary": "Revisit costs through Odoo Expenses, with limits and extra approval",
    "version": "19.0.1.0.0",
    "category": "Services/Guest Revisit",
    "author": "Guest Revisit Team",
    "website": "https://github.com/guest-revisit/guest-revisit",
    "license": "AGPL-3",
    "depends": ["guest_revisit", "hr_expense"],
}
