"""Office staff and the regional manager: open grievances that are near the end of their service-level time or
already past it, the most urgent first."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core import queue_cache
from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, capped_count

from . import rules, selectors
from .access import grievances_visible_to
from .models import Grievance

# Received, assigned and answered by saving the grievance (services).
queue_cache.watch(Grievance)


def _urgent(grievances, now) -> list[Grievance]:
    return [
        g
        for g in selectors.queue(grievances, state="open", now=now)
        if g.sla in (rules.AT_RISK, rules.BREACHED)
    ]


def work_queues(user, today: date) -> list[WorkQueue]:
    if not (user.is_office_staff or user.is_manager):
        return []
    now = timezone.now()
    visible = grievances_visible_to(user)

    def compute():
        urgent = _urgent(visible, now)
        return capped_count(urgent), [g.pk for g in urgent[:FIRST_ITEMS]]

    # A grievance nears its deadline with time, not by a write: the queue follows within a minute.
    count, ids = queue_cache.cached("grievances-due", user.pk, today, (Grievance,), compute, seconds=60)
    urgent = _urgent(visible.filter(pk__in=ids), now) if ids else []
    return [
        WorkQueue(
            key="grievances-due",
            title=gettext("Grievances near or past their answer time"),
            count=count,
            items=[
                WorkItem(
                    label=g.reference,
                    url=reverse("grievances:detail", args=[g.pk]),
                    detail=str(g.category),
                    due=timezone.localtime(g.due_at).date(),
                    is_late=g.sla == rules.BREACHED,
                )
                for g in urgent
            ],
            url=reverse("grievances:queue"),
            order=8,
            is_urgent=True,
        )
    ]
