"""Every example of docs/api.md, run as written against a live server."""

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from tamkeen.api.services import api_client_create
from tamkeen.api.tests.stories import referral_stories
from tamkeen.webhooks import signing

pytestmark = pytest.mark.django_db(transaction=True)

GUIDE = Path(settings.BASE_DIR) / "docs" / "api.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)


def bash(script: str, **env) -> dict:
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_curl_examples_take_a_token_read_the_inbox_and_accept(world, live_server):
    stories = referral_stories(world)
    client, secret = api_client_create(actor=None, entity=world.trainer)
    token_block, inbox_block, accept_block = blocks("bash")
    base = {"TAMKEEN_URL": live_server.url, "CLIENT_ID": client.client_id, "CLIENT_SECRET": secret}

    token = bash(token_block, **base)
    assert token["token_type"] == "Bearer" and token["expires_in"] <= 3600

    inbox = bash(inbox_block, **base, TOKEN=token["access_token"])
    references = [r["reference"] for r in inbox["results"]]
    assert stories["to_trainer"].public_id in references
    assert stories["to_employer"].public_id not in references

    reference = stories["to_trainer"].public_id
    accepted = bash(accept_block, **base, TOKEN=token["access_token"], REFERENCE=reference)
    assert accepted["status"] == "accepted"
    again = bash(accept_block, **base, TOKEN=token["access_token"], REFERENCE=reference)
    assert again == accepted  # the idempotency key makes the retry harmless


def _delivery(secret: str, body: bytes) -> dict:
    return signing.headers(secret, "msg_2b8c0c1d", int(time.time()), body)


@pytest.mark.parametrize("index", [0, 1])
def test_the_python_examples_verify_a_tamkeen_signature_and_refuse_a_forgery(index):
    namespace: dict = {}
    exec(blocks("python")[index], namespace)  # the guide's own code
    secret = signing.new_secret()
    body = (
        b'{"type":"referral.sent","timestamp":"2026-11-30T10:00:00+03:00","data":{"reference":"R-7KQ2M9XA"}}'
    )
    headers = _delivery(secret, body)
    tampered = body.replace(b"R-7KQ2M9XA", b"R-XXXXXXXX")
    if index == 0:
        assert namespace["handle"](secret, headers, body)["data"]["reference"] == "R-7KQ2M9XA"
        with pytest.raises(PermissionError):
            namespace["handle"](secret, headers, tampered)
        with pytest.raises(PermissionError):
            namespace["handle"](signing.new_secret(), headers, body)
    else:
        assert namespace["verify"](secret, headers, body) is True
        assert namespace["verify"](secret, headers, tampered) is False
        assert namespace["verify"](signing.new_secret(), headers, body) is False
