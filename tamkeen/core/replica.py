"""Reads of reports and of the partner API from a read replica, when one is configured.

``DATABASE_REPLICA_URL`` adds a ``replica`` database. Then a GET (or HEAD) to a reports page or to the partner
API reads from it; every write, every other page, the worker and the commands use ``default``. Whatever decides
who the caller is and what they may do — users, sessions, second factors, API clients and tokens, lockouts —
is always read from ``default``, so a token issued a moment ago works even if the replica lags behind.
A report that reads from the replica can be a few seconds stale; nothing is written from what it read.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)

# Who is asking and what they may do: never from a copy that may lag behind.
PRIMARY_ONLY_APPS = frozenset(
    {
        "accounts",
        "sessions",
        "auth",
        "contenttypes",
        "api",
        "axes",
        "otp_totp",
        "otp_static",
        "django_tasks_db",
    }
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reads_from_replica():
    """Reads inside the block go to the replica (when configured); for read-only commands and pages."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def routed_to_replica(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith("/api/v1/"):
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace in settings.TAMKEEN_REPLICA_NAMESPACES


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            # A worker thread serves the next request in the same context: leave nothing set behind.
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _use_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The view and its template render read from the replica; the response middleware above resets it.
        if replica_configured() and routed_to_replica(request):
            request._replica_token = _use_replica.set(True)
        return None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from either relates to one read from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
