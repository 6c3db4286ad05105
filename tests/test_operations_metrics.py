"""Prometheus reads the platform's figures at /metrics/, and nobody else can: requests by view with their
latency, the task queue, roll imports by status and the outbox by channel. The health page covers the cache."""

import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tamkeen.registry.services import roll_import_start

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-0f9e8d7c6b5a"


def scrape(client, **headers):
    return client.get("/metrics/", headers=headers)


def sample(text: str, prefix: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(prefix))
    return float(line.rsplit(" ", 1)[1])


def test_metrics_are_a_404_without_the_token_or_an_allowed_address(client, settings):
    settings.TAMKEEN_METRICS_TOKEN = TOKEN
    settings.TAMKEEN_METRICS_ALLOWED_IPS = []
    assert scrape(client).status_code == 404
    assert scrape(client, Authorization="Bearer wrong").status_code == 404
    assert scrape(client, Authorization=f"Bearer {TOKEN}").status_code == 200
    settings.TAMKEEN_METRICS_TOKEN = ""
    assert scrape(client, Authorization="Bearer ").status_code == 404  # an unset token opens nothing
    settings.TAMKEEN_METRICS_ALLOWED_IPS = ["127.0.0.1"]  # the test client's address
    assert scrape(client).status_code == 200


def test_a_scrape_counts_requests_by_view_and_reads_the_queue_imports_and_outbox(
    world, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TAMKEEN_METRICS_TOKEN = TOKEN
    settings.PRIVATE_FILES_ROOT = tmp_path
    before = scrape(client, Authorization=f"Bearer {TOKEN}").content.decode()
    health = 'tamkeen_http_requests_total{method="GET",status="200",view="core:health"}'
    counted_before = sample(before, health) if health in before else 0
    client.get("/health/")
    with django_capture_on_commit_callbacks(execute=True):
        roll_import_start(
            actor=world.supervisor_sby,
            upload=SimpleUploadedFile(
                "roll.csv", b"file_number,office_code,national_id\n700001,SBY,1000000008\n"
            ),
        )
    text = scrape(client, Authorization=f"Bearer {TOKEN}").content.decode()
    assert sample(text, health) == counted_before + 1
    assert 'tamkeen_http_request_duration_seconds_bucket{le="0.15",method="GET",view="core:health"}' in text
    assert sample(text, "tamkeen_tasks_waiting ") == 1
    assert sample(text, "tamkeen_tasks_oldest_waiting_seconds ") >= 0
    assert sample(text, 'tamkeen_roll_imports{status="queued"}') == 1
    assert sample(text, 'tamkeen_roll_imports{status="failed"}') == 0
    assert 'tamkeen_outbox_messages{channel="sms",status="queued"}' in text
    assert world.head_sby.national_id not in text and "supervisor" not in text


def test_gunicorn_workers_counts_add_up_in_multiprocess_mode(tmp_path):
    """Two worker processes count requests into the shared directory; the scrape in a third sees both."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    count = (
        "import django; django.setup(); from tamkeen.core.metrics import observe_request; "
        "observe_request('reports:dashboard', 'GET', 200, 0.12)"
    )
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    read = (
        "import django; django.setup(); from prometheus_client import CollectorRegistry, generate_latest, "
        "multiprocess; r = CollectorRegistry(); multiprocess.MultiProcessCollector(r); "
        "print(generate_latest(r).decode())"
    )
    text = subprocess.run(
        [sys.executable, "-c", read], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert (
        sample(text, 'tamkeen_http_requests_total{method="GET",status="200",view="reports:dashboard"}') == 2
    )


def test_health_is_down_when_the_cache_cannot_be_reached(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "tamkeen.core.rediscache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable" and response.json()["database"] == "ok"


def test_health_checks_redis_when_it_is_configured(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "tamkeen.core.rediscache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
        }
    }
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok" and response.json()["status"] == "ok"
