import pytest
from django.core.cache import cache
from django.utils import translation

from tamkeen.api.services import api_client_create


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    cache.clear()
    yield
    cache.clear()
    # Requests made in English leave English active on this thread; later tests expect the default.
    translation.deactivate()


class ApiCaller:
    """A partner system: a client of one entity with a token, speaking JSON to /api/v1."""

    def __init__(self, client, api_client, secret, language="en"):
        self.http = client
        self.api_client = api_client
        self.secret = secret
        self.language = language
        self.token = None

    def get_token(self):
        response = self.http.post(
            "/api/v1/token",
            {
                "grant_type": "client_credentials",
                "client_id": self.api_client.client_id,
                "client_secret": self.secret,
            },
        )
        assert response.status_code == 200, response.content
        self.token = response.json()["access_token"]
        return self.token

    def headers(self, **extra):
        if self.token is None:
            self.get_token()
        return {
            "Authorization": f"Bearer {self.token}",
            "Accept-Language": self.language,
            **{k.replace("_", "-"): v for k, v in extra.items()},
        }

    def get(self, path, **params):
        return self.http.get(path, params, headers=self.headers())

    def post(self, path, body=None, **headers):
        return self.http.post(
            path,
            body if body is not None else {},
            content_type="application/json",
            headers=self.headers(**headers),
        )

    def patch(self, path, body, **headers):
        return self.http.patch(path, body, content_type="application/json", headers=self.headers(**headers))

    def delete(self, path, **headers):
        return self.http.delete(path, headers=self.headers(**headers))


@pytest.fixture
def api_for(client):
    """api_for(entity, scopes=None) -> an ApiCaller holding a fresh client of that entity."""

    def make(entity=None, scopes=None, verifier_name="", **fields):
        api_client, secret = api_client_create(
            actor=None, entity=entity, verifier_name=verifier_name, scopes=scopes
        )
        for name, value in fields.items():
            setattr(api_client, name, value)
        if fields:
            api_client.save(update_fields=list(fields))
        return ApiCaller(client, api_client, secret)

    return make
