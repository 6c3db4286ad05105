"""Writes of the API app: clients (create, rotate, revoke) and tokens. Every client change is audited."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.accounts.models import Role, User
from tamkeen.api.models import ENTITY_SCOPES, VERIFIER_SCOPES, AccessToken, ApiClient, digest
from tamkeen.core.audit import audit_record

TOKEN_SECONDS = 3600


class ApiClientError(ValueError):
    code = "invalid_client"


class UnknownScope(ApiClientError):
    code = "invalid_scope"


def new_secret() -> str:
    return "cs_" + secrets.token_urlsafe(32)


def token_seconds() -> int:
    return min(int(getattr(settings, "TAMKEEN_API_TOKEN_SECONDS", TOKEN_SECONDS)), TOKEN_SECONDS)


def can_manage_clients(actor, entity) -> bool:
    """Partner staff manage their own entity's clients; regional managers and administrators any entity's. The
    national manager reads every region's entities and manages none of them, their clients included."""
    if actor is None:
        return True  # the command line, run by whoever operates the platform
    if actor.is_partner:
        return entity is not None and actor.entity_id == entity.pk
    return (actor.is_manager and not actor.is_national_manager) or actor.is_administrator


def clean_scopes(scopes, *, verifier: bool) -> list[str]:
    allowed = VERIFIER_SCOPES if verifier else ENTITY_SCOPES
    if not scopes:
        return list(allowed)
    chosen = [s.strip() for s in scopes if s.strip()]
    unknown = [s for s in chosen if s not in allowed]
    if unknown:
        raise UnknownScope(_("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    return [s for s in allowed if s in chosen]


@transaction.atomic
def api_client_create(
    *, actor, entity=None, verifier_name: str = "", scopes=None, name: str = ""
) -> tuple[ApiClient, str]:
    """A new client and its secret; the secret is returned once and kept only as a hash."""
    verifier_name = verifier_name.strip()
    if (entity is None) == (not verifier_name):
        raise ApiClientError(_("A client belongs to one entity, or is the verifying body's."))
    if entity is not None and not can_manage_clients(actor, entity):
        raise PermissionDenied
    if entity is None and actor is not None and not actor.is_administrator:
        raise PermissionDenied
    chosen = clean_scopes(scopes, verifier=entity is None)
    secret = new_secret()
    client = ApiClient(
        name=(name.strip() or (entity.code if entity is not None else verifier_name))[:120],
        entity=entity,
        verifier_name=verifier_name[:120],
        scopes=chosen,
        secret_hash=digest(secret),
        created_by=actor,
    )
    if entity is not None:
        # The service account through which the client acts: partner staff of its entity, without a password.
        user = User(
            username=f"api.{client.client_id}", role=Role.PARTNER, entity=entity, first_name=client.name
        )
        user.set_unusable_password()
        user.save()
        client.user = user
    client.save()
    audit_record(
        actor=actor,
        action="api_client.create",
        obj=client,
        changes={"client_id": [None, client.client_id], "scopes": [None, chosen]},
    )
    return client, secret


@transaction.atomic
def api_client_rotate(*, actor, client: ApiClient) -> str:
    """A new secret; the old one and every token it obtained stop working at once."""
    if not can_manage_clients(actor, client.entity):
        raise PermissionDenied
    if client.revoked_at is not None:
        raise ApiClientError(_("This client has been revoked."))
    secret = new_secret()
    client.secret_hash = digest(secret)
    client.rotated_at = timezone.now()
    client.save(update_fields=["secret_hash", "rotated_at", "updated_at"])
    client.tokens.all().delete()
    audit_record(actor=actor, action="api_client.rotate", obj=client)
    return secret


@transaction.atomic
def api_client_revoke(*, actor, client: ApiClient) -> ApiClient:
    if not can_manage_clients(actor, client.entity):
        raise PermissionDenied
    if client.revoked_at is not None:
        return client
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at", "updated_at"])
    client.tokens.all().delete()
    if client.user_id:
        User.objects.filter(pk=client.user_id).update(is_active=False)
    audit_record(actor=actor, action="api_client.revoke", obj=client, changes={"revoked": [False, True]})
    return client


def client_authenticate(client_id: str, client_secret: str) -> ApiClient | None:
    client = ApiClient.objects.select_related("entity", "user").filter(client_id=client_id).first()
    if client is None or not secrets.compare_digest(client.secret_hash, digest(client_secret)):
        return None
    return client if client.is_active else None


@transaction.atomic
def token_issue(*, client: ApiClient) -> tuple[str, int]:
    seconds = token_seconds()
    raw = "at_" + secrets.token_urlsafe(32)
    now = timezone.now()
    AccessToken.objects.create(
        client=client, token_hash=digest(raw), created_at=now, expires_at=now + timedelta(seconds=seconds)
    )
    # Expired tokens of this client are of no use to anyone.
    AccessToken.objects.filter(client=client, expires_at__lt=now).delete()
    return raw, seconds


def token_client(raw: str) -> ApiClient | None:
    """The active client a bearer token belongs to, or None (unknown, expired, revoked or suspended)."""
    if not raw:
        return None
    token = (
        AccessToken.objects.select_related("client__entity", "client__user")
        .filter(token_hash=digest(raw), expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.client.is_active:
        return None
    return token.client
