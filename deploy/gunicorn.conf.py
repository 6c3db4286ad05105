"""Gunicorn's settings for Tamkeen (`gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`).

Every value can be changed from the environment, so the systemd unit and the load test share this file.
"""

import os
import shutil
from pathlib import Path

bind = os.environ.get("TAMKEEN_BIND", "127.0.0.1:8000")
# Per 2 cores: 4 processes × 2 threads, 8 requests at once. A page spends far longer waiting on PostgreSQL than
# on the web process's CPU (0.034 CPU-s against 140 ms of database time per page, docs/deploy.md), so 8 keep
# both cores busy while the queries run; more would only queue inside the box (PostgreSQL shares the cores).
# Two threads, not more, because a process's threads share one interpreter lock.
workers = int(os.environ.get("TAMKEEN_WEB_WORKERS", "4"))
threads = int(os.environ.get("TAMKEEN_WEB_THREADS", "2"))
# Threaded workers keep connections alive (the load balancer's and clients'); gunicorn would pick its sync worker,
# which closes each connection after one request, whenever threads is 1.
worker_class = "gthread"
timeout = 30
graceful_timeout = 30
# A recycled worker imports the application again (about a CPU-second) while its requests wait: at 2,000 every
# worker was replaced every few minutes of office load. A leak still cannot grow for long at 20,000.
max_requests = 20000
max_requests_jitter = 2000
# Longer than the load balancer's idle timeout, so the balancer (or a client) never sends a request on a
# connection gunicorn is closing at that moment (a "connection closed without response" error).
keepalive = int(os.environ.get("TAMKEEN_KEEPALIVE_SECONDS", "75"))
# The application writes one line per request without the query string (tamkeen.core.requestlog); gunicorn's
# access log would add one with it, and a search's query string is often a national ID.
accesslog = None
errorlog = "-"


def on_starting(server):
    # Each worker writes its request counts here; a scrape adds them up (tamkeen.core.metrics). Emptied at each
    # start so a previous run's counts are not added again.
    default = Path(os.environ.get("TAMKEEN_VAR_DIR", "var")) / "prometheus"
    directory = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(default)))
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)


def post_worker_init(worker):
    """The application is loaded: its modules, models and URL patterns live as long as the worker. Python's full
    collections walk every tracked object, ~160,000 once pages have been served, each a ~100 ms pause with the
    interpreter lock held (both threads of the process stop; measured on 30 Nov 2026 at about one per 400
    requests, a p99 of its own). Frozen, they are left out of every collection."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports every view module now, so they are frozen too
    gc.freeze()
    worker.log.info("worker %s: %s objects kept out of garbage collection", worker.pid, gc.get_freeze_count())


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# Gunicorn's own lines (start, worker boot and timeout) in the application's format, so one parser reads both.
if (
    os.environ.get("TAMKEEN_LOG_FORMAT", "json" if os.environ.get("TAMKEEN_ENV") == "production" else "text")
    == "json"
):
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "tamkeen.core.requestlog.JsonFormatter"}},
        # Gunicorn merges this with its defaults: both of its handler names must exist.
        "handlers": {
            name: {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
            for name in ("console", "error_console")
        },
        "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False}},
    }
