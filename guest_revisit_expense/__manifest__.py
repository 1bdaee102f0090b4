{
    "name": "Guest Revisit Expenses",
    "summary": "Revisit costs through Odoo Expenses, with limits and extra approval",
    "version": "19.0.1.0.0",
    "category": "Services/Guest Revisit",
    "author": "Guest Revisit Team",
    "website": "https://github.com/guest-revisit/guest-revisit",
    "license": "AGPL-3",
    "development_status": "Beta",
    "maintainers": ["guest-revisit"],
    "depends": ["guest_revisit", "hr_expense"],
    "data": [
        "security/guest_revisit_expense_security.xml",
        "security/ir.model.access.csv",
        "data/product_product_data.xml",
        "views/hr_expense_views.xml",
        "views/guest_revisit_views.xml",
        "views/hr_department_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/guest_revisit_expense_demo.xml",
    ],
}
