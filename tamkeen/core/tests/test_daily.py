"""The daily jobs are queued for the workers, one result per job."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tamkeen.core.scheduling import daily_task_paths

pytestmark = pytest.mark.django_db


def test_tamkeen_daily_queues_every_daily_job():
    out = StringIO()
    call_command("daily", stdout=out)
    queued = json.loads(out.getvalue())["enqueued"]
    assert list(queued) == daily_task_paths()
    paths = set(DBTaskResult.objects.filter(id__in=queued.values()).values_list("task_path", flat=True))
    assert paths == set(daily_task_paths())
