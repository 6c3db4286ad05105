"""Hind's institute reads its inbox and answers referrals through its own system, under the web's rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.api.tests.stories import referral_stories
from tamkeen.consent.services import consent_withdraw
from tamkeen.core.models import AuditEvent
from tamkeen.referrals import services
from tamkeen.referrals.models import Referral, ReferralEvent, Status


@pytest.fixture
def stories(world):
    return referral_stories(world)


@pytest.fixture
def hind(world, api_for):
    return api_for(world.trainer)


def test_the_inbox_lists_only_referrals_sent_to_the_entity_never_proposals(world, stories, hind):
    response = hind.get("/api/v1/referrals")
    assert response.status_code == 200
    body = response.json()
    references = {row["reference"] for row in body["results"]}
    assert references == {stories["to_trainer"].public_id, stories["second"].public_id}
    assert stories["proposed"].public_id not in references
    assert stories["to_employer"].public_id not in references
    assert body["next"] is None
    row = next(r for r in body["results"] if r["reference"] == stories["to_trainer"].public_id)
    assert row["status"] == "sent"
    assert row["opportunity"] == stories["course"].code
    assert row["shared"] == stories["to_trainer"].shared_fields
    assert row["respond_by"] == stories["to_trainer"].due_by.isoformat()
    assert row["consent_active"] is True


def test_every_person_read_through_the_api_is_audited(world, stories, hind):
    hind.get("/api/v1/referrals")
    hind.get(f"/api/v1/referrals/{stories['to_trainer'].public_id}")
    reads = AuditEvent.objects.filter(kind="read", action="referral.read", actor=hind.api_client.user)
    assert reads.filter(member_id=world.head_sby.pk).count() == 2
    assert reads.filter(member_id=world.wife_sby.pk).count() == 1
    assert all(e.reason == f"api {hind.api_client.client_id}" for e in reads)


def test_pages_follow_the_cursor_up_to_the_limit(world, stories, hind):
    first = hind.get("/api/v1/referrals", limit=1).json()
    assert len(first["results"]) == 1 and first["next"]
    second = hind.http.get(first["next"], headers=hind.headers()).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert first["results"][0]["reference"] != second["results"][0]["reference"]


@pytest.mark.parametrize(
    "params", [{"limit": 201}, {"limit": 0}, {"cursor": "not-a-cursor"}, {"status": "x"}]
)
def test_bad_query_parameters_are_422_with_field_errors(world, stories, hind, params):
    response = hind.get("/api/v1/referrals", **params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == next(iter(params))
    assert set(body["errors"][0]) == {"field", "code", "message"}


def test_filters_by_status_and_updated_since(world, stories, hind):
    services.referral_accept(actor=world.partner_trainer, referral=stories["second"])
    accepted = hind.get("/api/v1/referrals", status="accepted").json()["results"]
    assert [r["reference"] for r in accepted] == [stories["second"].public_id]
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    assert hind.get("/api/v1/referrals", updated_since=later).json()["results"] == []


def test_another_entity_s_referral_and_a_proposal_are_404(world, stories, hind):
    for referral in (stories["to_employer"], stories["proposed"]):
        response = hind.get(f"/api/v1/referrals/{referral.public_id}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    saad = hind.__class__(hind.http, *_client_of(world.employer))
    assert saad.get(f"/api/v1/referrals/{stories['to_trainer'].public_id}").status_code == 404
    listed = {r["reference"] for r in saad.get("/api/v1/referrals").json()["results"]}
    assert listed == {stories["to_employer"].public_id}


def _client_of(entity):
    from tamkeen.api.services import api_client_create

    return api_client_create(actor=None, entity=entity)


def test_after_consent_withdrawal_only_the_reference_and_status_remain(world, stories, hind):
    consent_withdraw(actor=world.worker_sby, member=world.head_sby, entity=world.trainer)
    body = hind.get(f"/api/v1/referrals/{stories['to_trainer'].public_id}").json()
    assert body["reference"] == stories["to_trainer"].public_id and body["status"] == "sent"
    assert body["shared"] is None and body["consent_active"] is False
    listed = {r["reference"]: r for r in hind.get("/api/v1/referrals").json()["results"]}
    assert listed[stories["to_trainer"].public_id]["shared"] is None
    assert listed[stories["second"].public_id]["shared"]  # the wife's consent still stands


def test_a_referral_goes_from_sent_to_completed_through_the_api(world, stories, hind):
    reference = stories["to_trainer"].public_id
    for action, status in [
        ("accept", "accepted"),
        ("enrol", "enrolled"),
        ("start", "started"),
        ("complete", "completed"),
    ]:
        response = hind.post(f"/api/v1/referrals/{reference}/actions/{action}")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    events = ReferralEvent.objects.filter(referral__public_id=reference, source="api")
    assert [e.to_status for e in events] == ["accepted", "enrolled", "started", "completed"]
    assert all(e.actor == hind.api_client.user for e in events)
    assert AuditEvent.objects.filter(action="referral.complete", actor=hind.api_client.user).exists()


def test_the_web_s_rules_hold_invalid_transition_with_current_status(world, stories, hind):
    reference = stories["to_trainer"].public_id
    response = hind.post(f"/api/v1/referrals/{reference}/actions/complete")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition" and body["current_status"] == "sent"
    assert Referral.objects.get(public_id=reference).status == Status.SENT


def test_declining_needs_a_reason_and_frees_the_seat(world, stories, hind):
    reference = stories["to_trainer"].public_id
    response = hind.post(f"/api/v1/referrals/{reference}/actions/decline")
    assert response.status_code == 422
    assert response.json()["code"] == "reason_required"
    assert response.json()["errors"][0]["field"] == "reason"
    response = hind.post(f"/api/v1/referrals/{reference}/actions/decline", {"reason": "failed_interview"})
    assert response.status_code == 200 and response.json()["status"] == "declined"
    referral = Referral.objects.get(public_id=reference)
    assert referral.reason_code == "failed_interview" and not referral.holds_seat
    stories["course"].refresh_from_db()
    assert stories["course"].seats_taken == 1


def test_free_text_reason_and_a_date(world, stories, hind):
    reference = stories["to_trainer"].public_id
    hind.post(f"/api/v1/referrals/{reference}/actions/accept")
    day = timezone.localdate() - timedelta(days=2)
    response = hind.post(f"/api/v1/referrals/{reference}/actions/start", {"date": day.isoformat()})
    assert response.status_code == 200
    assert Referral.objects.get(public_id=reference).started_on == day
    response = hind.post(f"/api/v1/referrals/{reference}/actions/drop_out", {"reason": "moved to Jeddah"})
    referral = Referral.objects.get(public_id=reference)
    assert response.status_code == 200
    assert (referral.reason_code, referral.reason_text) == ("other", "moved to Jeddah")


def test_a_future_date_and_an_unknown_action_are_422(world, stories, hind):
    reference = stories["to_trainer"].public_id
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = hind.post(f"/api/v1/referrals/{reference}/actions/accept", {"date": tomorrow})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "date"
    response = hind.post(f"/api/v1/referrals/{reference}/actions/withdraw")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "action"


def test_acting_on_another_entity_s_referral_is_404_and_changes_nothing(world, stories, hind):
    reference = stories["to_employer"].public_id
    assert hind.post(f"/api/v1/referrals/{reference}/actions/accept").status_code == 404
    assert Referral.objects.get(public_id=reference).status == Status.SENT


def test_write_needs_referrals_write(world, stories, api_for):
    reader = api_for(world.trainer, scopes=["referrals:read"])
    response = reader.post(f"/api/v1/referrals/{stories['to_trainer'].public_id}/actions/accept")
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"


def test_malformed_json_is_a_problem(world, stories, hind):
    response = hind.http.post(
        f"/api/v1/referrals/{stories['to_trainer'].public_id}/actions/accept",
        "{not json",
        content_type="application/json",
        headers=hind.headers(),
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")
