"""With a read replica configured, the manager's reports and a partner system's API reads go to it; the case
worker's pages, every write, and who-is-asking (sessions, users, API tokens) stay on the primary.

The end-to-end test runs in its own pytest process with DATABASE_REPLICA_URL set: the replica alias is a test
mirror of the default database (the same data, a second connection), as Django's test runner sets it up."""

import os
import subprocess
import sys

import pytest
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tamkeen.accounts.models import User
from tamkeen.core import replica
from tamkeen.core.replica import ReplicaRouter, reads_from_replica, routed_to_replica
from tamkeen.registry.models import Household

REPLICA_CONFIGURED = "replica" in connections.databases


def test_the_router_reads_from_the_replica_only_when_asked_and_configured(monkeypatch):
    router = ReplicaRouter()
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    assert router.db_for_read(Household) == "default"
    with reads_from_replica():
        assert router.db_for_read(Household) == "replica"
        assert router.db_for_read(User) == "default"  # who is asking: never from a copy that may lag
        assert router.db_for_write(Household) == "default"
    assert router.db_for_read(Household) == "default"
    assert router.allow_migrate("replica", "registry") is False
    monkeypatch.setattr(replica, "replica_configured", lambda: False)
    with reads_from_replica():
        assert router.db_for_read(Household) == "default"  # no replica: everything on the primary


def test_the_partner_apis_reads_and_the_reports_gets_are_the_requests_routed_to_the_replica():
    factory = RequestFactory()
    assert routed_to_replica(factory.get("/api/v1/opportunities"))
    assert not routed_to_replica(factory.post("/api/v1/referrals"))
    report = factory.get("/reports/")
    report.resolver_match = type("Match", (), {"namespace": "reports"})()
    assert routed_to_replica(report)
    page = factory.get("/registry/")
    page.resolver_match = type("Match", (), {"namespace": "registry"})()
    assert not routed_to_replica(page)


def test_with_a_replica_mirror_reports_read_from_it_and_other_pages_do_not():
    env = {**os.environ, "DATABASE_REPLICA_URL": os.environ.get("DATABASE_URL") or "sqlite:///unused.sqlite3"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_reports_and_api_reads_use_the_replica",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout


@pytest.mark.skipif(not REPLICA_CONFIGURED, reason="runs in its own process with DATABASE_REPLICA_URL set")
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reports_and_api_reads_use_the_replica(client_for):
    from tests.personas import build_world

    world = build_world()
    client = client_for(world.manager)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert len(on_replica) > 0
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        case_worker = client_for(world.worker_sby)
        assert (
            case_worker.get(reverse("registry:household", args=[world.household_sby.pk])).status_code == 200
        )
    assert len(on_replica) == 0
