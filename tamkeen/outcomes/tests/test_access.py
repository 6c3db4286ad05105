import pytest

from tamkeen.reports.tests.test_access import run_cases


@pytest.mark.django_db
def test_outcomes_access(world, client):
    from tamkeen.outcomes.tests.access_cases import access_cases

    failures = run_cases(world, client, access_cases(world))
    assert not failures, "\n".join(failures)
