"""Hypothesis profiles for the stateful property tests: ``ci`` (the default: seeded and
bounded, as ``./setup/test`` runs them) and ``long`` (``--hypothesis-profile=long``)."""

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}
settings.register_profile(
    "ci", max_examples=8, stateful_step_count=10, derandomize=True, **_COMMON
)
settings.register_profile(
    "long", max_examples=400, stateful_step_count=40, derandomize=False, **_COMMON
)
settings.load_profile("ci")
