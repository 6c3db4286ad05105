"""Reads for data-subject rights: a member's exports and correction requests, the supervisor's open list."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from .access import corrections_decidable_by, corrections_visible_to, data_exports_visible_to
from .models import CorrectionRequest, DataExport


def member_data_exports(user, member) -> QuerySet[DataExport]:
    """The exports of one member this user may see (office staff of the member, or the member)."""
    return data_exports_visible_to(user).filter(member=member).select_related("requested_by")


def member_correction_requests(user, member) -> QuerySet[CorrectionRequest]:
    return corrections_visible_to(user).filter(member=member).select_related("decided_by")


def open_correction_requests(user) -> QuerySet[CorrectionRequest]:
    """The supervisor's list: requests waiting for a decision, the one due first on top."""
    return (
        corrections_decidable_by(user)
        .filter(status=CorrectionRequest.Status.RECEIVED)
        .select_related("member__household", "requested_by")
        .order_by("due_on", "received_on", "pk")
    )


def recently_decided_correction_requests(user, limit: int = 20) -> QuerySet[CorrectionRequest]:
    return (
        corrections_decidable_by(user)
        .exclude(status=CorrectionRequest.Status.RECEIVED)
        .select_related("member", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def is_overdue(request: CorrectionRequest, today: date | None = None) -> bool:
    return request.is_open and request.due_on < (today or timezone.localdate())


def days_left(request: CorrectionRequest, today: date | None = None) -> int:
    return (request.due_on - (today or timezone.localdate())).days
