"""The jobs that run once a day, whatever the deployment.

Production runs `tamkeen daily` from cron (or any scheduler) once a day; the demo enqueues them when it starts and
every 24 hours after. Each job is an ordinary task, so the workers run it and a slow job never blocks a request.
"""

from importlib import import_module

from django.conf import settings


def daily_task_paths() -> list[str]:
    """The dotted paths of the daily jobs, in order (settings.TAMKEEN_DAILY_TASKS: core knows no app)."""
    return list(settings.TAMKEEN_DAILY_TASKS)


def daily_tasks():
    for path in daily_task_paths():
        module_name, name = path.rsplit(".", 1)
        yield path, getattr(import_module(module_name), name)


def enqueue_daily() -> list[str]:
    """Enqueue every daily job; returns the ids of the queued results."""
    return [str(task.enqueue().id) for _, task in daily_tasks()]
