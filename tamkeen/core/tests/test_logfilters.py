"""A case worker opening another office's page leaves one log line; a server error keeps its traceback."""

import logging
import sys

from tamkeen.core.logfilters import ClientErrorsWithoutTraceback, OneLinePerTask, RequestLineOnly


def record(status_code: int) -> logging.LogRecord:
    try:
        raise PermissionError("not yours")
    except PermissionError:
        exc_info = sys.exc_info()
    entry = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/x/",), exc_info
    )
    entry.status_code = status_code
    return entry


def test_a_refused_page_is_logged_without_its_traceback():
    refused = record(403)
    assert ClientErrorsWithoutTraceback().filter(refused)
    assert refused.exc_info is None
    assert "Traceback" not in logging.Formatter().format(refused)


def test_a_server_error_keeps_its_traceback():
    failed = record(500)
    assert ClientErrorsWithoutTraceback().filter(failed)
    assert "Traceback" in logging.Formatter().format(failed)


def task_line(status, level=logging.INFO) -> logging.LogRecord:
    return logging.LogRecord(
        "django.tasks",
        level,
        __file__,
        1,
        "Task id=%s path=%s state=%s",
        ("t1", "app.tasks.send", status),
        None,
    )


def test_the_worker_prints_one_line_per_task_when_it_ends():
    from django.tasks.base import TaskResultStatus

    tasks_logger = logging.getLogger("django.tasks")
    level = tasks_logger.level
    tasks_logger.setLevel(logging.INFO)  # what `tamkeen worker` sets at its default verbosity
    try:
        one_line = OneLinePerTask()
        assert not one_line.filter(task_line(TaskResultStatus.RUNNING))
        assert one_line.filter(task_line(TaskResultStatus.SUCCESSFUL))
        assert one_line.filter(task_line(TaskResultStatus.FAILED, logging.ERROR))
        tasks_logger.setLevel(logging.DEBUG)  # `worker -v 2` shows the starts again
        assert one_line.filter(task_line(TaskResultStatus.RUNNING))
    finally:
        tasks_logger.setLevel(level)


def test_the_settings_attach_the_task_filter_to_the_console():
    from django.conf import settings

    assert "one_line_per_task" in settings.LOGGING["handlers"]["stderr"]["filters"]
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    assert any(isinstance(f, OneLinePerTask) for f in handler.filters)


def test_under_the_development_server_a_missing_page_is_only_the_request_line():
    assert not RequestLineOnly().filter(record(404))
    assert not RequestLineOnly().filter(record(403))
    assert RequestLineOnly().filter(record(500))
