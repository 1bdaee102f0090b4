"""Hypothesis profiles for the stateful property tests: ``ci`` (the default, bounded,
as ``./setup/test`` runs them) and ``long`` (``--hypothesis-profile=long``). Each
machine has a fixed ``@seed``: the same sequences every run of a profile."""

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": False,
    "suppress_health_check": list(HealthCheck),
}
settings.register_profile("ci", max_examples=15, stateful_step_count=30, **_COMMON)
settings.register_profile("long", max_examples=400, stateful_step_count=60, **_COMMON)
settings.load_profile("ci")
