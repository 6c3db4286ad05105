"""Who sees which referral. Partner staff see only their entity's referrals, and never a mere proposal."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.referrals.models import OfficeNotice, Referral, Status
from tamkeen.registry.access import caseload_only


def referrals_visible_to(user) -> QuerySet[Referral]:
    referrals = Referral.objects.select_related("opportunity__entity", "member__household", "office")
    if not getattr(user, "is_authenticated", False):
        return referrals.none()
    if user.is_case_worker and caseload_only():
        return referrals.filter(member__case_worker=user)
    if user.is_office_staff:
        return referrals.filter(member__household__office_id=user.office_id)
    if user.is_manager:
        return referrals.filter(office__region_id=user.region_id)
    if user.is_partner:
        return referrals.filter(opportunity__entity_id=user.entity_id).exclude(status=Status.PROPOSED)
    if user.is_beneficiary:
        member = getattr(user, "member", None)
        if member is None:
            return referrals.none()
        return referrals.filter(member__household_id=member.household_id)
    return referrals.none()


def access_referral(user, public_id: str) -> Referral:
    return get_visible_or_404(referrals_visible_to(user), public_id=public_id)


def notices_visible_to(user) -> QuerySet[OfficeNotice]:
    if getattr(user, "is_authenticated", False) and user.is_office_staff:
        return OfficeNotice.objects.filter(office_id=user.office_id).select_related("referral__opportunity")
    return OfficeNotice.objects.none()


def access_notice(user, pk: int) -> OfficeNotice:
    return get_visible_or_404(notices_visible_to(user), pk=pk)
