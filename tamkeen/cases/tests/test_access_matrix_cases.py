"""This app's rows of the access matrix, run on their own (tests/test_access_matrix.py runs everyone's)."""

import pytest

from tests.access import PERSONAS
from tests.test_access_matrix import request


def _check(world, client, cases):
    from django.conf import settings

    failures = []
    for case in cases:
        for persona in ["anonymous", *PERSONAS]:
            client.logout()
            if persona != "anonymous":
                client.force_login(world.users[persona])
            response = request(client, case)
            expected = case.expected(persona)
            if expected == "login":
                ok = response.status_code == 302 and settings.LOGIN_URL.split(":")[-1] in response.url
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(
                    f"{case.url_name} {case.kwargs} as {persona}: {response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_cases_urls_give_each_persona_what_the_matrix_says(world, client):
    from tamkeen.cases.tests.access_cases import access_cases

    _check(world, client, access_cases(world))


@pytest.mark.django_db
def test_assessment_urls_give_each_persona_what_the_matrix_says(world, client):
    from tamkeen.assessments.tests.access_cases import access_cases

    _check(world, client, access_cases(world))
