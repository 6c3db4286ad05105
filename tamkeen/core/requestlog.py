"""Request IDs and log lines an operator can search without reading anyone's personal data.

- Every request carries an ID: the caller's ``X-Request-ID`` when it is a plain token (a load balancer's), a new
  one otherwise. The response echoes it, and every log line written while the request runs carries it.
- A task run by the worker carries its task ID in the same field (``task-…``); the line that enqueued it names
  both, so a request and the jobs it started can be followed together.
- One line per request: method, the view's name, the URL *pattern* (``registry/households/<int:pk>/``), status
  and duration. Never the path as typed nor its query string: a search for a national ID would put it in the
  log. The IDs in our paths are opaque primary keys; the pattern leaves even those out.
- ``TAMKEEN_LOG_FORMAT=json`` writes one JSON object a line (production); the default is a readable line. Both
  pass every message through :func:`redact`, which masks digit runs as long as a national ID or a phone number,
  as a net under the rule that code never logs a name, a national ID or a phone number.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
# Nine or more digits (Latin or Arabic-Indic), with optional separators and a leading +: national IDs (10 digits),
# iqama numbers, phone numbers. Primary keys that long do not occur; hex request IDs mix in letters and survive.
_LONG_NUMBER = re.compile(r"(?<!\w)\+?[0-9٠-٩۰-۹](?:[\s-]?[0-9٠-٩۰-۹]){8,}(?!\w)")

request_logger = logging.getLogger("tamkeen.request")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(header: str | None) -> str:
    """The caller's ID when it is a plain token of sane length; otherwise a new one (never echo arbitrary text)."""
    if header and _ACCEPTABLE_ID.match(header):
        return header
    return new_request_id()


def redact(text: str) -> str:
    return _LONG_NUMBER.sub("[number]", text)


class RequestIdMiddleware:
    """First in the chain: sets the request's ID for everything below it and writes the request's one line."""

    def __init__(self, get_response):
        # Here, not at the top: a command that logs never loads the metrics library, only the web process does.
        from tamkeen.core.metrics import observe_request

        self.get_response = get_response
        self.observe_request = observe_request

    def __call__(self, request):
        request_id = accepted_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        # Not reset on the way out: Django logs a refused or missing page after the middleware has returned.
        # The request_finished signal clears it once the response is sent.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        duration = time.perf_counter() - started
        response["X-Request-ID"] = request_id
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else None
        self.observe_request(view, request.method, response.status_code, duration)
        request_logger.info(
            "%s %s %s %.1f ms",
            request.method,
            view or "-",
            response.status_code,
            duration * 1000,
            extra={
                "method": request.method,
                "view": view,
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round(duration * 1000, 1),
            },
        )
        return response


def _request_finished(sender, **kwargs) -> None:
    request_id_var.set("-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's (or task's) ID on every record, whichever logger wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


# Fields a log call may add with ``extra=``; anything else stays out of the JSON line.
EXTRA_FIELDS = ("method", "view", "route", "status", "duration_ms", "task", "task_id", "status_code", "event")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id_var.get()),
            "msg": redact(record.getMessage()),
        }
        for field in EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None and not callable(value):
                line[field] = value
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The demo's readable line, redacted the same way."""

    def format(self, record: logging.LogRecord) -> str:
        line = (
            f"{self.formatTime(record)} {record.levelname} {record.name} "
            f"[{getattr(record, 'request_id', request_id_var.get())}] {redact(record.getMessage())}"
        )
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


def _task_started(sender, task_result, **kwargs) -> None:
    request_id_var.set(f"task-{task_result.id}")


def _task_finished(sender, task_result, **kwargs) -> None:
    request_id_var.set("-")


def _task_enqueued(sender, task_result, **kwargs) -> None:
    request_logger.info(
        "task enqueued %s",
        task_result.task.module_path,
        extra={
            "event": "task.enqueued",
            "task": task_result.task.module_path,
            "task_id": f"task-{task_result.id}",
        },
    )


def connect_signals() -> None:
    from django.core.signals import request_finished
    from django.tasks.signals import task_enqueued, task_finished, task_started

    request_finished.connect(_request_finished, dispatch_uid="tamkeen.requestlog.request_finished")
    task_started.connect(_task_started, dispatch_uid="tamkeen.requestlog.started")
    task_finished.connect(_task_finished, dispatch_uid="tamkeen.requestlog.finished")
    task_enqueued.connect(_task_enqueued, dispatch_uid="tamkeen.requestlog.enqueued")
