"""Log records as an operator wants them: one line for a refused or missing page, a traceback only for real errors.

Django logs every 403 (and 404 under DEBUG) on `django.request` with the exception's traceback; a person opening
a page of another office is the access rules working, not a fault, and a console full of tracebacks hides the
ones that matter.
"""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class OneLinePerTask(logging.Filter):
    """A task is one line on the console, when it ends (with its state), not a second line when it starts.

    django.tasks logs both at INFO with the same text but for the state, so a worker's console read as every line
    printed twice. A start is still visible at DEBUG (``worker -v 2``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.tasks" and record.levelno == logging.INFO:
            args = record.args if isinstance(record.args, tuple) else ()
            if len(args) == 3 and str(args[2]) == "RUNNING":
                return logging.getLogger("django.tasks").isEnabledFor(logging.DEBUG)
        return True


class RequestLineOnly(logging.Filter):
    """Under the development server every request already prints a line with its status, so Django's own
    "Not Found: /x" / "Forbidden: /x" warning for the same request is a duplicate. Server errors stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return not (record.name == "django.request" and isinstance(status, int) and 400 <= status < 500)
