"""`tamkeen worker`: the task worker (django-tasks-db's ``db_worker``) with a heartbeat and time limits.

Every option of ``db_worker`` works here. On start the worker reclaims tasks that a dead worker left running;
while it lives it records a heartbeat (the health page shows it); each task runs under its time limit.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from tamkeen.core import jobs


class Command(DatabaseWorkerCommand):
    help = (
        "Run a task worker: heartbeats, time limits, and the reclaiming of tasks a dead worker left running."
    )

    def handle(self, *args, worker_id: str, **options):
        stop = jobs.worker_started(worker_id)
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
            jobs.worker_stopped()
