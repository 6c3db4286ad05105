"""Who sees which match run and which matcher proposal."""

from django.db.models import QuerySet

from tamkeen.accounts.access import in_visible_regions
from tamkeen.core.access import get_visible_or_404
from tamkeen.matching.models import MatchRun
from tamkeen.referrals.access import referrals_visible_to
from tamkeen.referrals.models import Referral, Source, Status


def match_runs_visible_to(user) -> QuerySet[MatchRun]:
    runs = MatchRun.objects.select_related("office", "started_by")
    if not getattr(user, "is_authenticated", False):
        return runs.none()
    if user.is_office_staff:
        return runs.filter(office_id=user.office_id)
    if user.is_manager:
        return in_visible_regions(runs, user, "office__region_id")
    return runs.none()


def access_match_run(user, pk: int) -> MatchRun:
    return get_visible_or_404(match_runs_visible_to(user), pk=pk)


def proposals_visible_to(user) -> QuerySet[Referral]:
    """The matcher's open proposals an office member may confirm or reject: their office's only."""
    if not getattr(user, "is_authenticated", False) or not user.is_office_staff:
        return Referral.objects.none()
    return referrals_visible_to(user).filter(source=Source.MATCHER, status=Status.PROPOSED)


def access_proposal(user, public_id: str) -> Referral:
    return get_visible_or_404(proposals_visible_to(user), public_id=public_id)
