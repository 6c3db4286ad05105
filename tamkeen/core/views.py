from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET


@login_required
def home(request):
    from tamkeen.core.worklist import work_queues_for

    queues = work_queues_for(request.user, timezone.localdate())
    context = {
        "user": request.user,
        "queues": queues,
        "busy": [queue for queue in queues if queue.count],
        "clear": [queue for queue in queues if not queue.count],
    }
    return render(request, "core/home.html", context)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def cache_answers() -> bool:
    """The shared cache (Redis in production) keeps rate limits and throttles: a round trip through it."""
    from django.core.cache import cache

    key = "tamkeen:health"
    try:
        cache.set(key, "ok", 10)
        return cache.get(key) == "ok"
    except Exception:  # whatever the cache backend raises when its server is gone
        return False


@require_GET
def health(request):
    """Readiness, without signing in: the database, the cache, the queue's oldest waiting task, the workers'
    heartbeats. 503 when the database or the cache cannot be reached (the process cannot serve); "degraded" when
    tasks wait too long or no worker is alive (pages work, jobs wait).

    Counts and ages only, never a task's arguments: nothing here is about a person."""
    from tamkeen.core.jobs import queue_health

    cache_ok = cache_answers()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        queue = queue_health()
    except DatabaseError:
        body = {"status": "down", "database": "unavailable", "cache": "ok" if cache_ok else "unavailable"}
        response = JsonResponse(body, status=503)
    else:
        max_wait = getattr(settings, "TAMKEEN_HEALTH_MAX_WAIT_SECONDS", 300)
        alive = any(worker["alive"] for worker in queue["workers"])
        stuck = (queue["oldest_waiting_seconds"] or 0) > max_wait or (queue["waiting"] and not alive)
        status = "down" if not cache_ok else "degraded" if stuck else "ok"
        body = {
            "status": status,
            "database": "ok",
            "cache": "ok" if cache_ok else "unavailable",
            "tasks": queue,
        }
        response = JsonResponse(body, status=503 if not cache_ok else 200)
    response["Cache-Control"] = "no-store"
    return response
