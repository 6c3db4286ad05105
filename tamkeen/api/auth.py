"""Bearer tokens of the OAuth 2.0 client-credentials flow, one scope per operation, and per-client rate limits."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security.base import AuthBase

from tamkeen.api.models import SCOPE_DESCRIPTIONS
from tamkeen.api.problems import ApiProblem
from tamkeen.api.services import token_client

TOKEN_URL = "/api/v1/token"
DEFAULT_REQUESTS_PER_MINUTE = 600


def bearer_token(request: HttpRequest) -> str:
    scheme, _sep, raw = request.headers.get("Authorization", "").partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


def rate_check(client) -> None:
    """A fixed one-minute window per client, counted in the shared cache (Redis in production)."""
    limit = client.requests_per_minute or getattr(
        settings, "TAMKEEN_API_REQUESTS_PER_MINUTE", DEFAULT_REQUESTS_PER_MINUTE
    )
    now = time.time()
    window = int(now // 60)
    key = f"tamkeen:api:rate:{client.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        retry_after = max(1, 60 - int(now % 60))
        raise ApiProblem(
            429,
            "rate_limited",
            _("This client may send %(limit)s requests a minute; try again in %(seconds)s seconds.")
            % {"limit": limit, "seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


class ClientCredentials(AuthBase):
    """One instance per scope; the OpenAPI document names the scope on each operation."""

    openapi_type = "oauth2"
    openapi_description = "OAuth 2.0 client credentials: POST /api/v1/token, then `Authorization: Bearer …`."
    openapi_flows = {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": dict(SCOPE_DESCRIPTIONS)}}

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest):
        raw = bearer_token(request)
        if not raw:
            raise ApiProblem(401, "unauthenticated")
        client = token_client(raw)
        if client is None:
            raise ApiProblem(
                401, "invalid_token", _("The bearer token is unknown, expired or revoked; get a new one.")
            )
        request.api_client = client
        rate_check(client)
        if self.scope not in client.scopes:
            raise ApiProblem(
                403,
                "insufficient_scope",
                _("This client lacks the scope %(scope)s.") % {"scope": self.scope},
            )
        return client


_instances: dict[str, ClientCredentials] = {}


def requires(scope: str) -> ClientCredentials:
    if scope not in _instances:
        _instances[scope] = ClientCredentials(scope)
    return _instances[scope]
