"""What every case-work action checks first: the error it raises, office staff, the supervisor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from tamkeen.registry.models import Member


class CaseError(ValidationError):
    pass


def is_office_staff_of(actor, office_id: int) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_office_staff and actor.office_id == office_id)


def check_office_staff(actor, member: Member) -> None:
    if not is_office_staff_of(actor, member.household.office_id):
        raise PermissionDenied(_("Only the staff of the member's office may change this case."))


def check_supervisor(actor, office_id: int) -> None:
    if not (is_office_staff_of(actor, office_id) and actor.is_supervisor):
        raise PermissionDenied(_("Only a supervisor of the office may do this."))
