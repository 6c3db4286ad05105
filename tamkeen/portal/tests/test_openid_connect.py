"""The national single sign-on seam against a real (fake) OpenID Connect provider served on 127.0.0.1: discovery,
the token endpoint (checking the PKCE verifier and the client secret) with an HS256-signed ID token, and userinfo.
Muhammad signs in through it; a forged state, an ID token for another client or sign-in, a subject mismatch and a
refused code all send him back to the sign-in page."""

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user

pytestmark = pytest.mark.django_db
CLIENT_ID, CLIENT_SECRET = "tamkeen-portal", "s3cret-of-the-client"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeProvider:
    """What a national sign-on does, reduced to what this seam uses. ``approve`` plays the person's consent at
    the authorization endpoint: it records which national ID the code stands for."""

    def __init__(self):
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.id_token_changes: dict = {}
        self.userinfo_sub: str | None = None
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.discovery())
                if self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    grant = provider.tokens.get(token)
                    if grant is None:
                        return self._json(401, {"error": "invalid_token"})
                    sub = provider.userinfo_sub or grant["sub"]
                    return self._json(200, {"sub": sub, "national_id": grant["national_id"]})
                return self._json(404, {})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                grant = provider.codes.pop(form.get("code"), None)
                challenge = b64(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
                if (
                    self.path != "/token"
                    or grant is None
                    or form.get("grant_type") != "authorization_code"
                    or (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET)
                    or form.get("redirect_uri") != grant["redirect_uri"]
                    or challenge != grant["code_challenge"]
                ):
                    return self._json(400, {"error": "invalid_grant"})
                access = secrets.token_urlsafe(16)
                provider.tokens[access] = grant
                return self._json(200, {"access_token": access, "token_type": "Bearer",
                                        "id_token": provider.id_token(grant)})  # fmt: skip

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "id_token_signing_alg_values_supported": ["HS256"],
        }

    def id_token(self, grant) -> str:
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "sub": grant["sub"], "nonce": grant["nonce"],
                  "iat": int(time.time()), "exp": int(time.time()) + 300, **self.id_token_changes}  # fmt: skip
        signing_input = (
            f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}.{b64(json.dumps(claims).encode())}"
        )
        signature = hmac.new(CLIENT_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{b64(signature)}"

    def approve(self, authorize_url: str, national_id: str) -> tuple[str, dict]:
        """The person signs in at the provider, which sends the browser back with a code."""
        assert authorize_url.startswith(f"{self.issuer}/authorize?")
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize_url).query))
        assert query["client_id"] == CLIENT_ID and query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(12)
        self.codes[code] = {**query, "sub": f"sub-{national_id}", "national_id": national_id}
        return code, query


@pytest.fixture
def provider(settings):
    fake = FakeProvider()
    settings.TAMKEEN_IDENTITY_PROVIDERS = {
        "otp": {"CLASS": "tamkeen.portal.identity.OneTimeCodeProvider"},
        "sso": {"CLASS": "tamkeen.portal.identity.OpenIDConnectProvider", "LABEL": "النفاذ الوطني",
                "ISSUER": fake.issuer, "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
                "SCOPES": "openid national_id", "NATIONAL_ID_CLAIM": "national_id"},
    }  # fmt: skip
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def sign_in(client, provider, national_id, *, state=None):
    start = client.get("/portal/login/sso/sso/")
    assert start.status_code == 302
    code, query = provider.approve(start["Location"], national_id)
    assert query["redirect_uri"] == "http://testserver/portal/login/sso/sso/callback/"
    return client.get("/portal/login/sso/sso/callback/", {"code": code, "state": state or query["state"]})


def test_muhammad_signs_in_through_the_national_sign_on(world, client, provider):
    assert "النفاذ الوطني" in client.get("/portal/login/").content.decode()
    response = sign_in(client, provider, world.head_sby.national_id)
    assert response["Location"] == "/portal/"
    user = get_user(client)
    world.head_sby.refresh_from_db()
    assert user.is_authenticated and user.is_beneficiary and user.pk == world.head_sby.user_id
    assert client.session["portal_provider"] == "sso"
    assert world.head_sby.first_name in client.get("/portal/").content.decode()


@pytest.mark.parametrize(
    "trouble",
    ["forged_state", "another_client", "another_sign_in", "expired", "another_subject", "refused_code"],
)
def test_anything_wrong_sends_him_back_to_sign_in(world, client, provider, trouble):
    if trouble == "another_client":
        provider.id_token_changes = {"aud": "someone-else"}
    elif trouble == "another_sign_in":
        provider.id_token_changes = {"nonce": "replayed"}
    elif trouble == "expired":
        provider.id_token_changes = {"exp": int(time.time()) - 5}
    elif trouble == "another_subject":
        provider.userinfo_sub = "sub-someone-else"
    if trouble == "refused_code":
        start = client.get("/portal/login/sso/sso/")
        state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start["Location"]).query))["state"]
        response = client.get("/portal/login/sso/sso/callback/", {"code": "never-issued", "state": state})
    else:
        response = sign_in(client, provider, world.head_sby.national_id,
                           state="forged" if trouble == "forged_state" else None)  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/portal/login/"
    assert not get_user(client).is_authenticated


def test_a_person_outside_the_programme_is_not_signed_in(world, client, provider):
    """The provider vouches for an ID the registry does not hold: same answer as any failure."""
    response = sign_in(client, provider, "1000000008")
    assert response["Location"] == "/portal/login/"
    assert not get_user(client).is_authenticated
