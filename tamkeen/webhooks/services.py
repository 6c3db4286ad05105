"""Webhook writes: endpoints (create, delete), the outbox (``emit``), delivery attempts, replays, disabling.

``emit`` is called by the services that cause an event, inside their transaction: the event and its
deliveries are written with the change or not at all, and the worker is asked to deliver only after commit.
"""

import json
import time
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.webhooks import destinations, signing
from tamkeen.webhooks.messages import ENDPOINT_DISABLED
from tamkeen.webhooks.models import Attempt, Delivery, Endpoint, Event, OutboxEvent

# Seconds to wait after each failed attempt (Standard Webhooks' suggestion): the last retry comes about
# 27.5 hours after the first attempt, so an endpoint is retried for more than a day.
RETRY_DELAYS = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
DISABLE_AFTER = timedelta(days=3)


class WebhookError(ValueError):
    code = "invalid_webhook"


def next_delay(attempts_made: int) -> int | None:
    """Seconds until the next attempt after ``attempts_made`` failed ones, or None when retries are exhausted."""
    index = attempts_made - 1
    return RETRY_DELAYS[index] if 0 <= index < len(RETRY_DELAYS) else None


def can_manage_endpoints(actor, entity) -> bool:
    return actor is not None and actor.is_partner and actor.entity_id == entity.pk


@transaction.atomic
def endpoint_create(*, actor, entity, url: str, events) -> tuple[Endpoint, str]:
    if not can_manage_endpoints(actor, entity):
        raise PermissionDenied
    if not entity.is_active:
        raise WebhookError(_("Your entity is suspended: no webhook is sent."))
    chosen = [e for e in Event.values if e in set(events or [])]
    unknown = sorted(set(events or []) - set(Event.values))
    if unknown or not chosen:
        raise WebhookError(_("Choose events among: %(events)s.") % {"events": ", ".join(Event.values)})
    try:
        destinations.check_url(url)
    except destinations.RefusedDestination as error:
        raise WebhookError(str(error)) from error
    secret = signing.new_secret()
    endpoint = Endpoint.objects.create(entity=entity, url=url, events=chosen, secret=secret, created_by=actor)
    audit_record(
        actor=actor,
        action="webhook_endpoint.create",
        obj=endpoint,
        changes={"url": [None, url], "events": [None, chosen]},
    )
    return endpoint, secret


@transaction.atomic
def endpoint_delete(*, actor, endpoint: Endpoint) -> Endpoint:
    """The endpoint stops receiving at once; its delivery log stays for the record."""
    if not can_manage_endpoints(actor, endpoint.entity):
        raise PermissionDenied
    if endpoint.deleted_at is None:
        endpoint.deleted_at = timezone.now()
        endpoint.is_active = False
        endpoint.save(update_fields=["deleted_at", "is_active", "updated_at"])
        Delivery.objects.filter(endpoint=endpoint, state=Delivery.State.PENDING).update(
            state=Delivery.State.FAILED, next_attempt_at=None
        )
        audit_record(actor=actor, action="webhook_endpoint.delete", obj=endpoint)
    return endpoint


def emit(event_type: str, entity, data: dict) -> OutboxEvent | None:
    """Write an event for the entity's subscribed endpoints, in the caller's transaction (none while the entity
    is suspended)."""
    entity_id = getattr(entity, "pk", entity)
    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.filter(
            entity_id=entity_id, entity__is_active=True, is_active=True, deleted_at__isnull=True
        )
        if event_type in endpoint.events
    ]
    if not endpoints:
        return None
    now = timezone.now()
    event = OutboxEvent.objects.create(
        entity_id=entity_id,
        type=event_type,
        payload={"type": event_type, "timestamp": now.isoformat(), "data": data},
    )
    Delivery.objects.bulk_create(
        [Delivery(event=event, endpoint=endpoint, next_attempt_at=now) for endpoint in endpoints]
    )
    ids = list(Delivery.objects.filter(event=event).values_list("pk", flat=True))
    transaction.on_commit(lambda: [enqueue_delivery(pk) for pk in ids])
    return event


def enqueue_delivery(delivery_id: int, run_after=None) -> None:
    """Ask the worker; a backend that cannot defer leaves later retries to the periodic sweep."""
    from tamkeen.webhooks.tasks import deliver_webhook

    backend = deliver_webhook.get_backend()
    if run_after is None:
        deliver_webhook.enqueue(delivery_id)
    elif backend.supports_defer:
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)


def _tell_entity_endpoint_disabled(endpoint: Endpoint) -> None:
    """Every active staff account of the entity is told through the outbox (the API clients' service users
    are not people)."""
    from tamkeen.accounts.models import Role, User
    from tamkeen.notifications.services import notify

    staff = User.objects.filter(
        role=Role.PARTNER, entity_id=endpoint.entity_id, is_active=True, api_client__isnull=True
    ).order_by("pk")
    for user in staff:
        notify(
            event=ENDPOINT_DISABLED,
            user=user,
            context={
                "url": endpoint.url,
                "days": DISABLE_AFTER.days,
                "dedupe_key": f"webhook-disabled-{endpoint.pk}-{endpoint.disabled_at.isoformat()}",
            },
        )


