"""Jobs do not get stuck: uploads are capped before parsing, every task has a time limit, tasks a dead worker left
running are reclaimed (and their imports say so), and the health page shows the queue and the workers."""

import io
import json
import time
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tamkeen.core import jobs
from tamkeen.core.models import AuditEvent, WorkerHeartbeat
from tamkeen.registry.models import RollImport
from tamkeen.registry.services import roll_import_start

pytestmark = pytest.mark.django_db

ROLL = b"file_number,office_code,national_id\n700001,SBY,1000000008\n"


@task()
def sleepy() -> str:
    time.sleep(10)
    return "woke up"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def queued_roll_import(world, django_capture_on_commit_callbacks) -> tuple[RollImport, DBTaskResult]:
    with django_capture_on_commit_callbacks(execute=True):
        roll_import = roll_import_start(
            actor=world.supervisor_sby, upload=SimpleUploadedFile("roll.csv", ROLL)
        )
    return roll_import, DBTaskResult.objects.get(task_path="tamkeen.registry.tasks.run_roll_import")


def as_running(result: DBTaskResult, roll_import: RollImport, *, worker: str, minutes_ago: int) -> None:
    result.claim(worker)
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    RollImport.objects.filter(pk=roll_import.pk).update(status=RollImport.Status.RUNNING)


def reclaim() -> dict:
    out = io.StringIO()
    call_command("reclaim_tasks", stdout=out)
    return json.loads(out.getvalue())


def test_an_import_whose_worker_was_killed_is_reclaimed_not_running_forever(
    world, private_root, django_capture_on_commit_callbacks
):
    roll_import, result = queued_roll_import(world, django_capture_on_commit_callbacks)
    # A killed worker leaves its last heartbeat behind, and it grows old.
    last_beat = timezone.now() - timedelta(minutes=9)
    WorkerHeartbeat.objects.create(worker_id="killed-worker", hostname="h", pid=1, started_at=last_beat,
                                   seen_at=last_beat)  # fmt: skip
    as_running(result, roll_import, worker="killed-worker", minutes_ago=10)
    assert reclaim()["reclaimed"] == 1
    result.refresh_from_db()
    roll_import.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED and result.exception_class_path.endswith("WorkerLost")
    assert roll_import.status == RollImport.Status.FAILED and roll_import.error and roll_import.finished_at
    assert AuditEvent.objects.filter(
        action="registry.rollimport.abandoned", object_id=str(roll_import.pk)
    ).exists()
    # Asking again changes nothing.
    assert reclaim()["reclaimed"] == 0


def test_a_live_workers_task_is_left_alone_until_it_overruns_its_limit(
    world, private_root, django_capture_on_commit_callbacks, settings
):
    roll_import, result = queued_roll_import(world, django_capture_on_commit_callbacks)
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="busy", hostname="h", pid=1, started_at=now, seen_at=now)
    as_running(result, roll_import, worker="busy", minutes_ago=10)
    assert reclaim()["reclaimed"] == 0
    settings.TAMKEEN_TASK_TIME_LIMITS = {"tamkeen.registry.tasks.run_roll_import": 60}
    assert reclaim()["reclaimed"] == 1
    roll_import.refresh_from_db()
    assert roll_import.status == RollImport.Status.FAILED


def test_a_task_past_its_time_limit_is_stopped_by_the_worker(transactional_db, settings):
    from django_tasks_db.management.commands.db_worker import Worker

    settings.TAMKEEN_TASK_TIME_LIMITS = {"tests.test_jobs.sleepy": 1}
    result = sleepy.enqueue()
    stop = jobs.worker_started("time-limited")
    try:
        assert WorkerHeartbeat.objects.filter(worker_id="time-limited").exists()
        started = time.monotonic()
        Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
               max_tasks=None, worker_id="time-limited", excluded_queue_names=[]).run()  # fmt: skip
        assert time.monotonic() - started < 8
    finally:
        stop.set()
        jobs.worker_stopped()
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == TaskResultStatus.FAILED
    assert stored.exception_class_path == "tamkeen.core.jobs.TaskTimeLimitExceeded"
    assert not WorkerHeartbeat.objects.filter(worker_id="time-limited").exists()


def test_the_health_page_reports_the_database_the_queue_and_the_workers_without_personal_data(
    world, private_root, client, django_capture_on_commit_callbacks
):
    _roll_import, result = queued_roll_import(world, django_capture_on_commit_callbacks)
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - timedelta(minutes=7))
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w-1", hostname="web-1", pid=10, started_at=now, seen_at=now - timedelta(seconds=5)
    )
    response = client.get("/health/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["database"] == "ok"
    assert body["tasks"]["waiting"] == 1 and body["tasks"]["oldest_waiting_seconds"] >= 7 * 60
    assert body["status"] == "degraded"  # a task has waited longer than five minutes
    assert body["tasks"]["workers"][0]["alive"] and body["tasks"]["workers"][0]["last_seen_seconds"] >= 5
    text = json.dumps(body, ensure_ascii=False)
    for secret in (world.head_sby.national_id, world.head_sby.first_name, "args", "supervisor"):
        assert secret not in text


def test_a_zip_bomb_roll_is_refused_at_the_upload_with_a_clear_message(world, private_root, client_for):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b"<row/>" * (5 * 1024 * 1024))
    upload = SimpleUploadedFile("roll.xlsx", buffer.getvalue())
    response = client_for(world.supervisor_sby).post(reverse("registry:imports"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not RollImport.objects.exists()


def test_a_roll_with_too_many_rows_is_refused_before_the_worker_sees_it(
    world, private_root, client_for, settings
):
    settings.TAMKEEN_UPLOAD_MAX_ROWS = 100
    rows = "file_number,office_code,national_id\n" + "700001,SBY,1000000008\n" * 101
    upload = SimpleUploadedFile("roll.csv", rows.encode())
    response = client_for(world.supervisor_sby).post(reverse("registry:imports"), {"file": upload})
    assert "100" in response.context["form"].errors["file"][0]
    assert not RollImport.objects.exists()
