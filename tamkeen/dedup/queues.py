"""Pairs of records that may be one person, waiting for a decision (supervisors and the regional manager)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, capped_count

from .selectors import pending_candidates


def work_queues(user, today: date) -> list[WorkQueue]:
    if not (user.is_supervisor or user.is_manager):
        return []
    pending = pending_candidates(user)
    return [
        WorkQueue(
            key="dedup-pending",
            title=gettext("Possible duplicates to decide"),
            count=capped_count(pending),
            items=[
                WorkItem(
                    label=f"{pair.member_a} · {pair.member_b}",
                    url=reverse("dedup:candidate", args=[pair.pk]),
                )
                for pair in pending[:FIRST_ITEMS]
            ],
            url=reverse("dedup:queue"),
            order=35,
        )
    ]
