"""Hind's system retries a POST after a timeout: the Idempotency-Key makes the retry harmless."""

import pytest

from tamkeen.api.models import IdempotencyRecord
from tamkeen.api.tests.stories import referral_stories
from tamkeen.referrals.models import ReferralEvent


@pytest.fixture
def stories(world):
    return referral_stories(world)


def test_the_same_key_and_body_replays_the_first_answer_and_changes_nothing(world, stories, api_for):
    hind = api_for(world.trainer)
    path = f"/api/v1/referrals/{stories['to_trainer'].public_id}/actions/accept"
    first = hind.post(path, {}, Idempotency_Key="k-1")
    again = hind.post(path, {}, Idempotency_Key="k-1")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again["Idempotency-Replayed"] == "true"
    assert ReferralEvent.objects.filter(referral=stories["to_trainer"], to_status="accepted").count() == 1
    # Without the key the same call meets the lifecycle's rule.
    assert hind.post(path, {}).status_code == 409


def test_the_same_key_with_another_body_is_409(world, stories, api_for):
    hind = api_for(world.trainer)
    path = f"/api/v1/referrals/{stories['to_trainer'].public_id}/actions/decline"
    hind.post(path, {"reason": "no_show"}, Idempotency_Key="k-2")
    response = hind.post(path, {"reason": "health"}, Idempotency_Key="k-2")
    assert response.status_code == 409 and response.json()["code"] == "idempotency_key_reused"


def test_an_error_answer_is_replayed_too(world, stories, api_for):
    hind = api_for(world.trainer)
    path = f"/api/v1/referrals/{stories['to_trainer'].public_id}/actions/complete"
    first = hind.post(path, {}, Idempotency_Key="k-3")
    assert first.status_code == 409
    assert hind.post(path, {}, Idempotency_Key="k-3").content == first.content


def test_keys_belong_to_one_client(world, stories, api_for):
    hind = api_for(world.trainer)
    other = api_for(world.trainer)
    path = f"/api/v1/referrals/{stories['to_trainer'].public_id}/actions/accept"
    assert hind.post(path, {}, Idempotency_Key="shared").status_code == 200
    assert other.post(path, {}, Idempotency_Key="shared").status_code == 409  # a real second attempt
    assert IdempotencyRecord.objects.count() == 2


def test_an_unauthenticated_post_keeps_no_record(world, stories, client):
    path = f"/api/v1/referrals/{stories['to_trainer'].public_id}/actions/accept"
    response = client.post(path, {}, content_type="application/json", headers={"Idempotency-Key": "k"})
    assert response.status_code == 401
    assert not IdempotencyRecord.objects.exists()