@transaction.atomic
def entity_webhooks_stop(*, entity) -> int:
    """The entity was suspended (its caller checked who may): deliveries still waiting are not sent. The
    endpoints stay registered, so deliveries of new events resume if the entity is reinstated."""
    return Delivery.objects.filter(endpoint__entity=entity, state=Delivery.State.PENDING).update(
        state=Delivery.State.FAILED, next_attempt_at=None
    )


def _record_failure(endpoint: Endpoint, now) -> None:
    if endpoint.failing_since is None:
        Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
        return
    if endpoint.is_active and now - endpoint.failing_since >= DISABLE_AFTER:
        endpoint.is_active = False
        endpoint.disabled_at = now
        endpoint.disabled_reason = "failing for 3 days"
        endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
        Delivery.objects.filter(endpoint=endpoint, state=Delivery.State.PENDING).update(
            state=Delivery.State.FAILED, next_attempt_at=None
        )
        audit_record(actor=None, action="webhook_endpoint.disable", obj=endpoint, reason="failing for 3 days")
        _tell_entity_endpoint_disabled(endpoint)


def delivery_attempt(delivery_id: int, *, replay: bool = False, now=None) -> Delivery | None:
    """One attempt: sign, POST, log. The HTTP call happens outside any transaction or row lock."""
    delivery = Delivery.objects.select_related("event", "endpoint__entity").filter(pk=delivery_id).first()
    if delivery is None or (delivery.state != Delivery.State.PENDING and not replay):
        return delivery
    endpoint = delivery.endpoint
    if not endpoint.entity.is_active or (not replay and not endpoint.is_active):
        return delivery
    body = json.dumps(delivery.event.payload, ensure_ascii=False, separators=(",", ":")).encode()
    started = time.monotonic()
    at = now or timezone.now()
    status, error, excerpt, refused = None, "", "", False
    try:
        pinned = destinations.check_url(endpoint.url)
        signed = signing.headers(endpoint.secret, delivery.event.public_id, int(time.time()), body)
        status, excerpt = destinations.post(endpoint.url, body, signed, pinned=pinned[0] if pinned else "")
    except destinations.RefusedDestination as exc:
        error, refused = str(exc)[:300], True
    except (OSError, ValueError) as exc:
        error = (str(exc) or exc.__class__.__name__)[:300]
    duration = int((time.monotonic() - started) * 1000)
    succeeded = status is not None and 200 <= status < 300
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("endpoint__entity")
            .get(pk=delivery_id)
        )
        endpoint = delivery.endpoint
        Attempt.objects.create(
            delivery=delivery,
            at=at,
            status_code=status,
            error=error,
            duration_ms=duration,
            response_excerpt=excerpt,
            is_replay=replay,
        )
        delivery.attempts_made += 1
        if succeeded:
            delivery.state = Delivery.State.DELIVERED
            delivery.delivered_at = at
            delivery.next_attempt_at = None
            if endpoint.failing_since is not None:
                Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
        elif refused:
            delivery.state = Delivery.State.REFUSED
            delivery.next_attempt_at = None
        else:
            _record_failure(endpoint, at)
            delay = None if (replay or not endpoint.is_active) else next_delay(delivery.attempts_made)
            if delay is None:
                delivery.state = (
                    Delivery.State.FAILED if delivery.state != Delivery.State.DELIVERED else delivery.state
                )
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = at + timedelta(seconds=delay)
        delivery.save(
            update_fields=["attempts_made", "state", "delivered_at", "next_attempt_at", "updated_at"]
        )
        if delivery.state == Delivery.State.PENDING and delivery.next_attempt_at is not None:
            run_after = delivery.next_attempt_at
            transaction.on_commit(lambda: enqueue_delivery(delivery_id, run_after=run_after))
    return delivery


@transaction.atomic
def delivery_replay(*, actor, delivery: Delivery) -> None:
    """Send a logged event again (after a fix on the partner's side); the attempt is logged as a replay."""
    if not can_manage_endpoints(actor, delivery.endpoint.entity):
        raise PermissionDenied
    if delivery.endpoint.deleted_at is not None:
        raise WebhookError(_("This endpoint has been deleted."))
    if not delivery.endpoint.entity.is_active:
        raise WebhookError(_("Your entity is suspended: no webhook is sent."))
    audit_record(actor=actor, action="webhook_delivery.replay", obj=delivery)
    transaction.on_commit(lambda: _replay_now(delivery.pk))


def _replay_now(delivery_id: int) -> None:
    from tamkeen.webhooks.tasks import replay_webhook

    replay_webhook.enqueue(delivery_id)


def deliver_due(now=None) -> int:
    """Attempt every pending delivery whose time has come (the sweep behind the deferred tasks)."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        state=Delivery.State.PENDING,
        next_attempt_at__lte=now,
        endpoint__is_active=True,
        endpoint__entity__is_active=True,
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due[:1000]):
        delivery_attempt(pk, now=now)
        count += 1
    return count
