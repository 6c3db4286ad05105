from tamkeen.api.tests.conftest import _fresh_rate_counters, api_for  # noqa: F401
