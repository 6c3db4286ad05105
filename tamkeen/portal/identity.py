"""Identity providers: the ways a beneficiary proves who they are. ``TAMKEEN_IDENTITY_PROVIDERS`` lists them:

    TAMKEEN_IDENTITY_PROVIDERS = {
        "otp": {"CLASS": "tamkeen.portal.identity.OneTimeCodeProvider"},
        "nafath": {                      # any name; shown as a button on the sign-in page
            "CLASS": "tamkeen.portal.identity.OpenIDConnectProvider",
            "LABEL": "National single sign-on",
            "ISSUER": "https://sso.example.gov.sa",
            "CLIENT_ID": "...", "CLIENT_SECRET": "...",
            "SCOPES": "openid national_id",
            "NATIONAL_ID_CLAIM": "national_id",
        },
    }

Every provider ends in ``sign_in_member()``: the member must be of working age; their account is created on
first use and the session is opened with the portal's own backend, never the staff password backend.
See docs/portal.md.
"""

import base64
import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from tamkeen.registry.models import Member

from . import rules

PORTAL_BACKEND = "tamkeen.portal.backends.PortalBackend"


class IdentityProvider:
    label = ""

    def __init__(self, name: str, options: dict):
        self.name = name
        self.options = options
        self.label = options.get("LABEL") or self.label

    def start_url(self) -> str:
        raise NotImplementedError


class OneTimeCodeProvider(IdentityProvider):
    """A code by SMS to the mobile the registry holds (or the member verified); the page is /portal/login/."""

    label = _("A code by SMS")

    def start_url(self) -> str:
        return reverse("portal:login")


class OpenIDConnectProvider(IdentityProvider):
    """The authorisation-code flow with PKCE against a national single sign-on. The token endpoint's ID token must
    be for this client and this sign-in (issuer, audience, nonce, expiry); the national ID comes from the userinfo
    endpoint (or the ID token), read with the access token this server obtained directly from the token endpoint,
    and the userinfo's subject must be the ID token's."""

    label = _("National single sign-on")

    def start_url(self) -> str:
        return reverse("portal:oidc_start", args=[self.name])

    def _metadata(self) -> dict:
        issuer = self.options["ISSUER"].rstrip("/")
        with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=10) as response:
            return json.loads(response.read())

    def authorization_redirect(self, request) -> str:
        verifier = secrets.token_urlsafe(48)
        state = secrets.token_urlsafe(24)
        nonce = secrets.token_urlsafe(24)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        request.session[f"oidc:{self.name}"] = {"state": state, "verifier": verifier, "nonce": nonce}
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.options["CLIENT_ID"],
                "redirect_uri": request.build_absolute_uri(reverse("portal:oidc_callback", args=[self.name])),
                "scope": self.options.get("SCOPES", "openid"),
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{self._metadata()['authorization_endpoint']}?{query}"

    def national_id_from_callback(self, request) -> str | None:
        """The national ID the provider vouches for, or None for anything wrong (never an error page: the
        member is sent back to sign-in)."""
        pending = request.session.pop(f"oidc:{self.name}", None)
        if not pending or not secrets.compare_digest(request.GET.get("state", ""), pending["state"]):
            return None
        if not request.GET.get("code"):
            return None
        try:
            return self._exchange(request, pending)
        except (urllib.error.URLError, ValueError, KeyError, TypeError):
            return None

    def _exchange(self, request, pending: dict) -> str | None:
        metadata = self._metadata()
        if metadata.get("issuer", "").rstrip("/") != self.options["ISSUER"].rstrip("/"):
            return None
        form = urllib.parse.urlencode(
            {
                "grant_type": "authorization_code",
                "code": request.GET["code"],
                "redirect_uri": request.build_absolute_uri(reverse("portal:oidc_callback", args=[self.name])),
                "client_id": self.options["CLIENT_ID"],
                "client_secret": self.options.get("CLIENT_SECRET", ""),
                "code_verifier": pending["verifier"],
            }
        ).encode()
        token_request = urllib.request.Request(metadata["token_endpoint"], data=form, method="POST")
        with urllib.request.urlopen(token_request, timeout=10) as response:
            tokens = json.loads(response.read())
        id_claims = self._id_token_claims(
            tokens.get("id_token", ""), metadata["issuer"], pending.get("nonce")
        )
        if id_claims is None:
            return None
        userinfo = urllib.request.Request(
            metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
        with urllib.request.urlopen(userinfo, timeout=10) as response:
            claims = json.loads(response.read())
        if claims.get("sub") != id_claims.get("sub"):
            return None  # OpenID Connect Core 5.3.2: the userinfo must be about the person who signed in
        claim = self.options.get("NATIONAL_ID_CLAIM", "national_id")
        value = claims.get(claim) or id_claims.get(claim)
        return rules.clean_typed_digits(str(value)) if value else None

    def _id_token_claims(self, token: str, issuer: str, nonce: str | None) -> dict | None:
        """The ID token's claims when they are for this client and this sign-in. Its signature is not checked: it
        came straight from the token endpoint over TLS, which OpenID Connect Core 3.1.3.7 allows instead."""
        try:
            payload = token.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (IndexError, ValueError):
            return None
        if not isinstance(claims, dict):
            return None
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        expires = claims.get("exp")
        if (
            claims.get("iss") != issuer
            or self.options["CLIENT_ID"] not in audiences
            or not isinstance(expires, int | float)
            or expires < time.time()
            or not nonce
            or claims.get("nonce") != nonce
            or not claims.get("sub")
        ):
            return None
        return claims


def providers() -> dict[str, IdentityProvider]:
    configured = getattr(
        settings, "TAMKEEN_IDENTITY_PROVIDERS", {"otp": {"CLASS": f"{__name__}.OneTimeCodeProvider"}}
    )
    found = {}
    for name, options in configured.items():
        cls = import_string(options["CLASS"])
        if not issubclass(cls, IdentityProvider):
            raise ImproperlyConfigured(f"{options['CLASS']} is not an identity provider.")
        found[name] = cls(name, options)
    return found


def provider(name: str) -> IdentityProvider | None:
    return providers().get(name)


def member_for_national_id(national_id: str) -> Member | None:
    """The member a provider vouched for, when the programme serves them (working age)."""
    member = Member.objects.filter(national_id=national_id).first()
    if member is None or not rules.is_of_working_age(member.birth_date, timezone.localdate()):
        return None
    return member


def sign_in_member(request, member: Member, provider_name: str):
    from .services import beneficiary_user_ensure

    user = beneficiary_user_ensure(member=member)
    login(request, user, backend=PORTAL_BACKEND)
    request.session["portal_provider"] = provider_name
    request.session.set_expiry(getattr(settings, "TAMKEEN_PORTAL_IDLE_MINUTES", rules.IDLE_MINUTES) * 60)
    return user
