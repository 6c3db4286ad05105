"""Correction requests waiting for the supervisor's decision, the one due first on top."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, capped_count

from .selectors import open_correction_requests


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_supervisor:
        return []
    waiting = open_correction_requests(user)
    return [
        WorkQueue(
            key="privacy-corrections",
            title=gettext("Correction requests to decide"),
            count=capped_count(waiting),
            items=[
                WorkItem(
                    label=str(request.member),
                    url=reverse("privacy:correction", args=[request.pk]),
                    due=request.due_on,
                    is_late=request.due_on < today,
                )
                for request in waiting[:FIRST_ITEMS]
            ],
            url=reverse("privacy:corrections"),
            order=25,
        )
    ]
