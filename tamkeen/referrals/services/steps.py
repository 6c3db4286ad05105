"""The lifecycle steps by name: propose, send, the partner's answers and progress, withdraw."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.consent.models import Category, Purpose
from tamkeen.consent.selectors import active_consent
from tamkeen.core.audit import audit_record
from tamkeen.core.events import publish
from tamkeen.opportunities.models import Opportunity
from tamkeen.referrals.lifecycle import NEEDS_REASON, OFFICE
from tamkeen.referrals.member_messages import tell_member
from tamkeen.referrals.models import (
    OPEN_STATUSES,
    OfficeNotice,
    Referral,
    ReferralEvent,
    Source,
    Status,
)
from tamkeen.referrals.sharing import DEFAULT_CATEGORIES, shared_fields_of

from .moves import (
    ConsentMissing,
    InvalidTransition,
    ReferralError,
    check_actor,
    is_office_actor,
    lock,
    move,
    status_label,
    take_seat,
)


@transaction.atomic
def referral_propose(
    *,
    actor,
    member,
    opportunity: Opportunity,
    source: str = Source.CASE_WORKER,
    categories=None,
    note: str = "",
    match_score: float | None = None,
    match_explanation: dict | None = None,
) -> Referral:
    """A proposal by a case worker, the matcher (actor None or the run's user) or the forum."""
    is_forum_organiser = actor is not None and source == Source.FORUM and actor.is_organiser
    # A member's "I am interested" is only a proposal: the case worker decides whether to send it.
    is_member_self = (
        actor is not None and source == Source.MEMBER and actor.is_beneficiary and member.user_id == actor.pk
    )
    if (
        actor is not None
        and not is_office_actor(actor, member)
        and not is_forum_organiser
        and not is_member_self
    ):
        raise PermissionDenied
    if actor is None and source == Source.CASE_WORKER:
        raise PermissionDenied
    if opportunity.status != Opportunity.Status.OPEN:
        raise ReferralError(_("This opportunity is not open."))
    if Referral.objects.filter(member=member, opportunity=opportunity, status__in=OPEN_STATUSES).exists():
        raise ReferralError(_("This member already has an open referral to this opportunity."))
    chosen = [c for c in Category.values if c in set(categories or DEFAULT_CATEGORIES)]
    referral = Referral.objects.create(
        member=member,
        opportunity=opportunity,
        office=member.household.office,
        created_by=actor,
        source=source,
        categories=chosen,
        note=note,
        match_score=match_score,
        match_explanation=match_explanation or {},
    )
    ReferralEvent.objects.create(
        referral=referral, to_status=Status.PROPOSED, actor=actor, at=timezone.now(), source=source
    )
    audit_record(
        actor=actor,
        action="referral.propose",
        obj=referral,
        member_id=member.pk,
        changes={"status": [None, Status.PROPOSED], "opportunity": [None, opportunity.code]},
    )
    return referral


@transaction.atomic
def referral_send(*, actor, referral: Referral, categories=None) -> Referral:
    """Check the consent, freeze the shared fields, take a seat."""
    locked = lock(referral)
    check_actor(OFFICE, actor, locked)
    if locked.status != Status.PROPOSED:
        raise InvalidTransition(
            _("Only a proposed referral can be sent (this one is “%(current)s”).")
            % {"current": status_label(locked.status)},
            current=locked.status,
        )
    chosen = [c for c in Category.values if c in set(categories or locked.categories or DEFAULT_CATEGORIES)]
    entity = locked.opportunity.entity
    consent = active_consent(locked.member, entity, Purpose.REFERRAL)
    if consent is None:
        raise ConsentMissing(
            _("The member has no active consent to share data with %(entity)s.") % {"entity": entity.name}
        )
    missing = [c for c in chosen if c not in consent.categories]
    if missing:
        raise ConsentMissing(
            _("The member's consent does not cover: %(categories)s.")
            % {"categories": ", ".join(str(Category(c).label) for c in missing)}
        )
    take_seat(locked.opportunity_id)
    publish("opportunity.seat_taken", opportunity_id=locked.opportunity_id)
    now = timezone.now()
    referral = move(
        locked,
        "send",
        actor=actor,
        extra_updates={
            "categories": chosen,
            "shared_fields": shared_fields_of(locked.member, chosen),
            "consent": consent,
            "sent_at": now,
            "due_by": timezone.localdate(now) + timedelta(days=entity.response_days),
            "holds_seat": True,
        },
        at=now,
    )
    publish("referral.sent", referral=referral)
    tell_member("referral.sent", referral)
    return referral


@transaction.atomic
def referral_accept(*, actor, referral: Referral, source: str = "web", at=None) -> Referral:
    referral = move(referral, "accept", actor=actor, source=source, at=at)
    tell_member("referral.accepted", referral)
    return referral


@transaction.atomic
def referral_decline(
    *, actor, referral: Referral, reason_code: str, reason_text: str = "", source: str = "web", at=None
) -> Referral:
    referral = move(
        referral,
        "decline",
        actor=actor,
        reason_code=reason_code,
        reason_text=reason_text,
        source=source,
        at=at,
    )
    OfficeNotice.objects.create(office=referral.office, referral=referral, kind=OfficeNotice.Kind.DECLINED)
    tell_member("referral.declined", referral)
    return referral


@transaction.atomic
def referral_enrol(*, actor, referral: Referral, source: str = "web", at=None) -> Referral:
    return move(referral, "enrol", actor=actor, source=source, at=at)


@transaction.atomic
def referral_start(
    *, actor, referral: Referral, started_on=None, source: str = "web", details: dict | None = None, at=None
) -> Referral:
    started = started_on or timezone.localdate()
    return move(
        referral,
        "start",
        actor=actor,
        source=source,
        extra_updates={"started_on": started},
        details=details,
        at=at,
    )


@transaction.atomic
def referral_complete(
    *, actor, referral: Referral, source: str = "web", details: dict | None = None, at=None
) -> Referral:
    return move(referral, "complete", actor=actor, source=source, details=details, at=at)


@transaction.atomic
def referral_drop_out(
    *, actor, referral: Referral, reason_code: str, reason_text: str = "", source: str = "web", at=None
) -> Referral:
    return move(
        referral,
        "drop_out",
        actor=actor,
        reason_code=reason_code,
        reason_text=reason_text,
        source=source,
        at=at,
    )


@transaction.atomic
def referral_withdraw(*, actor, referral: Referral, reason_code: str = "", reason_text: str = "") -> Referral:
    referral = move(referral, "withdraw", actor=actor, reason_code=reason_code, reason_text=reason_text)
    if referral.sent_at is not None:  # a mere proposal was never the entity's business
        publish("referral.withdrawn", referral=referral)
    return referral


PARTNER_ACTION_SERVICES = {
    "accept": referral_accept,
    "decline": referral_decline,
    "enrol": referral_enrol,
    "start": referral_start,
    "complete": referral_complete,
    "drop_out": referral_drop_out,
}


def referral_apply_action(
    *, actor, referral: Referral, action: str, reason_code: str = "", reason_text: str = ""
):
    """A partner action by name (bulk updates and outcome files)."""
    service = PARTNER_ACTION_SERVICES[action]
    if action in NEEDS_REASON:
        return service(actor=actor, referral=referral, reason_code=reason_code, reason_text=reason_text)
    return service(actor=actor, referral=referral)
