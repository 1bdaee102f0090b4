"""The supervision figures' definitions (K2), shared by plans, monthly reports, the
KPI view and the dashboard, so that every screen counts the same way.

A *planned contact* is the first attempt of a revisit that is not cancelled: its
follow-up attempts (``parent_id`` chain) belong to it and are never counted again.
Its result is the best one among its attempts: *completed* when one attempt is done
with the guest reached, else *declined*, else *unreachable* when an attempt was done
without reaching the guest, else still *open*.
"""

CONTACT_RESULTS = [
    ("completed", "Completed"),
    ("declined", "Declined"),
    ("unreachable", "Unreachable"),
    ("open", "Open"),
    ("cancelled", "Cancelled"),
]
# The rows of guest.revisit that are planned contacts.
PLANNED_CONTACT_DOMAIN = [
    ("is_first_attempt", "=", True),
    ("contact_result", "!=", "cancelled"),
]


def contact_result(attempts):
    """The result of one planned contact from all its attempts."""
    done = attempts.filtered(lambda r: r.state == "done")
    outcomes = set(done.mapped("outcome"))
    if "reached" in outcomes:
        return "completed"
    if "declined" in outcomes:
        return "declined"
    if "not_reached" in outcomes:
        return "unreachable"
    if attempts.filtered(lambda r: r.state == "planned"):
        return "open"
    return "cancelled"


def contact_figures(counts):
    """Counts and rates (in %) of planned contacts from ``{result: count}``."""
    planned = sum(n for result, n in counts.items() if result != "cancelled")

    def rate(result):
        return 100.0 * counts.get(result, 0) / planned if planned else 0.0

    return {
        "planned_count": planned,
        "completed_count": counts.get("completed", 0),
        "declined_count": counts.get("declined", 0),
        "unreachable_count": counts.get("unreachable", 0),
        "completion_rate": rate("completed"),
        "declined_rate": rate("declined"),
        "unreachable_rate": rate("unreachable"),
    }


def recovery_figures(revisits):
    """Recovery rate (in %): of the rated revisits that follow a dissatisfied one of
    the same guest, those where the guest is satisfied."""
    followers = revisits.filtered(
        lambda r: (
            r.state == "done" and r.outcome == "reached" and r.follows_dissatisfied
        )
    )
    recovered = followers.filtered(lambda r: r.complaint_satisfaction == "satisfied")
    return {
        "recovery_count": len(recovered),
        "recovery_rate": 100.0 * len(recovered) / len(followers) if followers else 0.0,
    }
