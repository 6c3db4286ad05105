"""The household and member pages gather what other apps know about the family, each through its own door.

Nora (Sabya) sees Muhammad's referral to Hind's institute on his household page and the buttons to refer him and
record an outcome on his member page; Muhammad himself sees his referral but none of the office's buttons.
"""

import pytest
from django.urls import reverse

from tamkeen.referrals.tests.fixtures import referral_world

pytestmark = pytest.mark.django_db


def test_the_case_worker_sees_the_households_referrals_and_her_next_steps(world, client_for):
    sent = referral_world(world)["sent"]
    client = client_for(world.worker_sby)
    household_page = client.get(reverse("registry:household", args=[world.household_sby.pk])).content.decode()
    assert sent.public_id in household_page
    member_page = client.get(reverse("registry:member", args=[world.head_sby.pk])).content.decode()
    assert reverse("referrals:new", args=[world.head_sby.pk]) in member_page
    assert reverse("outcomes:report", args=[world.head_sby.pk]) in member_page
    assert reverse("cases:member", args=[world.head_sby.pk]) in member_page


def test_the_beneficiary_sees_his_referral_but_not_the_offices_buttons(world, client_for):
    sent = referral_world(world)["sent"]
    page = (
        client_for(world.beneficiary_sby)
        .get(reverse("registry:member", args=[world.head_sby.pk]))
        .content.decode()
    )
    assert sent.public_id in page
    assert reverse("referrals:new", args=[world.head_sby.pk]) not in page
    assert reverse("outcomes:report", args=[world.head_sby.pk]) not in page
