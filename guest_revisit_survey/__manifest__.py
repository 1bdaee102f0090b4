{
    "name": "Guest Revisit Satisfaction Surveys",
    "summary": "Satisfaction questionnaires through Odoo Survey, linked to revisits",
    "version": "19.0.1.0.0",
    "category": "Services/Guest Revisit",
    "author": "Guest Revisit Team",
    "website": "https://github.com/guest-revisit/guest-revisit",
    "license": "AGPL-3",
    "depends": ["guest_revisit", "survey"],
}
