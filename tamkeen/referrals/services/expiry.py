"""Unanswered referrals: warning the member before the due date, expiring them after it."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.events import publish
from tamkeen.referrals.member_messages import tell_member
from tamkeen.referrals.models import (
    OfficeNotice,
    Reason,
    Referral,
    Status,
)

from .moves import (
    ReferralError,
    lock,
    move,
)


@transaction.atomic
def referral_expire(*, referral: Referral, actor=None, today=None) -> Referral:
    """The entity did not answer by its due date: the seat goes back and the office is told."""
    today = today or timezone.localdate()
    locked = lock(referral)
    if locked.status == Status.SENT and (locked.due_by is None or locked.due_by >= today):
        raise ReferralError(_("The entity still has time to answer this referral."))
    referral = move(locked, "expire", actor=actor, reason_code=Reason.NO_ANSWER, source="task")
    OfficeNotice.objects.create(office=referral.office, referral=referral, kind=OfficeNotice.Kind.EXPIRED)
    publish("referral.expired", referral=referral)
    return referral


def referrals_warn_expiring(today=None, days: int = 2) -> int:
    """Tell members whose sent referral expires within ``days`` that the entity has not answered yet (once)."""
    today = today or timezone.localdate()
    due = Referral.objects.filter(
        status=Status.SENT, due_by__gte=today, due_by__lte=today + timedelta(days=days)
    )
    told = 0
    for referral in due.select_related("member__household__office", "opportunity__entity"):
        with transaction.atomic():
            told += bool(tell_member("referral.expiring", referral))
    return told


def expire_overdue(today=None) -> int:
    """Expire every sent referral whose answer date has passed; each in its own transaction."""
    today = today or timezone.localdate()
    expired = 0
    for referral in Referral.objects.filter(status=Status.SENT, due_by__lt=today).only("pk"):
        try:
            referral_expire(referral=referral, today=today)
        except ReferralError:
            continue  # answered in the meantime
        expired += 1
    return expired
