"""Pairs of records that may be one person, waiting for a decision (supervisors and the regional manager)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core import queue_cache
from tamkeen.core.worklist import WorkItem, WorkQueue

from .models import DuplicateCandidate
from .selectors import pending_candidates

# Decisions save the pair; new pairs come in bulk and touch it (services.candidates_propose).
queue_cache.watch(DuplicateCandidate)


def work_queues(user, today: date) -> list[WorkQueue]:
    if not (user.is_supervisor or user.is_manager):
        return []
    pending = pending_candidates(user)
    count, first = queue_cache.watched_first_and_count(
        pending, name="dedup-pending", scope=user.pk, today=today, models=(DuplicateCandidate,)
    )
    return [
        WorkQueue(
            key="dedup-pending",
            title=gettext("Possible duplicates to decide"),
            count=count,
            items=[
                WorkItem(
                    label=f"{pair.member_a} · {pair.member_b}",
                    url=reverse("dedup:candidate", args=[pair.pk]),
                )
                for pair in first
            ],
            url=reverse("dedup:queue"),
            order=35,
        )
    ]
