"""The administrator's home: background tasks that failed this week, each opening the task's record."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core.worklist import WorkItem, WorkQueue, first_and_count

RECENT_DAYS = 7


def failed_tasks(since):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.failed().filter(finished_at__gte=since).order_by("-finished_at")


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_administrator:
        return []
    since = timezone.make_aware(datetime.combine(today - timedelta(days=RECENT_DAYS), time.min))
    tasks = failed_tasks(since)
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    tasks_count, tasks_first = first_and_count(tasks)
    return [
        WorkQueue(
            key="admin-failed-tasks",
            title=gettext("Background tasks that failed this week"),
            count=tasks_count,
            items=[
                WorkItem(
                    label=task.task_path.rsplit(".", 1)[-1],
                    url=reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk]),
                    detail=task.exception_class_path.rsplit(".", 1)[-1],
                    when=timezone.localtime(task.finished_at).date(),
                )
                for task in tasks_first
            ],
            url=f"{changelist}?status__exact=FAILED",
            order=10,
            is_urgent=True,
        )
    ]
