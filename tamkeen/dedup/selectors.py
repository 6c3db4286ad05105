"""Reads for the review pages."""

from tamkeen.registry.models import Member

from .access import candidates_visible_to
from .models import DuplicateCandidate, MergeRecord


def pending_candidates(user):
    return (
        candidates_visible_to(user)
        .filter(status=DuplicateCandidate.Status.PENDING, member_a__isnull=False, member_b__isnull=False)
        .select_related("member_a", "member_b", "office_a", "office_b")
        .order_by("-probability", "id")
    )


def recent_decisions(user, limit: int = 20):
    return (
        candidates_visible_to(user)
        .exclude(status=DuplicateCandidate.Status.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at")[:limit]
    )


def latest_merge(candidate: DuplicateCandidate) -> MergeRecord | None:
    return candidate.merges.filter(undone_at__isnull=True).order_by("-merged_at").first()


def pair_members(candidate: DuplicateCandidate) -> tuple[Member | None, Member | None]:
    members = {
        m.pk: m
        for m in Member.objects.filter(pk__in=[candidate.low_id, candidate.high_id]).select_related(
            "household", "household__office", "household__governorate"
        )
    }
    return members.get(candidate.low_id), members.get(candidate.high_id)
