"""The supervisor's registry work: members a roll import flagged for review, and imports that failed."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core import queue_cache
from tamkeen.core.worklist import WorkItem, WorkQueue

from .access import roll_imports_visible_to
from .models import Member, ReviewFlag, RollImport
from .selectors import members_flagged_for_review

# Resolving saves the member; imports flag in bulk and touch both (roll.apply); a failed import touches its
# model (services.roll_import_run).
queue_cache.watch(Member, ReviewFlag, RollImport)


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_supervisor:
        return []
    flagged_count, flagged = queue_cache.watched_first_and_count(
        members_flagged_for_review(user),
        name="registry-reviews",
        scope=user.pk,
        today=today,
        models=(Member, ReviewFlag),
    )
    failed_count, failed = queue_cache.watched_first_and_count(
        roll_imports_visible_to(user).filter(status=RollImport.Status.FAILED).order_by("-created_at"),
        name="registry-failed-imports",
        scope=user.pk,
        today=today,
        models=(RollImport,),
    )
    return [
        WorkQueue(
            key="registry-reviews",
            title=gettext("Members an import flagged for review"),
            count=flagged_count,
            items=[
                WorkItem(
                    label=str(m),
                    url=reverse("registry:review_resolve", args=[m.pk]),
                    detail=str(m.household),
                )
                for m in flagged
            ],
            url=reverse("registry:reviews"),
            order=30,
        ),
        WorkQueue(
            key="registry-failed-imports",
            title=gettext("Roll imports that failed"),
            count=failed_count,
            items=[
                WorkItem(label=i.original_name, url=reverse("registry:import_detail", args=[i.pk]))
                for i in failed
            ],
            url=reverse("registry:imports"),
            order=31,
            is_urgent=True,
        ),
    ]
