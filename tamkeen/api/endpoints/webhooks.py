"""The entity's webhook endpoints and their delivery log."""

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema, Status
from pydantic import Field

from tamkeen.api.endpoints.common import next_url, not_found, scoped, unprocessable
from tamkeen.api.schemas import DeliveryPage, EndpointCreated, EndpointIn, EndpointList, Problem
from tamkeen.api.selectors import BadCursor, page_after
from tamkeen.webhooks import selectors as webhook_selectors
from tamkeen.webhooks.services import WebhookError, endpoint_create, endpoint_delete

router = Router(tags=["webhooks"])
ERRORS = {401: Problem, 403: Problem, 422: Problem, 429: Problem}


class Page(Schema):
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = None


def endpoint_json(endpoint) -> dict:
    return {
        "id": endpoint.public_id,
        "url": endpoint.url,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
        "created_at": endpoint.created_at,
    }


def delivery_json(delivery) -> dict:
    return {
        "id": delivery.public_id,
        "event_id": delivery.event.public_id,
        "type": delivery.event.type,
        "state": delivery.state,
        "created_at": delivery.created_at,
        "delivered_at": delivery.delivered_at,
        "next_attempt_at": delivery.next_attempt_at,
        "payload": delivery.event.payload,
        "attempts": [
            {
                "at": a.at,
                "status_code": a.status_code,
                "error": a.error,
                "duration_ms": a.duration_ms,
                "is_replay": a.is_replay,
            }
            for a in delivery.attempts.all()
        ],
    }


def _page(request, rows, page: Page):
    try:
        return page_after(rows, page.cursor, page.limit)
    except BadCursor:
        raise unprocessable("cursor", "invalid_cursor") from None


@router.get(
    "",
    response={200: EndpointList, **ERRORS},
    operation_id="listWebhookEndpoints",
    summary="The entity's webhook endpoints",
    **scoped("webhooks:manage"),
)
def list_endpoints(request, page: Query[Page]):
    rows = webhook_selectors.endpoints_of_entity(request.api_client.entity_id)
    items, cursor = _page(request, rows, page)
    return {"results": [endpoint_json(e) for e in items], "next": next_url(request, cursor)}


@router.post(
    "",
    response={201: EndpointCreated, **ERRORS},
    operation_id="createWebhookEndpoint",
    summary="Register an endpoint for some events",
    description="HTTPS to a public address in production; the `secret` is returned once.",
    **scoped("webhooks:manage"),
)
def create_endpoint(request, payload: EndpointIn):
    client = request.api_client
    try:
        endpoint, secret = endpoint_create(
            actor=client.user, entity=client.entity, url=payload.url, events=payload.events
        )
    except WebhookError as error:
        raise unprocessable("url", "invalid_url", str(error)) from None
    except PermissionDenied:
        raise not_found() from None
    return Status(
        201, {"id": endpoint.public_id, "url": endpoint.url, "events": endpoint.events, "secret": secret}
    )


def _endpoint(request, endpoint_id: str):
    found = (
        webhook_selectors.endpoints_of_entity(request.api_client.entity_id)
        .filter(public_id=endpoint_id)
        .first()
    )
    if found is None:
        raise not_found()
    return found


@router.delete(
    "/{endpoint_id}",
    response={204: None, 404: Problem, **ERRORS},
    operation_id="deleteWebhookEndpoint",
    summary="Stop sending to an endpoint",
    description="Its delivery log stays readable on the partner page.",
    **scoped("webhooks:manage"),
)
def delete_endpoint(request, endpoint_id: str):
    endpoint_delete(actor=request.api_client.user, endpoint=_endpoint(request, endpoint_id))
    return Status(204, None)


@router.get(
    "/{endpoint_id}/deliveries",
    response={200: DeliveryPage, 404: Problem, **ERRORS},
    operation_id="listWebhookDeliveries",
    summary="The delivery log of an endpoint, each attempt included",
    **scoped("webhooks:manage"),
)
def list_deliveries(request, endpoint_id: str, page: Query[Page]):
    endpoint = _endpoint(request, endpoint_id)
    rows = webhook_selectors.deliveries_of(endpoint)
    items, cursor = _page(request, rows, page)
    return {"results": [delivery_json(d) for d in items], "next": next_url(request, cursor)}
