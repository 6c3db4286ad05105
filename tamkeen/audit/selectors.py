"""Reads of the audit trail, by the filters of the auditor's desk."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from tamkeen.core.models import AuditEvent


@dataclass(frozen=True)
class TrailFilter:
    member: int | None = None
    user: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


def _start_of(day: date) -> datetime:
    # Days are the office's local days; the bounds stay plain comparisons on the indexed column.
    return timezone.make_aware(datetime.combine(day, time.min))


def trail_events(filters: TrailFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if filters.member is not None:
        events = events.filter(member_id=filters.member)
    if filters.user:
        events = events.filter(actor__username=filters.user)
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.date_from:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return events


def page_of(events: QuerySet[AuditEvent], page: int, size: int) -> tuple[list[AuditEvent], bool]:
    """One page and whether another follows, without counting the whole trail."""
    start = (page - 1) * size
    rows = list(events[start : start + size + 1])
    return rows[:size], len(rows) > size


def member_id_for_national_id(national_id: str) -> int | None:
    from tamkeen.registry.models import Member

    return Member.objects.filter(national_id=national_id).values_list("pk", flat=True).first()
