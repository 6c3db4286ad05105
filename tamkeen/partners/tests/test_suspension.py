"""Abdulrahman suspends Hind's institute: nothing open is lost. Unanswered referrals go back to their offices,
those under way stay open and are flagged, each case worker is told, and the institute's systems stop hearing."""

import pytest
from django.db import transaction

from tamkeen.consent.tests.factories import give_consent
from tamkeen.core.models import AuditEvent
from tamkeen.notifications.models import Message
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referrals
from tamkeen.referrals.models import Referral, ReferralEvent
from tamkeen.webhooks.models import Delivery, OutboxEvent
from tamkeen.webhooks.services import WebhookError, emit, endpoint_create

pytestmark = pytest.mark.django_db

REASON = "لم تلتزم الجهة بالاتفاقية"


def _send(worker, member, opportunity):
    give_consent(member, opportunity.entity)
    referral = referrals.referral_propose(actor=worker, member=member, opportunity=opportunity)
    return referrals.referral_send(actor=worker, referral=referral)


@pytest.fixture
def institute(world):
    """Every open state at Hind's institute, plus one referral to Saad's employer."""
    course = make_opportunity(world.trainer, capacity=5)
    workshop = make_opportunity(world.trainer, capacity=5)
    job = make_opportunity(world.employer, capacity=3)
    hind = world.partner_trainer
    sent = _send(world.worker_sby, world.head_sby, course)
    sent_frs = _send(world.worker_frs, world.head_frs, course)
    accepted = referrals.referral_accept(actor=hind, referral=_send(world.worker_sby, world.wife_sby, course))
    enrolled = _send(world.worker_sby, world.wife_sby, workshop)
    referrals.referral_accept(actor=hind, referral=enrolled)
    enrolled = referrals.referral_enrol(actor=hind, referral=enrolled)
    started = _send(world.worker_sby, world.head_sby, workshop)
    referrals.referral_accept(actor=hind, referral=started)
    started = referrals.referral_start(actor=hind, referral=started)
    proposed = referrals.referral_propose(actor=world.worker_sby, member=world.son_sby, opportunity=course)
    other = _send(world.worker_sby, world.son_sby, job)
    return {
        "course": course,
        "sent": sent,
        "sent_frs": sent_frs,
        "accepted": accepted,
        "enrolled": enrolled,
        "started": started,
        "proposed": proposed,
        "other": other,
    }


def _suspend(world):
    from tamkeen.partners.services import entity_suspend

    return entity_suspend(actor=world.manager, entity=world.trainer, reason=REASON)


def _status(referral):
    return Referral.objects.get(pk=referral.pk).status


def test_sent_referrals_go_back_to_their_offices_with_the_reason_and_their_seats(world, institute):
    seats_before = Opportunity.objects.get(pk=institute["course"].pk).seats_taken
    result = _suspend(world)
    assert result["withdrawn"] == 2
    for key in ("sent", "sent_frs"):
        referral = Referral.objects.get(pk=institute[key].pk)
        assert referral.status == "withdrawn" and not referral.holds_seat
        assert referral.reason_code == "opportunity_closed" and REASON in referral.reason_text
        event = referral.events.latest("id")
        assert (event.from_status, event.to_status, event.actor, event.source) == (
            "sent",
            "withdrawn",
            world.manager,
            "suspension",
        )
    course = Opportunity.objects.get(pk=institute["course"].pk)
    assert course.seats_taken == seats_before - 2 and course.status == "closed"
    assert AuditEvent.objects.filter(action="referral.withdraw", actor=world.manager).count() == 2


@pytest.mark.parametrize("state", ["accepted", "enrolled", "started"])
def test_referrals_under_way_stay_open_and_are_flagged(world, institute, client_for, state):
    _suspend(world)
    referral = Referral.objects.get(pk=institute[state].pk)
    assert referral.status == state and referral.holds_seat
    flag = ReferralEvent.objects.get(referral=referral, source="suspension")
    assert (flag.from_status, flag.to_status, flag.details) == (state, state, {"flag": "entity_suspended"})
    assert AuditEvent.objects.filter(
        action="referral.flag_entity_suspended", object_id=str(referral.pk)
    ).exists()
    page = client_for(world.worker_sby).get(f"/referrals/{referral.public_id}/").content.decode()
    assert REASON in page  # the case worker sees the flag in the referral's history


def test_proposals_and_other_entities_referrals_are_untouched(world, institute):
    _suspend(world)
    assert _status(institute["proposed"]) == "proposed"
    assert _status(institute["other"]) == "sent"


def test_each_case_worker_is_told_once_about_their_own_referrals(world, institute):
    world.worker_sby.email = "nora@office.example.sa"
    world.worker_frs.email = "khalid@office.example.sa"
    world.worker_sby.save(update_fields=["email"])
    world.worker_frs.save(update_fields=["email"])
    result = _suspend(world)
    assert result["flagged"] == 3
    nora = Message.objects.get(event="partners.entity_suspended", user=world.worker_sby)
    for key in ("sent", "accepted", "enrolled", "started"):
        assert institute[key].public_id in nora.body
    assert institute["sent_frs"].public_id not in nora.body and REASON in nora.body
    khalid = Message.objects.get(event="partners.entity_suspended", user=world.worker_frs)
    assert institute["sent_frs"].public_id in khalid.body and institute["sent"].public_id not in khalid.body
    assert AuditEvent.objects.get(action="entity.suspend").changes["case_workers_told"] == [0, 2]


def test_the_entity_s_webhooks_and_api_clients_stop(world, institute, api_for):
    endpoint_create(
        actor=world.partner_trainer,
        entity=world.trainer,
        url="http://127.0.0.1:9/hook",
        events=["referral.sent", "referral.withdrawn"],
    )
    with transaction.atomic():
        emit("referral.sent", world.trainer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
    hind_system = api_for(world.trainer)
    assert hind_system.get("/api/v1/referrals").status_code == 200
    events_before = OutboxEvent.objects.count()
    result = _suspend(world)
    assert result["stopped_deliveries"] == 1
    assert not Delivery.objects.filter(state=Delivery.State.PENDING).exists()
    assert OutboxEvent.objects.count() == events_before  # no referral.withdrawn goes out
    with transaction.atomic():
        assert emit("referral.sent", world.trainer, {"reference": "R-2"}) is None
    assert hind_system.get("/api/v1/referrals").status_code == 401
    world.trainer.refresh_from_db()
    with pytest.raises(WebhookError):
        endpoint_create(
            actor=world.partner_trainer,
            entity=world.trainer,
            url="http://127.0.0.1:9/b",
            events=["referral.sent"],
        )


def test_a_failure_midway_leaves_everything_as_it_was(world, institute, monkeypatch):
    import tamkeen.notifications.services as notifications

    def broken(**kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(notifications, "notify", broken)
    with pytest.raises(RuntimeError):
        _suspend(world)
    world.trainer.refresh_from_db()
    assert world.trainer.is_active
    assert _status(institute["sent"]) == "sent"
    assert not ReferralEvent.objects.filter(source="suspension").exists()
    assert not AuditEvent.objects.filter(action="entity.suspend").exists()
