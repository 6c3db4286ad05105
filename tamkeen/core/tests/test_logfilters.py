"""A case worker opening another office's page leaves one log line; a server error keeps its traceback."""

import logging
import sys

from tamkeen.core.logfilters import ClientErrorsWithoutTraceback


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
