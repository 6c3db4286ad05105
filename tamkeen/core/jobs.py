"""Background tasks that cannot get stuck: time limits, worker heartbeats, and the reclaiming of abandoned tasks.

- Every task runs under a time limit (``TAMKEEN_TASK_TIME_LIMIT`` seconds, or its own entry in
  ``TAMKEEN_TASK_TIME_LIMITS``): past it, :class:`TaskTimeLimitExceeded` is raised inside the task, whose own error
  handling then records the failure on its status row (an import says it stopped, and why).
- A worker started with ``tamkeen worker`` records a heartbeat every few seconds (:class:`WorkerHeartbeat`).
- :func:`reclaim_stale_tasks` finds tasks left "running" by a worker that is gone (killed, out of memory, the
  machine restarted) or past any time limit, marks them failed, and lets the task's app close the record it was
  working on (``@when_abandoned``), so no import says "running" forever. Workers run it when they start;
  ``tamkeen reclaim-tasks`` runs it from cron every few minutes; the demo runs it every minute.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10


class TaskTimeLimitExceeded(Exception):
    """Raised inside a task that ran past its time limit."""


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped (or which overran every limit) while it was running."""


# task path -> function(*args, **kwargs) closing what the task left open
_ABANDON_HANDLERS: dict[str, Callable] = {}


def when_abandoned(task) -> Callable[[Callable], Callable]:
    """Registers what to do with a task's record when the task is reclaimed (or died without saying so).

    The handler receives the task's own arguments and must be idempotent: it only closes a record that is still
    queued or running."""

    def register(handler: Callable) -> Callable:
        _ABANDON_HANDLERS[task.module_path] = handler
        return handler

    return register


def abandoned_message(reason: str) -> str:
    from django.utils.translation import gettext as _

    if reason == "time_limit":
        return _("This job ran past its time limit and was stopped. Split the file, or try again later.")
    if reason == "worker_lost":
        return _("The worker running this job stopped before it finished. Start it again.")
    return _("This job stopped with an error before it finished. Start it again.")


def close_abandoned(model, pk, *, field: str, open_states, failed_state, reason: str, **extra) -> bool:
    """Marks a job's status row failed, with the reason in words, when it is still queued or running; audited.
    For the ``@when_abandoned`` handlers of each app."""
    from tamkeen.core.audit import audit_record

    values = {field: failed_state, "error": abandoned_message(reason), **extra}
    closed = model.objects.filter(pk=pk, **{f"{field}__in": list(open_states)}).update(**values)
    if closed:
        audit_record(
            actor=None,
            action=f"{model._meta.label_lower}.abandoned",
            object_type=model._meta.label_lower,
            object_id=pk,
            changes={field: [None, str(failed_state)]},
            reason=reason,
        )
    return bool(closed)


def time_limit_for(task_path: str) -> int:
    limits = getattr(settings, "TAMKEEN_TASK_TIME_LIMITS", {})
    return int(limits.get(task_path, getattr(settings, "TAMKEEN_TASK_TIME_LIMIT", 30 * 60)))


def stale_after() -> timedelta:
    """A worker not heard from for this long is gone."""
    return timedelta(seconds=getattr(settings, "TAMKEEN_WORKER_STALE_SECONDS", 120))


# ---- inside a worker process ----------------------------------------------------------------------------------

_worker: dict = {}


def _on_time_limit(signum, frame):
    raise TaskTimeLimitExceeded(_worker.get("task_path", "the task"))


def _task_started(sender, task_result, **kwargs) -> None:
    if not _worker or threading.current_thread() is not threading.main_thread():
        return
    path = task_result.task.module_path
    _worker["task_path"] = path
    _worker["task_started_at"] = timezone.now()
    signal.signal(signal.SIGALRM, _on_time_limit)
    signal.setitimer(signal.ITIMER_REAL, time_limit_for(path))
    beat()


def _task_finished(sender, task_result, **kwargs) -> None:
    if not _worker or threading.current_thread() is not threading.main_thread():
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    _worker.pop("task_path", None)
    _worker.pop("task_started_at", None)
    beat()


def beat() -> None:
    """Write this worker's heartbeat (what it runs, and since when)."""
    from tamkeen.core.models import WorkerHeartbeat

    if not _worker:
        return
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=_worker["id"],
        defaults={
            "hostname": _worker["hostname"],
            "pid": os.getpid(),
            "started_at": _worker["started_at"],
            "seen_at": now,
            "task_path": _worker.get("task_path", ""),
            "task_started_at": _worker.get("task_started_at"),
        },
    )


