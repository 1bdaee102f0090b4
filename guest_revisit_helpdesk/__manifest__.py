{
    "name": "Guest Revisit Helpdesk Bridge",
    "summary": "Helpdesk tickets become complaints; closing them schedules the revisit",
    "version": "19.0.1.0.0",
    "category": "Services/Guest Revisit",
    "author": "Guest Revisit Team",
    "website": "https://github.com/guest-revisit/guest-revisit",
    "license": "AGPL-3",
    "depends": ["guest_revisit", "helpdesk_mgmt"],
    "auto_install": True,
}
