"""Office staff: members who asked for another time (they wait for an answer) and past appointments whose
attendance nobody has recorded. A case worker sees those of her caseload, a supervisor the office's."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, capped_count

from . import rules, selectors
from .access import appointments_visible_to


def _items(appointments, *, late: bool) -> list[WorkItem]:
    return [
        WorkItem(
            label=str(a.member),
            url=reverse("appointments:detail", args=[a.pk]),
            detail=a.get_kind_display(),
            due=timezone.localtime(a.starts_at).date(),
            is_late=late,
        )
        for a in appointments[:FIRST_ITEMS]
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
    return [
        WorkQueue(
            key="appointments-other-slot",
            title=gettext("Members who asked for another time"),
            count=capped_count(asked),
            items=_items(asked, late=False),
            url=listing,
            order=12,
        ),
        WorkQueue(
            key="appointments-to-record",
            title=gettext("Appointments whose attendance is not recorded"),
            count=capped_count(unrecorded),
            items=_items(unrecorded, late=True),
            url=listing,
            order=14,
        ),
    ]
