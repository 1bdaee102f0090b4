"""Days as people live them: Odoo stores naive UTC datetimes, the flow counts days in
a time zone (the company calendar's or a person's)."""

from datetime import datetime, time

import pytz


def _zone(tz):
    """A time zone from its name (no name, as a user without one has: UTC), or the
    time zone itself."""
    return pytz.timezone(tz or "UTC") if not tz or isinstance(tz, str) else tz


def local_date(moment, tz):
    """The day in ``tz`` of ``moment``, a naive UTC or an aware datetime."""
    if moment.tzinfo is None:
        moment = pytz.utc.localize(moment)
    return moment.astimezone(_zone(tz)).date()


def local_to_utc(day, at, tz, naive=True):
    """``day`` at the time ``at`` in ``tz``, as a naive UTC datetime (as stored) or,
    with ``naive=False``, an aware one (as resource.calendar computes with)."""
    moment = _zone(tz).localize(datetime.combine(day, at or time.min))
    return utc_naive(moment) if naive else moment


def utc_naive(moment):
    """An aware datetime as Odoo stores it: naive, in UTC."""
    return moment.astimezone(pytz.utc).replace(tzinfo=None)
