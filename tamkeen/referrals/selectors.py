from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tamkeen.referrals.models import Referral, Status

WAITING_FOR_OUTCOME = (Status.ACCEPTED, Status.ENROLLED, Status.STARTED)


def inbox(referrals: QuerySet[Referral], box: str) -> QuerySet[Referral]:
    today = timezone.localdate()
    if box == "waiting":
        return referrals.filter(status__in=WAITING_FOR_OUTCOME).order_by("answered_at", "id")
    if box == "overdue":
        return referrals.filter(status=Status.SENT, due_by__lt=today).order_by("due_by", "id")
    if box == "closed":
        return referrals.exclude(status__in=(Status.SENT, *WAITING_FOR_OUTCOME)).order_by("-closed_at", "-id")
    return referrals.filter(status=Status.SENT).order_by("due_by", "id")


def inbox_counts(referrals: QuerySet[Referral]) -> dict[str, int]:
    today = timezone.localdate()
    return referrals.aggregate(
        new=Count("id", filter=Q(status=Status.SENT)),
        waiting=Count("id", filter=Q(status__in=WAITING_FOR_OUTCOME)),
        overdue=Count("id", filter=Q(status=Status.SENT, due_by__lt=today)),
    )


def shared_data_for(user, referral: Referral) -> dict:
    """The frozen fields this user may read of the referred member ({} after a withdrawal, for the entity)."""
    from tamkeen.referrals.access import can_see_shared_data

    return dict(referral.shared_fields) if can_see_shared_data(user, referral) else {}


def partner_inbox(user, box: str) -> QuerySet[Referral]:
    """The entity's inbox rows, each knowing whether its shared fields may still be shown."""
    from tamkeen.referrals.access import referrals_visible_to, with_consent_state

    return inbox(with_consent_state(referrals_visible_to(user)), box)
