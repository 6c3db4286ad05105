from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tamkeen.opportunities.models import Opportunity
from tamkeen.partners.models import Entity
from tamkeen.referrals.models import Status as ReferralStatus

# Agreement validity filters of the directory; "expiring" means valid but ending within EXPIRING_DAYS.
EXPIRING_DAYS = 60
AGREEMENT_STATES = ("valid", "expiring", "expired", "none")
ENTITY_STATES = ("active", "suspended")


def agreement_state(entity: Entity, today=None) -> str:
    today = today or timezone.localdate()
    if entity.agreement_end is None:
        return "none"
    if entity.agreement_end < today:
        return "expired"
    if entity.agreement_start and entity.agreement_start > today:
        return "none"  # signed, not yet in force
    return "expiring" if entity.agreement_end <= today + timedelta(days=EXPIRING_DAYS) else "valid"


def directory(
    entities: QuerySet[Entity], kind: str = "", status: str = "", agreement: str = ""
) -> QuerySet[Entity]:
    today = timezone.localdate()
    if kind:
        entities = entities.filter(kind=kind)
    if status in ENTITY_STATES:
        entities = entities.filter(is_active=status == "active")
    in_force = Q(agreement_end__gte=today) & (Q(agreement_start__isnull=True) | Q(agreement_start__lte=today))
    soon = Q(agreement_end__lte=today + timedelta(days=EXPIRING_DAYS))
    if agreement == "valid":
        entities = entities.filter(in_force)
    elif agreement == "expiring":
        entities = entities.filter(in_force & soon)
    elif agreement == "expired":
        entities = entities.filter(agreement_end__lt=today)
    elif agreement == "none":
        entities = entities.filter(Q(agreement_end__isnull=True) | Q(agreement_start__gt=today))
    return entities.annotate(
        open_opportunities=Count(
            "opportunities", filter=Q(opportunities__status=Opportunity.Status.OPEN), distinct=True
        ),
        overdue_referrals=Count(
            "opportunities__referrals",
            filter=Q(
                opportunities__referrals__status=ReferralStatus.SENT,
                opportunities__referrals__due_by__lt=today,
            ),
            distinct=True,
        ),
    ).order_by("kind", "code")


def answer_figures(entity: Entity) -> dict:
    """How the entity answers referrals: answered, within its agreed days, still waiting, expired."""
    from tamkeen.referrals.models import Referral

    referrals = Referral.objects.filter(opportunity__entity=entity).exclude(status=ReferralStatus.PROPOSED)
    today = timezone.localdate()
    return referrals.aggregate(
        sent=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        waiting=Count("id", filter=Q(status=ReferralStatus.SENT)),
        overdue=Count("id", filter=Q(status=ReferralStatus.SENT, due_by__lt=today)),
        expired=Count("id", filter=Q(status=ReferralStatus.EXPIRED)),
    )
