"""Correction requests waiting for the supervisor's decision, the one due first on top."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core import queue_cache
from tamkeen.core.worklist import WorkItem, WorkQueue

from .models import CorrectionRequest
from .selectors import open_correction_requests

# Requests are created and decided by saving them (services.correction_request_*).
queue_cache.watch(CorrectionRequest)


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_supervisor:
        return []
    count, waiting = queue_cache.watched_first_and_count(
        open_correction_requests(user),
        name="privacy-corrections",
        scope=user.pk,
        today=today,
        models=(CorrectionRequest,),
    )
    return [
        WorkQueue(
            key="privacy-corrections",
            title=gettext("Correction requests to decide"),
            count=count,
            items=[
                WorkItem(
                    label=str(request.member),
                    url=reverse("privacy:correction", args=[request.pk]),
                    due=request.due_on,
                    is_late=request.due_on < today,
                )
                for request in waiting
            ],
            url=reverse("privacy:corrections"),
            order=25,
        )
    ]
