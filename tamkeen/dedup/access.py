"""Who sees which candidate pairs: supervisors of either member's office, and the managers of either member's
region (the national manager every region). Who decides them: the supervisors and the region's own manager; the
national manager reads every pair and decides none (a merge is a region's work on its own registry)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tamkeen.accounts.access import regions_visible_to
from tamkeen.core.access import get_visible_or_404

from .models import DuplicateCandidate, MergeRecord


def candidates_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return DuplicateCandidate.objects.none()
    if user.is_manager:
        regions = regions_visible_to(user)
        if regions is None:
            return DuplicateCandidate.objects.all()
        return DuplicateCandidate.objects.filter(
            Q(office_a__region_id__in=regions) | Q(office_b__region_id__in=regions)
        )
    if user.is_supervisor and user.office_id:
        return DuplicateCandidate.objects.filter(
            Q(office_a_id=user.office_id) | Q(office_b_id=user.office_id)
        )
    return DuplicateCandidate.objects.none()


def may_decide_pairs(user) -> bool:
    """The role may merge, undo and mark pairs different (which pairs: those it sees)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_supervisor or (user.is_manager and not user.is_national_manager)
    )


def access_candidate(user, pk) -> DuplicateCandidate:
    return get_visible_or_404(candidates_visible_to(user), pk=pk)


def access_candidate_to_decide(user, pk) -> DuplicateCandidate:
    """The pair (404 when not visible), then 403 for a role that reads pairs but decides none."""
    candidate = access_candidate(user, pk)
    if not may_decide_pairs(user):
        raise PermissionDenied
    return candidate


def merges_visible_to(user):
    return MergeRecord.objects.filter(candidate__in=candidates_visible_to(user))


def access_merge(user, pk) -> MergeRecord:
    return get_visible_or_404(merges_visible_to(user), pk=pk)


def access_merge_to_undo(user, pk) -> MergeRecord:
    merge = access_merge(user, pk)
    if not may_decide_pairs(user):
        raise PermissionDenied
    return merge
