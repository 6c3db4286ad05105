"""Khalid's home keeps its quieter queues (correction requests, failed imports, possible duplicates, appointments,
grievances) in the cache between the writes that change them: each write shows on his very next page, a row
that left a queue by a path the cache does not hear of is never shown, and a queue that moves with the clock
follows it within its minute."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tamkeen.core import queue_cache
from tamkeen.dedup.models import DuplicateCandidate
from tamkeen.dedup.services import candidates_propose
from tamkeen.dedup.tests.factories import make_duplicate_of
from tamkeen.privacy.models import CorrectionRequest
from tamkeen.privacy.services import correction_request_create
from tamkeen.registry import services as registry_services
from tamkeen.registry.models import RollImport

pytestmark = pytest.mark.django_db


def home_queue(client, key: str) -> tuple[int, list[str]]:
    queue = {q.key: q for q in client.get("/").context["queues"]}[key]
    return queue.count, [item.label for item in queue.items]


def test_a_correction_request_shows_at_once_and_a_decided_one_never_shows(
    world, client_for, django_capture_on_commit_callbacks
):
    khalid = client_for(world.supervisor_sby)
    assert home_queue(khalid, "privacy-corrections") == (0, [])  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        request = correction_request_create(
            actor=world.worker_sby, member=world.head_sby, field="phone", proposed_value="0551112233"
        )
    assert home_queue(khalid, "privacy-corrections") == (1, [str(world.head_sby)])
    # Decided behind the services' back (no save signal): the row is read through the queue's test, so it goes.
    CorrectionRequest.objects.filter(pk=request.pk).update(status=CorrectionRequest.Status.REJECTED)
    assert home_queue(khalid, "privacy-corrections")[1] == []


def test_a_failed_import_shows_at_once(world, client_for, django_capture_on_commit_callbacks):
    khalid = client_for(world.supervisor_sby)
    assert home_queue(khalid, "registry-failed-imports") == (0, [])  # now cached
    upload = SimpleUploadedFile("roll-sabya.csv", b"\x00\x01\x02binary")
    roll_import = registry_services.roll_import_start(actor=world.supervisor_sby, upload=upload)
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.roll_import_run(roll_import=roll_import)  # the status is written by update()
    assert RollImport.objects.get().status == RollImport.Status.FAILED
    assert home_queue(khalid, "registry-failed-imports") == (1, ["roll-sabya.csv"])


def test_pairs_proposed_in_bulk_show_at_once(world, client_for, django_capture_on_commit_callbacks):
    khalid = client_for(world.supervisor_sby)
    assert home_queue(khalid, "dedup-pending") == (0, [])  # now cached
    twin = make_duplicate_of(world.head_sby)
    with django_capture_on_commit_callbacks(execute=True):
        candidates_propose(actor=None, pairs=[(world.head_sby.pk, twin.pk, 0.97, {})])  # bulk_create
    assert DuplicateCandidate.objects.count() == 1
    assert home_queue(khalid, "dedup-pending")[0] == 1


def test_empty_queues_cost_no_statement_once_cached(world, client_for):
    khalid = client_for(world.supervisor_sby)
    khalid.get("/")
    with CaptureQueriesContext(connection) as page:
        khalid.get("/")
    tables = ("privacy_correctionrequest", "registry_rollimport", "appointments_appointment", "dedup_")
    assert not [q["sql"] for q in page.captured_queries if any(table in q["sql"] for table in tables)]


def test_a_queue_that_moves_with_the_clock_is_counted_again_each_minute(monkeypatch):
    counted = []

    def compute():
        counted.append(1)
        return len(counted), []

    def at(seconds):
        monkeypatch.setattr(queue_cache.time, "time", lambda: seconds)
        return queue_cache.cached("clock", 7, date(2026, 11, 30), (CorrectionRequest,), compute, seconds=60)

    assert at(6_000) == (1, []) and at(6_059) == (1, [])  # the same minute: from the cache
    assert at(6_060) == (2, [])  # the next minute: counted again


def test_touching_a_model_inside_a_transaction_renews_its_queues_now_and_at_the_commit(
    django_capture_on_commit_callbacks,
):
    day = date(2026, 11, 30)
    values = iter(range(10))
    first = queue_cache.cached("touch", 1, day, (RollImport,), lambda: next(values))
    assert queue_cache.cached("touch", 1, day, (RollImport,), lambda: next(values)) == first
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_cache.touch(RollImport)
        during = queue_cache.cached("touch", 1, day, (RollImport,), lambda: next(values))
    assert during != first and len(callbacks) == 1
    callbacks[0]()  # the commit
    assert queue_cache.cached("touch", 1, day, (RollImport,), lambda: next(values)) not in (first, during)
