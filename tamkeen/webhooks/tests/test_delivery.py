"""Saad's employer registers a webhook; Nora's referral reaches his receiver, signed, once, despite a 500."""

import itertools
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from tamkeen.api.tests.stories import send
from tamkeen.notifications.models import Message
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referral_services
from tamkeen.webhooks import destinations
from tamkeen.webhooks.models import Delivery, Endpoint, OutboxEvent
from tamkeen.webhooks.services import (
    RETRY_DELAYS,
    deliver_due,
    delivery_attempt,
    delivery_replay,
    emit,
    endpoint_create,
    next_delay,
)
from tamkeen.webhooks.tests.receiver import Receiver

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


def test_a_receiver_answering_500_then_200_gets_the_event_once_delivered_and_verifiable(
    world, api_for, immediate_tasks, django_capture_on_commit_callbacks
):
    saad = api_for(world.employer)
    job = make_opportunity(world.employer, capacity=3)
    with Receiver([500, 200]) as receiver:
        created = saad.post("/api/v1/webhooks", {"url": receiver.url, "events": ["referral.sent"]})
        assert created.status_code == 201, created.content
        secret = created.json()["secret"]
        assert secret.startswith("whsec_")
        with django_capture_on_commit_callbacks(execute=True):
            referral = send(world, world.head_sby, job)
        delivery = Delivery.objects.get()
        assert delivery.state == Delivery.State.PENDING and delivery.attempts_made == 1
        assert delivery.next_attempt_at > timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert deliver_due(now=delivery.next_attempt_at + timedelta(seconds=1)) == 1
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.DELIVERED
    assert Delivery.objects.filter(state=Delivery.State.DELIVERED).count() == 1
    assert len(receiver.requests) == 2
    verifier = Webhook(secret)
    ids = set()
    for headers, body in receiver.requests:
        payload = verifier.verify(body, headers)
        ids.add(headers["webhook-id"])
        assert payload["type"] == "referral.sent"
        assert payload["data"] == {"reference": referral.public_id, "status": "sent", "opportunity": job.code}
        assert "national_id" not in body.decode()
    assert len(ids) == 1  # a retry is the same message
    log = saad.get(f"/api/v1/webhooks/{created.json()['id']}/deliveries").json()["results"]
    assert [a["status_code"] for a in log[0]["attempts"]] == [500, 200]
    assert log[0]["state"] == "delivered"


def test_no_event_is_written_for_a_change_that_rolls_back(world, api_for):
    job = make_opportunity(world.employer, capacity=3)
    endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="http://127.0.0.1:9/x",
        events=["referral.sent"],
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        send(world, world.head_sby, job)
        assert OutboxEvent.objects.count() == 1
        raise RuntimeError("the change fails after the event was written")
    assert not OutboxEvent.objects.exists() and not Delivery.objects.exists()


def test_events_of_the_lifecycle_reach_only_subscribed_endpoints_of_the_entity(world):
    job = make_opportunity(world.employer, capacity=1)
    sent_only, _ = endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="http://127.0.0.1:9/a",
        events=["referral.sent"],
    )
    everything, _ = endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="http://127.0.0.1:9/b",
        events=["referral.withdrawn", "consent.withdrawn", "opportunity.full", "referral.expired"],
    )
    endpoint_create(
        actor=world.partner_trainer,
        entity=world.trainer,
        url="http://127.0.0.1:9/c",
        events=["referral.sent"],
    )
    referral = send(world, world.head_sby, job)  # the last seat: the opportunity is full
    referral_services.referral_withdraw(actor=world.worker_sby, referral=referral, reason_code="other")
    types = {d.endpoint.url: set() for d in Delivery.objects.select_related("endpoint")}
    for delivery in Delivery.objects.select_related("endpoint", "event"):
        types[delivery.endpoint.url].add(delivery.event.type)
    assert types == {
        sent_only.url: {"referral.sent"},
        everything.url: {"opportunity.full", "referral.withdrawn"},
    }


def test_expiry_and_consent_withdrawal_are_events(world):
    from tamkeen.consent.services import consent_withdraw

    job = make_opportunity(world.employer, capacity=3)
    endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="http://127.0.0.1:9/b",
        events=["referral.expired", "consent.withdrawn"],
    )
    referral = send(world, world.head_sby, job)
    referral_services.referral_expire(referral=referral, today=referral.due_by + timedelta(days=1))
    consent_withdraw(actor=world.worker_sby, member=world.head_sby, entity=world.employer)
    payloads = {e.type: e.payload["data"] for e in OutboxEvent.objects.all()}
    assert payloads["referral.expired"]["status"] == "expired"
    assert payloads["consent.withdrawn"] == {"references": [referral.public_id]}


