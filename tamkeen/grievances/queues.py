"""Office staff and the regional manager: open grievances that are near the end of their service-level time or
already past it, the most urgent first."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, capped_count

from . import rules, selectors
from .access import grievances_visible_to


def work_queues(user, today: date) -> list[WorkQueue]:
    if not (user.is_office_staff or user.is_manager):
        return []
    now = timezone.now()
    urgent = [
        g
        for g in selectors.queue(grievances_visible_to(user), state="open", now=now)
        if g.sla in (rules.AT_RISK, rules.BREACHED)
    ]
    return [
        WorkQueue(
            key="grievances-due",
            title=gettext("Grievances near or past their answer time"),
            count=capped_count(urgent),
            items=[
                WorkItem(
                    label=g.reference,
                    url=reverse("grievances:detail", args=[g.pk]),
                    detail=str(g.category),
                    due=timezone.localtime(g.due_at).date(),
                    is_late=g.sla == rules.BREACHED,
                )
                for g in urgent[:FIRST_ITEMS]
            ],
            url=reverse("grievances:queue"),
            order=8,
            is_urgent=True,
        )
    ]
