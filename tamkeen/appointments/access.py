"""Who may see and change which appointments, built on the registry's visibility of members."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.registry.access import members_visible_to

from .models import Appointment


def appointments_visible_to(user) -> QuerySet[Appointment]:
    """Office staff and managers see the appointments of the members they see; a beneficiary only their own."""
    if not getattr(user, "is_authenticated", False):
        return Appointment.objects.none()
    visible = Appointment.objects.filter(member__in=members_visible_to(user))
    if user.is_beneficiary:
        return visible.filter(member__user=user)
    return visible


def access_appointment(user, pk) -> Appointment:
    return get_visible_or_404(
        appointments_visible_to(user).select_related("member__household", "office"), pk=pk
    )


def can_manage(user, appointment: Appointment) -> bool:
    """The office staff of the member's office invite, move, cancel and record attendance."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_office_staff
        and user.office_id == appointment.member.household.office_id
    )


def can_answer(user, appointment: Appointment) -> bool:
    """Only the invited member answers, from their own sign-in."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_beneficiary
        and appointment.member.user_id == user.pk
    )
