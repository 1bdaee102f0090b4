"""Helpers shared by the guest revisit addons: numbering, the personal-data groups,
the staff's departments, local days, anonymisation and mail template reloads."""

from .local_time import local_date, local_to_utc, utc_naive
from .numbering import fill_numbers
from .anonymize import GuestScrubber
from .mail_templates import reload_mail_templates
from .staff import PERSONAL_DATA_GROUPS, staff_departments

__all__ = [
    "GuestScrubber",
    "PERSONAL_DATA_GROUPS",
    "fill_numbers",
    "local_date",
    "local_to_utc",
    "reload_mail_templates",
    "staff_departments",
    "utc_naive",
]
