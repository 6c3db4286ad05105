"""The gauges `/metrics/` reads from the database at each scrape (tamkeen.core.metrics); config knows every app.

Counts by status and channel only: nothing here names a person, an office's file or a task's arguments.
"""

from django.db.models import Count


def task_queue():
    from tamkeen.core.jobs import queue_health

    queue = queue_health()
    alive = sum(1 for worker in queue["workers"] if worker["alive"])
    return [
        ("tamkeen_tasks_waiting", "Tasks waiting for a worker.", [], [([], queue["waiting"])]),
        (
            "tamkeen_tasks_oldest_waiting_seconds",
            "Age of the oldest task waiting for a worker (0 when none waits).",
            [],
            [([], queue["oldest_waiting_seconds"] or 0)],
        ),
        ("tamkeen_tasks_running", "Tasks being run.", [], [([], queue["running"])]),
        ("tamkeen_workers_alive", "Task workers whose heartbeat is recent.", [], [([], alive)]),
    ]


def roll_imports():
    from tamkeen.registry.models import RollImport

    counts = dict(RollImport.objects.values_list("status").annotate(n=Count("pk")).order_by())
    samples = [([status], counts.get(status, 0)) for status in RollImport.Status.values]
    return [("tamkeen_roll_imports", "Roll imports by status.", ["status"], samples)]


def outbox():
    from tamkeen.notifications.models import Channel, Message

    wanted = (Message.Status.QUEUED, Message.Status.FAILED)
    counts = {
        (channel, status): n
        for channel, status, n in Message.objects.filter(status__in=wanted)
        .values_list("channel", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    samples = [
        ([channel, status], counts.get((channel, status), 0))
        for channel in Channel.values
        for status in wanted
    ]
    return [
        ("tamkeen_outbox_messages", "Messages queued or failed, by channel.", ["channel", "status"], samples)
    ]
