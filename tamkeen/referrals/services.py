"""Referral writes: each lifecycle step is a named action that checks the actor and the current state.

Seats: a referral takes a seat of its opportunity when it is sent and gives it back when it is declined,
withdrawn or expired. The seat is taken by one conditional UPDATE (``seats_taken < capacity``), so two
case workers sending to the last seat at the same moment get one success and one NoSeatLeft, on SQLite
and on PostgreSQL alike; the CheckConstraint ``seats_taken <= capacity`` is the last line of defence.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.consent.models import Category, Purpose
from tamkeen.consent.selectors import active_consent
from tamkeen.core.audit import audit_record
from tamkeen.opportunities.models import Opportunity
from tamkeen.referrals.lifecycle import FREES_SEAT, NEEDS_REASON, OFFICE, PARTNER, SYSTEM, TRANSITIONS
from tamkeen.referrals.member_messages import tell_member
from tamkeen.referrals.models import (
    OPEN_STATUSES,
    OfficeNotice,
    OutcomeImport,
    Reason,
    Referral,
    ReferralEvent,
    Source,
    Status,
)
from tamkeen.referrals.sharing import DEFAULT_CATEGORIES, shared_fields_of
from tamkeen.registry.access import can_edit_member
from tamkeen.webhooks import events as webhook_events


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


def _is_office_actor(actor, member) -> bool:
    """Office staff who may work the member's case, in the registry's scope (office or own caseload)."""
    return actor is not None and actor.is_office_staff and can_edit_member(actor, member)


def _is_partner_actor(actor, referral) -> bool:
    return actor is not None and actor.is_partner and actor.entity_id == referral.opportunity.entity_id


def _check_actor(who: str, actor, referral) -> None:
    if who == OFFICE and not _is_office_actor(actor, referral.member):
        raise PermissionDenied
    # actor None is the system itself (the outcome import command, the scheduled task).
    if who == PARTNER and actor is not None and not _is_partner_actor(actor, referral):
        raise PermissionDenied
    if who == SYSTEM and actor is not None and not actor.is_administrator:
        raise PermissionDenied


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("opportunity__entity", "member__household", "office")
        .get(pk=referral.pk)
    )


def _take_seat(opportunity_id: int) -> None:
    taken = Opportunity.objects.filter(
        pk=opportunity_id, status=Opportunity.Status.OPEN, seats_taken__lt=F("capacity")
    ).update(seats_taken=F("seats_taken") + 1)
    if taken != 1:
        raise NoSeatLeft(_("No seat is left in this opportunity (or it is no longer open)."))


def _free_seat(opportunity_id: int) -> None:
    Opportunity.objects.filter(pk=opportunity_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def status_label(status: str) -> str:
    return str(Status(status).label)


def _move(
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
    referral = _locked(referral)
    if not actor_checked:
        _check_actor(who, actor, referral)
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
        and not _is_office_actor(actor, member)
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
    locked = _locked(referral)
    _check_actor(OFFICE, actor, locked)
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
    _take_seat(locked.opportunity_id)
    webhook_events.opportunity_full_if_so(locked.opportunity_id)
    now = timezone.now()
    referral = _move(
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
    webhook_events.referral_changed("referral.sent", referral)
    tell_member("referral.sent", referral)
    return referral


@transaction.atomic
def referral_accept(*, actor, referral: Referral, source: str = "web", at=None) -> Referral:
    referral = _move(referral, "accept", actor=actor, source=source, at=at)
    tell_member("referral.accepted", referral)
    return referral


@transaction.atomic
def referral_decline(
    *, actor, referral: Referral, reason_code: str, reason_text: str = "", source: str = "web", at=None
) -> Referral:
    referral = _move(
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
    return _move(referral, "enrol", actor=actor, source=source, at=at)


@transaction.atomic
def referral_start(
    *, actor, referral: Referral, started_on=None, source: str = "web", details: dict | None = None, at=None
) -> Referral:
    started = started_on or timezone.localdate()
    return _move(
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
    return _move(referral, "complete", actor=actor, source=source, details=details, at=at)


@transaction.atomic
def referral_drop_out(
    *, actor, referral: Referral, reason_code: str, reason_text: str = "", source: str = "web", at=None
) -> Referral:
    return _move(
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
    referral = _move(referral, "withdraw", actor=actor, reason_code=reason_code, reason_text=reason_text)
    if referral.sent_at is not None:  # a mere proposal was never the entity's business
        webhook_events.referral_changed("referral.withdrawn", referral)
    return referral


@transaction.atomic
def referral_expire(*, referral: Referral, actor=None, today=None) -> Referral:
    """The entity did not answer by its due date: the seat goes back and the office is told."""
    today = today or timezone.localdate()
    locked = _locked(referral)
    if locked.status == Status.SENT and (locked.due_by is None or locked.due_by >= today):
        raise ReferralError(_("The entity still has time to answer this referral."))
    referral = _move(locked, "expire", actor=actor, reason_code=Reason.NO_ANSWER, source="task")
    OfficeNotice.objects.create(office=referral.office, referral=referral, kind=OfficeNotice.Kind.EXPIRED)
    webhook_events.referral_changed("referral.expired", referral)
    return referral


def referrals_warn_expiring(today=None, days: int = 2) -> int:
    """Tell members whose sent referral expires within ``days`` that the entity has not answered yet (once)."""
    today = today or timezone.localdate()
    due = Referral.objects.filter(
        status=Status.SENT, due_by__gte=today, due_by__lte=today + timedelta(days=days)
    )
    told = 0
    for referral in due.select_related("member__household__office", "opportunity__entity"):
        with transaction.atomic():
            told += bool(tell_member("referral.expiring", referral))
    return told


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
        locked = _locked(referral)
        if locked.status in SUSPENSION_WITHDRAWS:
            settled["withdrawn"].append(
                _move(
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


def expire_overdue(today=None) -> int:
    """Expire every sent referral whose answer date has passed; each in its own transaction."""
    today = today or timezone.localdate()
    expired = 0
    for referral in Referral.objects.filter(status=Status.SENT, due_by__lt=today).only("pk"):
        try:
            referral_expire(referral=referral, today=today)
        except ReferralError:
            continue  # answered in the meantime
        expired += 1
    return expired


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


@transaction.atomic
def notice_mark_read(*, actor, notice: OfficeNotice) -> OfficeNotice:
    if not (actor.is_office_staff and actor.office_id == notice.office_id):
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def outcome_import_create(*, actor, uploaded_file) -> OutcomeImport:
    if actor is None or not actor.is_partner:
        raise PermissionDenied
    job = OutcomeImport.objects.create(
        entity_id=actor.entity_id,
        uploaded_by=actor,
        file=uploaded_file,
        original_name=uploaded_file.name[:200],
    )
    audit_record(
        actor=actor, action="referral.outcome_import", obj=job, changes={"file": [None, job.original_name]}
    )
    return job


def outcome_import_progress(*, job, state: str | None = None, rows_done: int | None = None) -> None:
    updates = {}
    if state is not None:
        updates["state"] = state
        job.state = state
    if rows_done is not None:
        updates["rows_done"] = rows_done
        job.rows_done = rows_done
    OutcomeImport.objects.filter(pk=job.pk).update(**updates)


@transaction.atomic
def outcome_import_finish(*, job, result, error: str) -> None:
    from dataclasses import asdict

    job.finished_at = timezone.now()
    if result is None:
        job.state = OutcomeImport.State.FAILED
        job.error = error[:2000]
    else:
        job.state = OutcomeImport.State.DONE
        job.result = result.summary()
        job.rows_done = job.rows_total = result.rows
        job.rejected = [asdict(r) for r in result.rejections[:2000]]
    job.save(update_fields=["finished_at", "state", "error", "result", "rows_done", "rows_total", "rejected"])