def test_retries_last_more_than_a_day_then_stop():
    assert sum(RETRY_DELAYS) >= 24 * 3600
    assert [next_delay(n) for n in range(1, len(RETRY_DELAYS) + 1)] == list(RETRY_DELAYS)
    assert next_delay(len(RETRY_DELAYS) + 1) is None
    assert all(a <= b for a, b in itertools.pairwise(RETRY_DELAYS))


def test_an_unreachable_endpoint_failing_for_three_days_is_disabled_and_its_entity_told(world):
    world.partner_employer.email = "saad@employer.example.sa"
    world.partner_employer.save(update_fields=["email"])
    endpoint, _ = endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="http://127.0.0.1:9/x",
        events=["referral.sent"],
    )
    start = timezone.now()
    with transaction.atomic():
        emit("referral.sent", world.employer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
    delivery = Delivery.objects.get()
    delivery_attempt(delivery.pk, now=start)  # nothing listens on port 9
    endpoint.refresh_from_db()
    assert endpoint.failing_since is not None and endpoint.is_active
    with transaction.atomic():
        emit("referral.sent", world.employer, {"reference": "R-2", "status": "sent", "opportunity": "X"})
    later = Delivery.objects.exclude(pk=delivery.pk).get()
    delivery_attempt(later.pk, now=endpoint.failing_since + timedelta(days=3, minutes=1))
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    # The entity's staff are told through the outbox; the other entities' staff are not.
    told = Message.objects.filter(event="webhooks.endpoint_disabled")
    assert [(m.user, m.channel, m.to_address) for m in told] == [
        (world.partner_employer, "email", "saad@employer.example.sa")
    ]
    assert "http://127.0.0.1:9/x" in told.get().body
    assert Delivery.objects.filter(endpoint=endpoint, state=Delivery.State.PENDING).count() == 0


def test_a_success_clears_the_failing_mark(world):
    endpoint, _ = endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="http://127.0.0.1:9/x",
        events=["referral.sent"],
    )
    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=timezone.now() - timedelta(days=1))
    with Receiver([204]) as receiver:
        Endpoint.objects.filter(pk=endpoint.pk).update(url=receiver.url)
        with transaction.atomic():
            emit("referral.sent", world.employer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
        delivery_attempt(Delivery.objects.get().pk)
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


def test_replay_from_the_log_sends_the_same_message_again(
    world, immediate_tasks, django_capture_on_commit_callbacks
):
    with Receiver([200, 200]) as receiver:
        endpoint_create(
            actor=world.partner_employer, entity=world.employer, url=receiver.url, events=["referral.sent"]
        )
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            emit("referral.sent", world.employer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
        delivery = Delivery.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            delivery_replay(actor=world.partner_employer, delivery=delivery)
    assert len(receiver.requests) == 2
    assert receiver.requests[0][0]["webhook-id"] == receiver.requests[1][0]["webhook-id"]
    assert [a.is_replay for a in delivery.attempts.all()] == [False, True]
    with pytest.raises(Exception):  # noqa: B017  another entity's staff cannot replay
        delivery_replay(actor=world.partner_trainer, delivery=delivery)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://192.168.0.5/hook",
        "http://example.sa/hook",
        "https://user:pw@example.sa/hook",
        "ftp://example.sa/hook",
    ],
)
def test_production_refuses_loopback_private_and_plain_http(url, monkeypatch):
    monkeypatch.setattr(destinations.socket, "getaddrinfo", _fake_dns({"example.sa": ["93.184.215.14"]}))
    with pytest.raises(destinations.RefusedDestination):
        destinations.check_url(url, production=True)


def test_production_checks_every_address_a_host_resolves_to(monkeypatch):
    monkeypatch.setattr(
        destinations.socket,
        "getaddrinfo",
        _fake_dns({"mixed.example.sa": ["93.184.215.14", "10.0.0.7"], "good.example.sa": ["93.184.215.14"]}),
    )
    with pytest.raises(destinations.RefusedDestination):
        destinations.check_url("https://mixed.example.sa/hook", production=True)
    assert destinations.check_url("https://good.example.sa/hook", production=True) == ["93.184.215.14"]


def test_outside_production_http_and_loopback_are_allowed():
    assert destinations.check_url("http://127.0.0.1:8000/hook", production=False) == []


def test_a_delivery_to_a_private_address_in_production_is_refused_not_sent(world, settings):
    endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="https://10.0.0.8/x",
        events=["referral.sent"],
    )
    with transaction.atomic():
        emit("referral.sent", world.employer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
    settings.IS_PRODUCTION = True
    delivery = delivery_attempt(Delivery.objects.get().pk)
    assert delivery.state == Delivery.State.REFUSED
    assert "private" in delivery.attempts.get().error or delivery.attempts.get().error


def _fake_dns(table):
    import socket

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in table:
            raise socket.gaierror("unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in table[host]]

    return getaddrinfo
