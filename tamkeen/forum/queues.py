"""The organiser's coming forums: the events they manage that have not ended, the nearest first."""

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from tamkeen.core.worklist import WorkItem, WorkQueue, first_and_count

from .access import events_managed_by


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_organiser:
        return []
    events = (
        events_managed_by(user)
        .filter(ends_on__gte=today)
        .annotate(registered=Count("registrations", distinct=True))
        .order_by("starts_on", "pk")
    )
    events_count, events_first = first_and_count(events)
    return [
        WorkQueue(
            key="forum-coming",
            title=gettext("Forums to prepare"),
            count=events_count,
            items=[
                WorkItem(
                    label=event.title,
                    url=reverse("forum:event", args=[event.pk]),
                    detail=ngettext("%(count)d registration", "%(count)d registrations", event.registered)
                    % {"count": event.registered},
                    due=event.starts_on,
                )
                for event in events_first
            ],
            url=reverse("forum:home"),
            order=10,
        )
    ]
