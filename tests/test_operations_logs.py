"""An operator follows one request through the logs by its ID, and the logs never show who it was about.

Nora (worker_sby) searches for a member by national ID and opens a household that does not exist; every line
those requests write carries the request's ID, and none carries the national ID she typed. A task the worker
runs logs under its task ID, and the request that enqueued it names both.
"""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from tamkeen.core.requestlog import (
    JsonFormatter,
    RequestIdFilter,
    TextFormatter,
    accepted_request_id,
    redact,
    request_id_var,
)

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    """Every record, formatted as production writes it (JSON)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def log_lines():
    handler = Lines()
    root = logging.getLogger()
    request_logger = logging.getLogger("tamkeen.request")
    old_level = request_logger.level
    root.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    yield handler.lines
    root.removeHandler(handler)
    request_logger.setLevel(old_level)


@task()
def logs_a_line() -> str:
    logging.getLogger("tamkeen.tests").warning("inside the task")
    return "done"


def test_every_line_of_a_request_carries_its_id_and_the_response_echoes_it(world, client_for, log_lines):
    client = client_for(world.worker_sby)
    response = client.get("/registry/households/987654/", headers={"X-Request-ID": "lb-7f3a9c21"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-7f3a9c21"
    ours = [line for line in log_lines if line["request_id"] == "lb-7f3a9c21"]
    loggers = {line["logger"] for line in ours}
    assert {"django.request", "tamkeen.request"} <= loggers  # Django's "Not Found" and our request line
    assert not [
        line for line in log_lines if line["request_id"] == "-" and line["logger"] == "django.request"
    ]
    request_line = next(line for line in ours if line["logger"] == "tamkeen.request")
    assert request_line["view"] == "registry:household" and request_line["status"] == 404
    assert request_line["route"] == "registry/households/<int:pk>/" and request_line["method"] == "GET"


def test_a_request_without_an_id_or_with_a_strange_one_gets_a_new_one():
    assert len(accepted_request_id(None)) == 32
    assert accepted_request_id("short") != "short"
    hostile = 'x" \n{"level": "ERROR"}'
    assert accepted_request_id(hostile) != hostile
    assert accepted_request_id("a" * 65) != "a" * 65


def test_a_search_by_national_id_leaves_no_national_id_in_the_log(world, client_for, log_lines):
    national_id = world.head_sby.national_id
    response = client_for(world.worker_sby).get("/registry/", {"q": national_id})
    assert response.status_code == 200
    text = json.dumps(log_lines, ensure_ascii=False)
    assert log_lines and national_id not in text
    assert world.head_sby.first_name not in text
    assert response["X-Request-ID"] in text


def test_long_numbers_are_masked_and_keys_and_request_ids_are_kept():
    assert redact("member 1098765432 at 0551234567 or +966 55 123 4567") == (
        "member [number] at [number] or [number]"
    )
    assert redact("رقم ١٠٩٨٧٦٥٤٣٢") == "رقم [number]"
    assert redact("GET registry/households/4521/ 200") == "GET registry/households/4521/ 200"
    assert redact("request 0a1234567890123456789abcdef01234") == "request 0a1234567890123456789abcdef01234"


def test_the_readable_format_carries_the_id_and_is_masked_too():
    record = logging.LogRecord("tamkeen.x", logging.WARNING, __file__, 1, "member %s", ("1098765432",), None)
    token = request_id_var.set("req-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = TextFormatter().format(record)
    assert "[req-12345678] member [number]" in line


def test_a_task_logs_under_its_task_id_and_its_enqueueing_request_names_both(transactional_db, log_lines):
    from django_tasks_db.management.commands.db_worker import Worker

    token = request_id_var.set("req-abcdef12")
    try:
        result = logs_a_line.enqueue()
    finally:
        request_id_var.reset(token)
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="logging-test", excluded_queue_names=[]).run()  # fmt: skip
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    enqueued = next(line for line in log_lines if line.get("event") == "task.enqueued")
    assert enqueued["request_id"] == "req-abcdef12" and enqueued["task_id"] == f"task-{result.id}"
    inside = next(line for line in log_lines if line["msg"] == "inside the task")
    assert inside["request_id"] == f"task-{result.id}"
    assert request_id_var.get() == "-"


@pytest.mark.parametrize(
    ("environment", "expected"), [({}, "text"), ({"TAMKEEN_LOG_FORMAT": "json"}, "json")]
)
def test_the_log_format_is_chosen_by_a_setting(environment, expected):
    code = "import config.settings as s; print(s.LOGGING['handlers']['stderr']['formatter'])"
    env = {
        key: value for key, value in os.environ.items() if key not in ("TAMKEEN_LOG_FORMAT", "TAMKEEN_ENV")
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env={**env, **environment}, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected
