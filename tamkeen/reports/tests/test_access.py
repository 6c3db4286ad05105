"""This app's rows of the access matrix, runnable on their own (tests/test_access_matrix.py runs them all)."""

import pytest
from django.conf import settings

from tests.access import LOGIN, PERSONAS
from tests.test_access_matrix import request


def run_cases(world, client, cases) -> list[str]:
    failures = []
    for case in cases:
        for persona in ["anonymous", *PERSONAS]:
            client.logout()
            if persona != "anonymous":
                client.force_login(world.users[persona])
            response = request(client, case)
            expected = case.expected(persona)
            if expected == LOGIN:
                ok = response.status_code == 302 and settings.LOGIN_URL.split(":")[-1] in response.url
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(
                    f"{case.url_name} {case.query} as {persona}: {response.status_code}, expected {expected}"
                )
    return failures


@pytest.mark.django_db
def test_reports_access(world, client):
    from tamkeen.reports.tests.access_cases import access_cases

    failures = run_cases(world, client, access_cases(world))
    assert not failures, "\n".join(failures)
