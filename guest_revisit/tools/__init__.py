"""Helpers shared by the guest revisit addons: numbering, the personal-data groups,
the staff's departments and local days."""

from .local_time import local_date, local_to_utc, utc_naive
from .numbering import fill_numbers
from .anonymize import GuestScrubber
from .staff import PERSONAL_DATA_GROUPS, staff_departments

__all__ = [
    "GuestScrubber",
    "PERSONAL_DATA_GROUPS",
    "fill_numbers",
    "local_date",
    "local_to_utc",
    "staff_departments",
    "utc_naive",
]
