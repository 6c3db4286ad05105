from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tamkeen.partners.models import Entity


def directory(entities: QuerySet[Entity], kind: str = "") -> QuerySet[Entity]:
    if kind:
        entities = entities.filter(kind=kind)
    today = timezone.localdate()
    return entities.annotate(
        open_opportunities=Count("opportunities", filter=Q(opportunities__status="open"), distinct=True),
        overdue_referrals=Count(
            "opportunities__referrals",
            filter=Q(opportunities__referrals__status="sent", opportunities__referrals__due_by__lt=today),
            distinct=True,
        ),
    ).order_by("kind", "code")


def answer_figures(entity: Entity) -> dict:
    """How the entity answers referrals: answered, within its agreed days, still waiting, expired."""
    from tamkeen.referrals.models import Referral

    referrals = Referral.objects.filter(opportunity__entity=entity).exclude(status="proposed")
    today = timezone.localdate()
    return referrals.aggregate(
        sent=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        waiting=Count("id", filter=Q(status="sent")),
        overdue=Count("id", filter=Q(status="sent", due_by__lt=today)),
        expired=Count("id", filter=Q(status="expired")),
    )
