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


def data_recipients_of(member) -> list[dict]:
    """What was shared with whom and when: every sent referral's frozen data (with its fields' labels), and every
    partner read. The member's consent pages show it (a panel on the office's, the portal's own list)."""
    from tamkeen.core.models import AuditEvent

    from .sharing import field_labels

    labels = field_labels()
    rows = []
    for referral in (
        Referral.objects.filter(member=member, sent_at__isnull=False)
        .select_related("opportunity__entity")
        .order_by("-sent_at")
    ):
        rows.append(
            {
                "at": referral.sent_at,
                "entity": referral.opportunity.entity,
                "what": "sent",
                "referral": referral,
                "categories": referral.categories,
                "fields": sorted(referral.shared_fields),
                "field_labels": [labels.get(name, name) for name in sorted(referral.shared_fields)],
            }
        )
    reads = (
        AuditEvent.objects.filter(member_id=member.pk, kind=AuditEvent.Kind.READ, actor__role="partner")
        .select_related("actor__entity")
        .order_by("-at")[:200]
    )
    for event in reads:
        rows.append(
            {
                "at": event.at,
                "entity": event.actor.entity,
                "what": "read",
                "referral": None,
                "actor": event.actor,
            }
        )
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows
