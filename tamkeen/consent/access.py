"""Whose consent a user may record or read: the member's own office staff (a case worker only their caseload
when TAMKEEN_CASEWORKER_SCOPE is "caseload"), or the member themself."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.registry.access import caseload_only
from tamkeen.registry.models import Member


def consent_members_visible_to(user) -> QuerySet[Member]:
    members = Member.objects.select_related("household__office", "household__governorate")
    if not getattr(user, "is_authenticated", False):
        return members.none()
    if user.is_case_worker and caseload_only():
        return members.filter(case_worker=user)
    if user.is_office_staff:
        return members.filter(household__office_id=user.office_id)
    if user.is_beneficiary:
        return members.filter(user=user)
    return members.none()


def access_member_for_consent(user, pk) -> Member:
    return get_visible_or_404(consent_members_visible_to(user), pk=pk)
