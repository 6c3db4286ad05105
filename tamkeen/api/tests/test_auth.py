"""Hind's training institute connects its system: a client, a token, and what happens when things go wrong."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tamkeen.api.models import AccessToken, ApiClient, digest
from tamkeen.api.services import api_client_revoke, api_client_rotate
from tamkeen.core.models import AuditEvent


def test_the_command_creates_a_client_whose_secret_is_shown_once_and_kept_hashed(world, capsys):
    call_command("api_client", "create", "--entity", "trn-demo", "--scopes", "referrals:read,referrals:write")
    printed = json.loads(capsys.readouterr().out.strip())
    assert set(printed) == {"client_id", "client_secret", "entity", "scopes"}
    assert printed["entity"] == "TRN-DEMO"
    assert printed["scopes"] == ["referrals:read", "referrals:write"]
    client = ApiClient.objects.get(client_id=printed["client_id"])
    assert client.secret_hash == digest(printed["client_secret"])
    assert printed["client_secret"] not in json.dumps(list(ApiClient.objects.values()), default=str)
    assert client.user.entity == world.trainer and client.user.is_partner
    assert not client.user.has_usable_password()
    assert AuditEvent.objects.filter(action="api_client.create", object_id=str(client.pk)).exists()


def test_the_verifier_client_has_employment_write_alone_and_no_entity(world, capsys):
    call_command("api_client", "create", "--verifier", "GOSI")
    printed = json.loads(capsys.readouterr().out.strip())
    assert printed["entity"] is None and printed["scopes"] == ["employment:write"]
    assert ApiClient.objects.get(client_id=printed["client_id"]).user is None


@pytest.mark.parametrize(
    "args",
    [
        ["--entity", "NO-SUCH"],
        ["--entity", "TRN-DEMO", "--scopes", "referrals:read,registry:read"],
        ["--verifier", "GOSI", "--scopes", "referrals:read"],
    ],
)
def test_an_unknown_entity_or_scope_exits_2_and_creates_nothing(world, args):
    with pytest.raises(SystemExit) as exit_:
        call_command("api_client", "create", *args)
    assert exit_.value.code == 2
    assert not ApiClient.objects.exists()


def test_token_with_form_fields_lives_at_most_an_hour_and_is_stored_hashed(world, api_for, client):
    api = api_for(world.trainer)
    response = client.post(
        "/api/v1/token",
        {
            "grant_type": "client_credentials",
            "client_id": api.api_client.client_id,
            "client_secret": api.secret,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and 0 < body["expires_in"] <= 3600
    assert response["Cache-Control"] == "no-store"
    token = AccessToken.objects.get()
    assert token.token_hash == digest(body["access_token"])
    assert token.expires_at <= timezone.now() + timedelta(seconds=3600)


def test_a_wrong_secret_is_401_problem_in_arabic_by_default(world, api_for, client):
    api = api_for(world.trainer)
    response = client.post(
        "/api/v1/token",
        {"grant_type": "client_credentials", "client_id": api.api_client.client_id, "client_secret": "nope"},
    )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "invalid_client" and body["status"] == 401
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["title"] + body["detail"])


def test_english_when_asked(world, api_for, client):
    api = api_for(world.trainer)
    response = client.post(
        "/api/v1/token",
        {"grant_type": "client_credentials", "client_id": api.api_client.client_id, "client_secret": "x"},
        headers={"Accept-Language": "en"},
    )
    assert response.json()["title"] == "Authentication required"


def test_an_unsupported_grant_is_refused(world, api_for, client):
    api = api_for(world.trainer)
    response = client.post(
        "/api/v1/token",
        {"grant_type": "password", "client_id": api.api_client.client_id, "client_secret": api.secret},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_grant_type"


def test_revocation_ends_the_client_and_its_tokens_at_once(world, api_for):
    api = api_for(world.trainer)
    assert api.get("/api/v1/referrals").status_code == 200
    api_client_revoke(actor=world.partner_trainer, client=api.api_client)
    response = api.get("/api/v1/referrals")
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"
    again = api.http.post(
        "/api/v1/token",
        {
            "grant_type": "client_credentials",
            "client_id": api.api_client.client_id,
            "client_secret": api.secret,
        },
    )
    assert again.status_code == 401
    assert AuditEvent.objects.filter(action="api_client.revoke", actor=world.partner_trainer).exists()


def test_rotation_replaces_the_secret_and_ends_the_old_tokens(world, api_for):
    api = api_for(world.trainer)
    assert api.get("/api/v1/referrals").status_code == 200
    new_secret = api_client_rotate(actor=world.partner_trainer, client=api.api_client)
    assert api.get("/api/v1/referrals").status_code == 401
    api.secret = new_secret
    api.get_token()
    assert api.get("/api/v1/referrals").status_code == 200


def test_partner_staff_of_another_entity_cannot_revoke(world, api_for):
    from django.core.exceptions import PermissionDenied

    api = api_for(world.trainer)
    with pytest.raises(PermissionDenied):
        api_client_revoke(actor=world.partner_employer, client=api.api_client)


def test_an_expired_token_is_refused(world, api_for):
    api = api_for(world.trainer)
    api.get_token()
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("/api/v1/referrals").status_code == 401


def test_no_token_and_a_bad_token_are_401_problems(world, client):
    response = client.get("/api/v1/referrals")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")
    response = client.get("/api/v1/referrals", headers={"Authorization": "Bearer at_forged"})
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"


def test_a_missing_scope_is_403(world, api_for):
    api = api_for(world.trainer, scopes=["opportunities:read"])
    response = api.get("/api/v1/referrals")
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"


def test_a_suspended_entity_s_tokens_stop_working(world, api_for):
    api = api_for(world.trainer)
    assert api.get("/api/v1/referrals").status_code == 200
    type(world.trainer).objects.filter(pk=world.trainer.pk).update(is_active=False)
    assert api.get("/api/v1/referrals").status_code == 401


def test_rate_limit_is_per_client_with_retry_after(world, api_for, monkeypatch):
    from types import SimpleNamespace

    from tamkeen.api import auth

    # One fixed moment, 20 seconds into a minute: the window cannot roll over during the test.
    monkeypatch.setattr(auth, "time", SimpleNamespace(time=lambda: 1_800_000_020.0))
    limited = api_for(world.trainer, requests_per_minute=3)
    other = api_for(world.trainer)
    statuses = [limited.get("/api/v1/referrals").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = limited.get("/api/v1/referrals")
    assert response.json()["code"] == "rate_limited"
    assert response["Retry-After"] == "40"
    assert other.get("/api/v1/referrals").status_code == 200


def test_unknown_paths_and_wrong_methods_under_the_api_are_problems(world, api_for, client):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"
    response = client.put("/api/v1/token")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_the_openapi_document_is_public_and_every_operation_is_described(world, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    for path, methods in document["paths"].items():
        assert not path.endswith("/"), path
        for method, operation in methods.items():
            where = f"{method} {path}"
            assert operation.get("operationId"), where
            assert operation.get("summary"), where
            assert "security" in operation, where
            assert (
                "200" in operation["responses"]
                or "201" in operation["responses"]
                or "204" in operation["responses"]
            ), where
    schemes = document["components"]["securitySchemes"]
    assert schemes["ClientCredentials"]["flows"]["clientCredentials"]["tokenUrl"] == "/api/v1/token"


def test_the_docs_page_uses_no_cdn_and_no_inline_script(world, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
