"""The office's inbox of notices about its referrals."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tamkeen.referrals.models import (
    OfficeNotice,
)


@transaction.atomic
def notice_mark_read(*, actor, notice: OfficeNotice) -> OfficeNotice:
    if not (actor.is_office_staff and actor.office_id == notice.office_id):
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
