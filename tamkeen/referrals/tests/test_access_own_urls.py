"""The access matrix for the partner-side URLs (partners, opportunities, consent, referrals), run on their own."""

import pytest
from django.conf import settings

from tamkeen.consent.tests.access_cases import access_cases as consent_cases
from tamkeen.opportunities.tests.access_cases import access_cases as opportunity_cases
from tamkeen.partners.tests.access_cases import access_cases as partner_cases
from tamkeen.referrals.tests.access_cases import access_cases as referral_cases
from tests.access import LOGIN, PERSONAS
from tests.test_access_matrix import request


@pytest.mark.django_db
def test_partner_office_and_member_scopes_on_every_url(world, client):
    failures = []
    for case in [
        *partner_cases(world),
        *opportunity_cases(world),
        *consent_cases(world),
        *referral_cases(world),
    ]:
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
                    f"{case.url_name} {case.kwargs} {case.query} as {persona}: {response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)
