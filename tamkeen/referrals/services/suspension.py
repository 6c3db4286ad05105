"""What a suspended entity's open referrals become."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tamkeen.core.audit import audit_record
from tamkeen.referrals.models import (
    Reason,
    Referral,
    ReferralEvent,
    Status,
)

from .moves import (
    lock,
    move,
)

# States a suspension withdraws (the entity never answered) and those it leaves open but flags.
SUSPENSION_WITHDRAWS = (Status.SENT,)
SUSPENSION_FLAGS = (Status.ACCEPTED, Status.ENROLLED, Status.STARTED)


@transaction.atomic
def referrals_settle_for_entity_suspension(*, actor, entity, reason_text: str) -> dict[str, list[Referral]]:
    """The entity was suspended (the caller, tamkeen.partners.services.entity_suspend, checked the actor and
    runs this in its transaction): nothing open is lost.

    - sent, not yet answered: withdrawn back to the office with the reason; the seat is given back;
    - accepted, enrolled or started: left open for their outcome, with a flag in their history that the case
      worker sees on the referral;
    - proposed: untouched (the entity never saw them; the office decides).
    No webhook is written: the entity's webhooks stop with the suspension.
    """
    text = reason_text[:300]
    open_referrals = Referral.objects.filter(
        opportunity__entity=entity, status__in=[*SUSPENSION_WITHDRAWS, *SUSPENSION_FLAGS]
    ).order_by("id")
    settled: dict[str, list[Referral]] = {"withdrawn": [], "flagged": []}
    for referral in open_referrals:
        locked = lock(referral)
        if locked.status in SUSPENSION_WITHDRAWS:
            settled["withdrawn"].append(
                move(
                    locked,
                    "withdraw",
                    actor=actor,
                    reason_code=Reason.OPPORTUNITY_CLOSED,
                    reason_text=text,
                    source="suspension",
                    actor_checked=True,
                )
            )
        elif locked.status in SUSPENSION_FLAGS:
            ReferralEvent.objects.create(
                referral=locked,
                from_status=locked.status,
                to_status=locked.status,
                actor=actor,
                at=timezone.now(),
                reason_text=text,
                source="suspension",
                details={"flag": "entity_suspended"},
            )
            audit_record(
                actor=actor,
                action="referral.flag_entity_suspended",
                obj=locked,
                member_id=locked.member_id,
                reason=text,
            )
            settled["flagged"].append(locked)
    return settled
