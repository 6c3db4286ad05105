"""The webhook events, with the data each carries (never more than the entity may see); other apps reach them
through tamkeen.core.events (``subscribers.py``)."""

from tamkeen.webhooks.models import Event
from tamkeen.webhooks.services import emit


def referral_changed(event_type: str, referral) -> None:
    emit(
        event_type,
        referral.opportunity.entity_id,
        {
            "reference": referral.public_id,
            "status": referral.status,
            "opportunity": referral.opportunity.code,
        },
    )


def opportunity_full_if_so(opportunity_id: int) -> None:
    from tamkeen.opportunities.models import Opportunity

    opportunity = (
        Opportunity.objects.filter(pk=opportunity_id)
        .only("code", "capacity", "seats_taken", "entity_id")
        .first()
    )
    if opportunity is not None and opportunity.seats_taken >= opportunity.capacity:
        emit(
            Event.OPPORTUNITY_FULL,
            opportunity.entity_id,
            {
                "opportunity": opportunity.code,
                "capacity": opportunity.capacity,
                "seats_taken": opportunity.seats_taken,
            },
        )


def consent_withdrawn(member, entity) -> None:
    """The entity learns which of its referrals may no longer show the person's data (no personal data sent)."""
    from tamkeen.referrals.models import Referral, Status

    references = list(
        Referral.objects.filter(member=member, opportunity__entity=entity)
        .exclude(status=Status.PROPOSED)
        .order_by("id")
        .values_list("public_id", flat=True)
    )
    if references:
        emit(Event.CONSENT_WITHDRAWN, entity, {"references": references})
