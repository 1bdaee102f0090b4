{
    "name": "Guest Revisit Helpdesk Bridge",
    "summary": "Helpdesk tickets become complaints; closing them schedules the revisit",
    "version": "19.0.1.1.0",
    "category": "Services/Guest Revisit",
    "author": "Guest Revisit Team",
    "website": "https://github.com/guest-revisit/guest-revisit",
    "license": "AGPL-3",
    "development_status": "Beta",
    "maintainers": ["guest-revisit"],
    "depends": ["guest_revisit", "helpdesk_mgmt"],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/helpdesk_ticket_stage_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/guest_complaint_views.xml",
        "wizards/helpdesk_ticket_complaint_link_views.xml",
    ],
    "demo": [
        "demo/guest_revisit_helpdesk_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "guest_revisit_helpdesk/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
}
