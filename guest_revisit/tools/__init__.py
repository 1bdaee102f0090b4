"""Helpers shared by the guest revisit addons: numbering, the personal-data groups,
the staff's departments, local days, anonymisation, mail template reloads and the
crons' batch size."""

from .local_time import local_date, local_to_utc, utc_naive
from .numbering import fill_numbers
from .anonymize import GuestScrubber
from .mail_templates import reload_mail_templates
from .staff import PERSONAL_DATA_GROUPS, staff_departments
from .cron import cron_batch_size

__all__ = [
    "GuestScrubber",
    "PERSONAL_DATA_GROUPS",
    "cron_batch_size",
    "fill_numbers",
    "local_date",
    "local_to_utc",
    "reload_mail_templates",
    "staff_departments",
    "utc_naive",
]
