"""Reads: a member's appointments, the no-shows on a caseload, the figures per office."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tamkeen.geography.models import Office

from . import rules
from .models import Appointment

NO_SHOW_LOOKBACK_DAYS = 90


def upcoming(appointments: QuerySet[Appointment], *, now=None) -> QuerySet[Appointment]:
    return appointments.filter(
        status__in=rules.UPCOMING, starts_at__gte=(now or timezone.now()) - timedelta(hours=12)
    )


def to_record(appointments: QuerySet[Appointment], *, now=None) -> QuerySet[Appointment]:
    """Past appointments nobody has marked attended or absent yet."""
    return appointments.filter(status__in=rules.UPCOMING, starts_at__lt=now or timezone.now())


def recent_no_shows(
    appointments: QuerySet[Appointment], *, today: date | None = None
) -> QuerySet[Appointment]:
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=NO_SHOW_LOOKBACK_DAYS), time.min))
    return appointments.filter(status=rules.NO_SHOW, starts_at__gte=since).select_related("member")


def figures_by_office(appointments: QuerySet[Appointment], start: date, end: date) -> list[dict]:
    """Per office, the appointments of the period and how many were attended or missed."""
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    rows = (
        appointments.filter(starts_at__gte=since, starts_at__lt=until)
        .values("office_id")
        .annotate(
            total=Count("pk"),
            attended=Count("pk", filter=Q(status=rules.ATTENDED)),
            no_show=Count("pk", filter=Q(status=rules.NO_SHOW)),
            cancelled=Count("pk", filter=Q(status=rules.CANCELLED)),
        )
    )
    offices = Office.objects.in_bulk([row["office_id"] for row in rows])
    return sorted(
        (
            {
                "office": offices[row["office_id"]],
                "total": row["total"],
                "attended": row["attended"],
                "no_show": row["no_show"],
                "cancelled": row["cancelled"],
                "no_show_rate": rules.no_show_rate(row["attended"], row["no_show"]),
            }
            for row in rows
        ),
        key=lambda row: row["office"].code,
    )
