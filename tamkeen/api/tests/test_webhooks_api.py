"""Saad's system manages its webhook endpoints through the API; Hind's cannot see them."""

import pytest
from django.db import transaction

from tamkeen.core.models import AuditEvent
from tamkeen.webhooks.models import Delivery, Endpoint
from tamkeen.webhooks.services import emit


@pytest.fixture
def saad(world, api_for):
    return api_for(world.employer)


def test_register_list_and_delete_an_endpoint(world, saad):
    created = saad.post("/api/v1/webhooks", {"url": "http://127.0.0.1:8999/h", "events": ["referral.sent"]})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "url", "events", "secret"} and body["secret"].startswith("whsec_")
    listed = saad.get("/api/v1/webhooks").json()
    assert [e["id"] for e in listed["results"]] == [body["id"]]
    assert "secret" not in listed["results"][0]
    assert AuditEvent.objects.filter(action="webhook_endpoint.create", actor=saad.api_client.user).exists()
    assert saad.delete(f"/api/v1/webhooks/{body['id']}").status_code == 204
    assert saad.get("/api/v1/webhooks").json()["results"] == []
    assert saad.get(f"/api/v1/webhooks/{body['id']}/deliveries").status_code == 404
    assert not Endpoint.objects.get().is_active


@pytest.mark.parametrize(
    "payload",
    [
        {"url": "http://127.0.0.1:8999/h", "events": ["referral.accepted"]},
        {"url": "http://127.0.0.1:8999/h", "events": []},
        {"url": "ftp://example.sa/h", "events": ["referral.sent"]},
        {"events": ["referral.sent"]},
    ],
)
def test_bad_registrations_are_422(world, saad, payload):
    response = saad.post("/api/v1/webhooks", payload)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not Endpoint.objects.exists()


def test_production_refuses_http_and_private_addresses(world, saad, settings):
    settings.IS_PRODUCTION = True
    for url in ("http://partner.example.sa/h", "https://127.0.0.1/h", "https://10.0.0.1/h"):
        response = saad.post("/api/v1/webhooks", {"url": url, "events": ["referral.sent"]})
        assert response.status_code == 422, url
        assert response.json()["errors"][0]["field"] == "url"


def test_the_delivery_log_lists_attempts(world, saad):
    endpoint_id = saad.post(
        "/api/v1/webhooks", {"url": "http://127.0.0.1:9/h", "events": ["referral.sent"]}
    ).json()["id"]
    with transaction.atomic():
        emit("referral.sent", world.employer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
    log = saad.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").json()
    assert log["results"][0]["state"] == "pending"
    assert log["results"][0]["payload"]["data"]["reference"] == "R-1"
    assert Delivery.objects.count() == 1


def test_another_entity_never_reaches_an_endpoint_or_its_log(world, saad, api_for):
    endpoint_id = saad.post(
        "/api/v1/webhooks", {"url": "http://127.0.0.1:9/h", "events": ["referral.sent"]}
    ).json()["id"]
    hind = api_for(world.trainer)
    assert hind.get("/api/v1/webhooks").json()["results"] == []
    assert hind.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").status_code == 404
    assert hind.delete(f"/api/v1/webhooks/{endpoint_id}").status_code == 404
    assert Endpoint.objects.get().is_active


def test_webhooks_need_their_scope(world, api_for):
    reader = api_for(world.employer, scopes=["referrals:read"])
    assert reader.get("/api/v1/webhooks").status_code == 403
