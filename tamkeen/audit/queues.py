"""The auditor's desk: the week's events that deserve a second look, each opening the trail already filtered."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core.models import AuditEvent
from tamkeen.core.worklist import WorkItem, WorkQueue, first_and_count

from .access import can_search_trail
from .selectors import _start_of

DESK_DAYS = 7
# (key, action prefix): what an auditor looks at first, in this order.
DESK = [
    ("audit-break-glass", "cases.note.break_glass"),
    ("audit-data-copies", "privacy.data_export.download"),
    ("audit-exports", "audit.export"),
    ("audit-admin", "admin."),
]


def _titles() -> dict[str, str]:
    # Spelled out for the catalogue: gettext needs the literal strings.
    return {
        "audit-break-glass": gettext("Confidential notes opened from another office"),
        "audit-data-copies": gettext("Copies of a person's data downloaded"),
        "audit-exports": gettext("Exports of the audit trail"),
        "audit-admin": gettext("Configuration changes"),
    }


def work_queues(user, today: date) -> list[WorkQueue]:
    if not can_search_trail(user):
        return []
    since = today - timedelta(days=DESK_DAYS)
    trail = reverse("audit:trail")
    titles = _titles()
    queues = []
    for order, (key, prefix) in enumerate(DESK):
        events = (
            AuditEvent.objects.filter(action__startswith=prefix, at__gte=_start_of(since))
            .select_related("actor")
            .order_by("-at", "-pk")
        )
        count, first = first_and_count(events)
        query = urlencode({"action": prefix, "date_from": since.isoformat()})
        queues.append(
            WorkQueue(
                key=key,
                title=titles[key],
                count=count,
                items=[
                    WorkItem(
                        label=str(event.actor or gettext("the platform")),
                        url=f"{trail}?{urlencode({'action': event.action, 'object_id': event.object_id})}",
                        detail=event.reason,
                        when=timezone.localtime(event.at).date(),
                    )
                    for event in first
                ],
                url=f"{trail}?{query}",
                order=order,
                is_urgent=key == "audit-break-glass",
            )
        )
    return queues
