"""What every lifecycle step shares: the errors, who may act, the row lock, the seat and the one move (state,
event, audit record)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.opportunities.models import Opportunity
from tamkeen.referrals.lifecycle import FREES_SEAT, NEEDS_REASON, OFFICE, PARTNER, SYSTEM, TRANSITIONS
from tamkeen.referrals.models import (
    Reason,
    Referral,
    ReferralEvent,
    Status,
)
from tamkeen.registry.access import can_edit_member


class ReferralError(ValueError):
    code = "referral_error"


class InvalidTransition(ReferralError):
    code = "invalid_transition"

    def __init__(self, message: str, current: str):
        super().__init__(message)
        self.current = current


class NoSeatLeft(ReferralError):
    code = "no_seat_left"


class ConsentMissing(ReferralError):
    code = "consent_missing"


class ReasonRequired(ReferralError):
    code = "reason_required"


def is_office_actor(actor, member) -> bool:
    """Office staff who may work the member's case, in the registry's scope (office or own caseload)."""
    return actor is not None and actor.is_office_staff and can_edit_member(actor, member)


def _is_partner_actor(actor, referral) -> bool:
    return actor is not None and actor.is_partner and actor.entity_id == referral.opportunity.entity_id


def check_actor(who: str, actor, referral) -> None:
    if who == OFFICE and not is_office_actor(actor, referral.member):
        raise PermissionDenied
    # actor None is the system itself (the outcome import command, the scheduled task).
    if who == PARTNER and actor is not None and not _is_partner_actor(actor, referral):
        raise PermissionDenied
    if who == SYSTEM and actor is not None and not actor.is_administrator:
        raise PermissionDenied


def lock(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("opportunity__entity", "member__household", "office")
        .get(pk=referral.pk)
    )


def take_seat(opportunity_id: int) -> None:
    taken = Opportunity.objects.filter(
        pk=opportunity_id, status=Opportunity.Status.OPEN, seats_taken__lt=F("capacity")
    ).update(seats_taken=F("seats_taken") + 1)
    if taken != 1:
        raise NoSeatLeft(_("No seat is left in this opportunity (or it is no longer open)."))


def _free_seat(opportunity_id: int) -> None:
    Opportunity.objects.filter(pk=opportunity_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def status_label(status: str) -> str:
    return str(Status(status).label)


def move(
    referral: Referral,
    action: str,
    *,
    actor,
    reason_code: str = "",
    reason_text: str = "",
    source: str = "web",
    extra_updates: dict | None = None,
    details: dict | None = None,
    at=None,
    actor_checked: bool = False,
) -> Referral:
    """``actor_checked``: the caller has checked the actor by its own rule (a manager suspending an entity
    withdraws its referrals without being their office's staff)."""
    sources, target, who = TRANSITIONS[action]
    referral = lock(referral)
    if not actor_checked:
        check_actor(who, actor, referral)
    if referral.status not in sources:
        raise InvalidTransition(
            _("A referral that is “%(current)s” cannot be moved to “%(target)s”.")
            % {"current": status_label(referral.status), "target": status_label(target)},
            current=referral.status,
        )
    if action in NEEDS_REASON and not (reason_code or reason_text):
        raise ReasonRequired(_("Give a reason."))
    if reason_code and reason_code not in Reason.values:
        raise ReferralError(_("Unknown reason."))
    now = at or timezone.now()
    previous = referral.status
    updates = {"status": target, **(extra_updates or {})}
    if action in FREES_SEAT and referral.holds_seat:
        _free_seat(referral.opportunity_id)
        updates["holds_seat"] = False
    if action in ("accept", "decline") and referral.answered_at is None:
        updates["answered_at"] = now
    if target in (Status.DECLINED, Status.COMPLETED, Status.DROPPED_OUT, Status.WITHDRAWN, Status.EXPIRED):
        updates["closed_at"] = now
    if reason_code or reason_text:
        updates["reason_code"] = reason_code
        updates["reason_text"] = reason_text[:300]
    for field, value in updates.items():
        setattr(referral, field, value)
    referral.save(update_fields=[*updates, "updated_at"])
    ReferralEvent.objects.create(
        referral=referral,
        from_status=previous,
        to_status=target,
        actor=actor,
        at=timezone.now(),
        reason_code=reason_code,
        reason_text=reason_text[:300],
        source=source,
        details={**(details or {}), **({"effective_at": now.isoformat()} if at else {})},
    )
    audit_record(
        actor=actor,
        action=f"referral.{action}",
        obj=referral,
        member_id=referral.member_id,
        changes={"status": [previous, target]},
        reason=" ".join(p for p in (reason_code, reason_text) if p),
    )
    return referral
