"""Who sees which candidate pairs: supervisors of either member's office, and the region's manager."""

from django.db.models import Q

from tamkeen.core.access import get_visible_or_404

from .models import DuplicateCandidate, MergeRecord


def candidates_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return DuplicateCandidate.objects.none()
    if user.is_manager and user.region_id:
        return DuplicateCandidate.objects.filter(
            Q(office_a__region_id=user.region_id) | Q(office_b__region_id=user.region_id)
        )
    if user.is_supervisor and user.office_id:
        return DuplicateCandidate.objects.filter(
            Q(office_a_id=user.office_id) | Q(office_b_id=user.office_id)
        )
    return DuplicateCandidate.objects.none()


def access_candidate(user, pk) -> DuplicateCandidate:
    return get_visible_or_404(candidates_visible_to(user), pk=pk)


def merges_visible_to(user):
    return MergeRecord.objects.filter(candidate__in=candidates_visible_to(user))


def access_merge(user, pk) -> MergeRecord:
    return get_visible_or_404(merges_visible_to(user), pk=pk)
