"""Who may ask for, see and decide on a member's data-subject requests.

Everything builds on the registry's one visibility policy (``members_visible_to``): office staff who may see a
member may request their data export and record a correction request; the member's own beneficiary login may
do the same for themselves (the portal). Only the office's supervisor decides correction requests.
"""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.registry.access import can_view_member, members_visible_to
from tamkeen.registry.models import Member

from .models import CorrectionRequest, DataExport


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_own_member(user, member: Member) -> bool:
    return _authenticated(user) and user.role == "beneficiary" and member.user_id == user.pk


def members_served_by(user) -> QuerySet[Member]:
    """Members whose data-subject requests this user may file: office staff's visible members, or oneself."""
    if not _authenticated(user):
        return Member.objects.none()
    if user.is_office_staff:
        return members_visible_to(user)
    if user.role == "beneficiary":
        return Member.objects.filter(user=user)
    return Member.objects.none()


def is_served_by(user, member: Member) -> bool:
    if _authenticated(user) and user.is_office_staff:
        # The same test as members_served_by, answered once per member object (registry.access).
        return can_view_member(user, member)
    return members_served_by(user).filter(pk=member.pk).exists()


def can_request_export(user, member: Member) -> bool:
    return is_served_by(user, member)


def can_request_correction(user, member: Member) -> bool:
    return is_served_by(user, member)


def can_decide_correction(user, request: CorrectionRequest) -> bool:
    return bool(
        _authenticated(user)
        and user.is_supervisor
        and user.office_id is not None
        and members_visible_to(user).filter(pk=request.member_id).exists()
    )


def data_exports_visible_to(user) -> QuerySet[DataExport]:
    return DataExport.objects.filter(member__in=members_served_by(user))


def access_data_export(user, public_id) -> DataExport:
    return get_visible_or_404(
        data_exports_visible_to(user).select_related("member", "requested_by"), public_id=public_id
    )


def access_member_for_requests(user, pk) -> Member:
    return get_visible_or_404(members_served_by(user).select_related("household"), pk=pk)


def corrections_visible_to(user) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(member__in=members_served_by(user))


def corrections_decidable_by(user) -> QuerySet[CorrectionRequest]:
    if not _authenticated(user) or not user.is_supervisor:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(member__in=members_visible_to(user))


def access_correction_for_decision(user, pk) -> CorrectionRequest:
    return get_visible_or_404(
        corrections_decidable_by(user).select_related("member__household", "requested_by"), pk=pk
    )
