"""This app's rows of the access matrix, run on their own (tests/test_access_matrix.py runs everyone's)."""

import pytest

from tamkeen.cases.tests.test_access_matrix_cases import _check


@pytest.mark.django_db
def test_grievance_urls_give_each_persona_what_the_matrix_says(world, client):
    from tamkeen.grievances.tests.access_cases import access_cases

    _check(world, client, access_cases(world))
