"""Hind manages her institute's API clients and webhook endpoints on the web."""

import re

from tamkeen.api.models import ApiClient, digest
from tamkeen.core.models import AuditEvent
from tamkeen.webhooks.models import Endpoint


def test_hind_creates_a_client_sees_its_secret_once_then_revokes_it(world, client_for):
    client = client_for(world.partner_trainer)
    response = client.post("/api-clients/", {"name": "LMS", "scopes": ["referrals:read", "outcomes:write"]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    created = ApiClient.objects.get()
    secret = re.search(r"<code>(cs_[^<]+)</code>", response.content.decode()).group(1)
    assert created.secret_hash == digest(secret) and created.entity == world.trainer
    assert created.scopes == ["referrals:read", "outcomes:write"]
    assert secret not in client.get("/api-clients/").content.decode()
    response = client.post(f"/api-clients/{created.client_id}/rotate/")
    new_secret = re.search(r"<code>(cs_[^<]+)</code>", response.content.decode()).group(1)
    created.refresh_from_db()
    assert new_secret != secret and created.secret_hash == digest(new_secret)
    client.post(f"/api-clients/{created.client_id}/revoke/")
    created.refresh_from_db()
    assert created.revoked_at is not None
    actions = set(AuditEvent.objects.filter(actor=world.partner_trainer).values_list("action", flat=True))
    assert {"api_client.create", "api_client.rotate", "api_client.revoke"} <= actions


def test_the_clients_page_shows_only_the_entity_s_clients(world, client_for):
    from tamkeen.api.services import api_client_create

    theirs, _ = api_client_create(actor=None, entity=world.employer, name="HR system")
    page = client_for(world.partner_trainer).get("/api-clients/").content.decode()
    assert theirs.client_id not in page


def test_hind_registers_an_endpoint_and_reads_its_log(world, client_for):
    client = client_for(world.partner_trainer)
    response = client.post("/webhooks/", {"url": "http://127.0.0.1:8999/hooks", "events": ["referral.sent"]})
    assert response.status_code == 200
    endpoint = Endpoint.objects.get()
    assert "whsec_" in response.content.decode() and endpoint.entity == world.trainer
    assert client.get(f"/webhooks/{endpoint.public_id}/").status_code == 200
    assert client.post(f"/webhooks/{endpoint.public_id}/delete/").status_code == 302
    assert client.get(f"/webhooks/{endpoint.public_id}/").status_code == 404


def test_a_refused_address_is_explained_on_the_form(world, client_for, settings):
    settings.IS_PRODUCTION = True
    response = client_for(world.partner_trainer).post(
        "/webhooks/", {"url": "http://127.0.0.1/hooks", "events": ["referral.sent"]}
    )
    assert response.status_code == 200
    assert not Endpoint.objects.exists()