def _heartbeat_loop(stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            close_old_connections()
            beat()
        except Exception:  # a missed beat is logged, never fatal to the worker
            logger.exception("worker heartbeat failed")
        finally:
            close_old_connections()


def worker_started(worker_id: str) -> threading.Event:
    """Called by ``tamkeen worker`` before it takes its first task; returns the event that stops the heartbeat."""
    from django.tasks.signals import task_finished, task_started

    _worker.update(id=worker_id, hostname=socket.gethostname()[:120], started_at=timezone.now())
    task_started.connect(_task_started, dispatch_uid="tamkeen-task-started")
    task_finished.connect(_task_finished, dispatch_uid="tamkeen-task-finished")
    beat()
    reclaim_stale_tasks()
    stop = threading.Event()
    threading.Thread(target=_heartbeat_loop, args=(stop,), daemon=True, name="heartbeat").start()
    return stop


def worker_stopped() -> None:
    from tamkeen.core.models import WorkerHeartbeat

    if _worker:
        WorkerHeartbeat.objects.filter(worker_id=_worker["id"]).delete()
        _worker.clear()


# ---- reclaiming ---------------------------------------------------------------------------------------------


def _handler_for(task_path: str) -> Callable | None:
    module, _, _name = task_path.rpartition(".")
    try:
        import_module(module)  # registers its @when_abandoned handlers
    except ImportError:
        return None
    return _ABANDON_HANDLERS.get(task_path)


def _close_record(task_path: str, args_kwargs: dict, reason: str) -> None:
    handler = _handler_for(task_path)
    if handler is None:
        return
    try:
        with transaction.atomic():
            handler(*args_kwargs.get("args", []), **args_kwargs.get("kwargs", {}), reason=reason)
    except Exception:  # one broken record must not stop the others from being reclaimed
        logger.exception("closing the record of abandoned task %s failed", task_path)


def reclaim_stale_tasks(now=None) -> dict:
    """Fail the tasks no worker is running any more, and close the records they left open."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tamkeen.core.models import WorkerHeartbeat

    now = now or timezone.now()
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    live = {worker for worker, at in seen.items() if at >= now - stale_after()}
    reclaimed = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "task_path", "args_kwargs", "worker_ids", "started_at"
    )
    for result in running:
        started = result.started_at or now
        worker = result.worker_ids[-1] if result.worker_ids else ""
        # A worker that never wrote a heartbeat (a plain db_worker) cannot be judged gone: only its time limit
        # applies. One whose heartbeat stopped (killed, out of memory, the machine restarted) is gone.
        worker_gone = worker in seen and worker not in live
        overran = started < now - timedelta(seconds=time_limit_for(result.task_path)) - stale_after()
        if not (worker_gone or overran):
            continue
        reason = "worker_lost" if worker_gone else "time_limit"
        # Only a result still running is taken: a worker finishing at this moment keeps its own answer.
        taken = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"Reclaimed: {reason} (worker {worker or 'unknown'}).",
        )
        if taken:
            reclaimed += 1
            _close_record(result.task_path, result.args_kwargs, reason)
    # A task that failed without its own handler noticing (killed between two statements, a second SIGTERM)
    # may have left its record open too: the handlers close only what is still open, so asking again is safe.
    recent_failures = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(days=1)
    ).values_list("task_path", "args_kwargs")
    for task_path, args_kwargs in recent_failures:
        if _handler_for(task_path) is not None:
            _close_record(task_path, args_kwargs, "failed")
    gone = WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()[0]
    return {"reclaimed": reclaimed, "workers_alive": len(live), "heartbeats_removed": gone}


def queue_health(now=None) -> dict:
    """What the health page says about the queue: no arguments, no names, only counts and ages."""
    from django.db.models import Min
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tamkeen.core.models import WorkerHeartbeat

    now = now or timezone.now()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.aggregate(oldest=Min("enqueued_at"))["oldest"]
    workers = []
    for heartbeat in WorkerHeartbeat.objects.order_by("-seen_at")[:50]:
        age = (now - heartbeat.seen_at).total_seconds()
        workers.append(
            {
                "worker": heartbeat.worker_id[:8],
                "host": heartbeat.hostname,
                "last_seen_seconds": round(age, 1),
                "alive": age <= stale_after().total_seconds(),
                "running": heartbeat.task_path,
                "running_seconds": round((now - heartbeat.task_started_at).total_seconds(), 1)
                if heartbeat.task_started_at and heartbeat.task_path
                else None,
            }
        )
    return {
        "waiting": waiting.count(),
        "oldest_waiting_seconds": round((now - oldest).total_seconds(), 1) if oldest else None,
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        "workers": workers,
    }
