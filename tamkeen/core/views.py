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


@require_GET
def health(request):
    """For monitoring, without signing in: the database, the queue's oldest waiting task, the workers' heartbeats.

    Counts and ages only, never a task's arguments: nothing here is about a person."""
    from tamkeen.core.jobs import queue_health

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        queue = queue_health()
    except DatabaseError:
        response = JsonResponse({"status": "down", "database": "unavailable"}, status=503)
    else:
        max_wait = getattr(settings, "TAMKEEN_HEALTH_MAX_WAIT_SECONDS", 300)
        alive = any(worker["alive"] for worker in queue["workers"])
        stuck = (queue["oldest_waiting_seconds"] or 0) > max_wait or (queue["waiting"] and not alive)
        response = JsonResponse({"status": "degraded" if stuck else "ok", "database": "ok", "tasks": queue})
    response["Cache-Control"] = "no-store"
    return response
