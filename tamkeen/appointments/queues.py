"""Office staff: members who asked for another time (they wait for an answer) and past appointments whose
attendance nobody has recorded. A case worker sees those of her caseload, a supervisor the office's."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core import queue_cache
from tamkeen.core.worklist import WorkItem, WorkQueue

from . import rules, selectors
from .access import appointments_visible_to
from .models import Appointment

# Booked, moved, asked about and recorded by saving the appointment (services).
queue_cache.watch(Appointment)


def _queue(appointments, *, late: bool, user, today: date, **kept) -> tuple[int, list[WorkItem]]:
    count, first = queue_cache.watched_first_and_count(
        appointments, scope=user.pk, today=today, models=(Appointment,), **kept
    )
    return count, [
        WorkItem(
            label=str(a.member),
            url=reverse("appointments:detail", args=[a.pk]),
            detail=a.get_kind_display(),
            due=timezone.localtime(a.starts_at).date(),
            is_late=late,
        )
        for a in first
    ]


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_office_staff:
        return []
    visible = appointments_visible_to(user).select_related("member")
    if user.is_case_worker:
        visible = visible.filter(member__case_worker=user)
    asked = visible.filter(status=rules.OTHER_SLOT_ASKED).order_by("starts_at", "pk")
    unrecorded = selectors.to_record(visible).order_by("starts_at", "pk")
    listing = reverse("appointments:list")
    asked_count, asked_items = _queue(
        asked, late=False, user=user, today=today, name="appointments-other-slot"
    )
    # An appointment enters this queue when its start passes, not by a write: the count follows within a minute.
    unrecorded_count, unrecorded_items = _queue(
        unrecorded, late=True, user=user, today=today, name="appointments-to-record", seconds=60
    )
    return [
        WorkQueue(
            key="appointments-other-slot",
            title=gettext("Members who asked for another time"),
            count=asked_count,
            items=asked_items,
            url=listing,
            order=12,
        ),
        WorkQueue(
            key="appointments-to-record",
            title=gettext("Appointments whose attendance is not recorded"),
            count=unrecorded_count,
            items=unrecorded_items,
            url=listing,
            order=14,
        ),
    ]
