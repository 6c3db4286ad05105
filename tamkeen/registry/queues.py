"""The supervisor's registry work: members a roll import flagged for review, and imports that failed."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, capped_count

from .access import roll_imports_visible_to
from .models import RollImport
from .selectors import members_flagged_for_review


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_supervisor:
        return []
    flagged = members_flagged_for_review(user)
    failed = roll_imports_visible_to(user).filter(status=RollImport.Status.FAILED).order_by("-created_at")
    return [
        WorkQueue(
            key="registry-reviews",
            title=gettext("Members an import flagged for review"),
            count=capped_count(flagged),
            items=[
                WorkItem(
                    label=str(m),
                    url=reverse("registry:review_resolve", args=[m.pk]),
                    detail=str(m.household),
                )
                for m in flagged[:FIRST_ITEMS]
            ],
            url=reverse("registry:reviews"),
            order=30,
        ),
        WorkQueue(
            key="registry-failed-imports",
            title=gettext("Roll imports that failed"),
            count=capped_count(failed),
            items=[
                WorkItem(label=i.original_name, url=reverse("registry:import_detail", args=[i.pk]))
                for i in failed[:FIRST_ITEMS]
            ],
            url=reverse("registry:imports"),
            order=31,
            is_urgent=True,
        ),
    ]
