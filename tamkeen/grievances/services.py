"""Every write to grievances and appeals: intake, handling, escalation, answers, service-level times, appeals."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.accounts.models import Role, User
from tamkeen.core.audit import audit_record
from tamkeen.core.phones import InvalidPhone, parse_mobile
from tamkeen.registry.access import members_visible_to

from . import messages, rules
from .access import can_close, can_handle, may_decide_appeals
from .models import Appeal, Category, Channel, Grievance, GrievanceEvent, ServiceLevel


class GrievanceError(ValidationError):
    pass


# ---- service-level times -----------------------------------------------------------------------------------


def service_level_for(category: Category, day: date) -> rules.ServiceLevelRule:
    """The category's own rule in effect that day, else its parent's, else the platform default."""
    for candidate in (category, category.parent):
        if candidate is None:
            continue
        rule = rules.rule_in_effect([level.as_rule() for level in candidate.service_levels.all()], day)
        if rule is not None:
            return rule
    return rules.ServiceLevelRule(date.min, rules.DEFAULT_HOURS, rules.DEFAULT_MANAGER_HOURS)


def may_set_service_levels(actor) -> bool:
    """The administrator and a region's manager; the national manager reads the times and sets none."""
    return actor.is_administrator or (actor.is_manager and not actor.is_national_manager)


@transaction.atomic
def service_level_set(
    *, actor, category: Category, hours: int, manager_hours: int, effective_from: date, legal_reference: str = "",
    today: date | None = None,
) -> ServiceLevel:  # fmt: skip
    """A new time for a category from a date; today or later, so no figure already reported can change."""
    if not may_set_service_levels(actor):
        raise PermissionDenied(_("Only the administrator or the regional manager sets service-level times."))
    today = today or timezone.localdate()
    if effective_from < today:
        raise GrievanceError(
            _("A new time takes effect today or later, never in the past."), code="backdated"
        )
    if hours < 1 or manager_hours < 1:
        raise GrievanceError(_("Times are whole hours, at least one."), code="hours")
    if ServiceLevel.objects.filter(category=category, effective_from=effective_from).exists():
        raise GrievanceError(_("This category already has a time from that date."), code="duplicate")
    level = ServiceLevel.objects.create(
        category=category, hours=hours, manager_hours=manager_hours, effective_from=effective_from,
        legal_reference=legal_reference.strip(), created_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor, action="grievance.service_level.set", obj=level,
        changes={"hours": [None, hours], "manager_hours": [None, manager_hours],
                 "effective_from": [None, effective_from]},
    )  # fmt: skip
    return level


# ---- grievances ----------------------------------------------------------------------------------------------


def _event(grievance, kind, *, actor, at, from_level="", to_level=""):
    GrievanceEvent.objects.create(
        grievance=grievance, kind=kind, actor=actor, at=at, from_level=from_level, to_level=to_level
    )


def _person(grievance: Grievance) -> dict:
    """Whom to tell: the member; for an anonymous portal filing only the sign-in that filed it, in the portal
    (an SMS or a message tied to the member would name them in the office's message log)."""
    if grievance.member_id is not None:
        return {"member": grievance.member}
    return {"user": grievance.filed_by, "channels": ("in_app",)} if grievance.filed_by_id else {}


@transaction.atomic
def grievance_file(
    *,
    actor,
    channel: str,
    category: Category,
    subject: str,
    description: str,
    member=None,
    is_anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    now=None,
) -> Grievance:
    """From the portal (the signed-in member about themself) or recorded by office staff at the counter or on
    the phone (about a member they see, or about nobody named)."""
    now = now or timezone.now()
    subject, description = subject.strip(), description.strip()
    if not subject or not description:
        raise GrievanceError(_("Give a subject and the details."), code="empty")
    if not category.is_active:
        raise GrievanceError(_("Choose a category."), code="category")
    if channel == Channel.PORTAL:
        if not actor.is_beneficiary:
            raise PermissionDenied
        own = members_visible_to(actor).filter(user=actor).select_related("household").first()
        if own is None:
            raise PermissionDenied(_("Your sign-in is not linked to a member."))
        office_id, filed_by, recorded_by = own.household.office_id, actor, None
        member = None if is_anonymous else own
        contact_name = contact_phone = ""
    elif channel in (Channel.OFFICE, Channel.PHONE):
        if not actor.is_office_staff:
            raise PermissionDenied
        if member is not None and not members_visible_to(actor).filter(pk=member.pk).exists():
            raise PermissionDenied(_("This member is not in your office."))
        office_id, filed_by, recorded_by = actor.office_id, None, actor
        if is_anonymous:
            member, contact_name, contact_phone = None, "", ""
        elif contact_phone:
            try:
                contact_phone = parse_mobile(contact_phone)
            except InvalidPhone:
                raise GrievanceError(_("Enter a Saudi mobile number."), code="phone") from None
    else:
        raise GrievanceError(_("Unknown channel."), code="channel")
    rule = service_level_for(category, timezone.localdate(now))
    assignee = None
    if member is not None and member.case_worker_id is not None:
        worker = member.case_worker
        if worker.is_active and worker.is_office_staff and worker.office_id == office_id:
            assignee = worker
    grievance = Grievance.objects.create(
        channel=channel, category=category, office_id=office_id, member=member, is_anonymous=is_anonymous,
        contact_name=contact_name.strip()[:120], contact_phone=contact_phone, filed_by=filed_by,
        recorded_by=recorded_by, subject=subject[:200], description=description, assigned_to=assignee,
        received_at=now, due_at=rules.due_at(now, rule.hours), manager_hours=rule.manager_hours,
    )  # fmt: skip
    _event(grievance, GrievanceEvent.Kind.RECEIVED, actor=actor, at=now)
    audit_record(
        actor=actor, action="grievance.file", obj=grievance, member_id=grievance.member_id,
        changes={"status": [None, grievance.status], "category": [None, category.code], "channel": [None, channel]},
    )  # fmt: skip
    messages.tell(
        event=messages.RECEIVED, context=messages.grievance_context(grievance), **_person(grievance)
    )
    return grievance


def _locked(grievance: Grievance) -> Grievance:
    return (
        Grievance.objects.select_for_update(of=("self",))
        .select_related("office", "category", "member", "filed_by")
        .get(pk=grievance.pk)
    )


def _check_open(grievance: Grievance) -> None:
    if not grievance.is_open:
        raise GrievanceError(_("This grievance has already been answered."), code="answered")


@transaction.atomic
def grievance_take(*, actor, grievance: Grievance, now=None) -> Grievance:
    grievance = _locked(grievance)
    _check_open(grievance)
    if not can_handle(actor, grievance):
        raise PermissionDenied(_("This grievance is held at another level or office."))
    previous = grievance.status
    grievance.status, grievance.assigned_to = Grievance.Status.IN_PROGRESS, actor
    grievance.save(update_fields=["status", "assigned_to", "updated_at"])
    _event(grievance, GrievanceEvent.Kind.TAKEN, actor=actor, at=now or timezone.now())
    audit_record(
        actor=actor, action="grievance.take", obj=grievance, member_id=grievance.member_id,
        changes={"status": [previous, grievance.status], "assigned_to": [None, actor.pk]},
    )  # fmt: skip
    return grievance


@transaction.atomic
def grievance_answer(*, actor, grievance: Grievance, answer: str, now=None) -> Grievance:
    """The answer is written and sent to the person (when there is someone to send it to)."""
    now = now or timezone.now()
    grievance = _locked(grievance)
    _check_open(grievance)
    if not can_handle(actor, grievance):
        raise PermissionDenied(_("This grievance is held at another level or office."))
    answer = answer.strip()
    if not answer:
        raise GrievanceError(_("Write the answer."), code="empty")
    previous = grievance.status
    grievance.status, grievance.answer, grievance.answered_at, grievance.answered_by = (
        Grievance.Status.ANSWERED, answer, now, actor,
    )  # fmt: skip
    grievance.save(update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"])
    _event(grievance, GrievanceEvent.Kind.ANSWERED, actor=actor, at=now)
    audit_record(
        actor=actor, action="grievance.answer", obj=grievance, member_id=grievance.member_id,
        changes={"status": [previous, grievance.status]},
    )  # fmt: skip
    messages.tell(
        event=messages.ANSWERED, context=messages.grievance_context(grievance), **_person(grievance)
    )
    return grievance


@transaction.atomic
def grievance_close(*, actor, grievance: Grievance, note: str = "", now=None) -> Grievance:
    """Answered grievances are closed; an unanswered one only with a note saying why (a duplicate, withdrawn)."""
    now = now or timezone.now()
    grievance = _locked(grievance)
    if grievance.status == Grievance.Status.CLOSED:
        raise GrievanceError(_("This grievance is already closed."), code="closed")
    if not can_close(actor, grievance):
        raise PermissionDenied(_("This grievance is held at another level or office."))
    note = note.strip()
    if grievance.status != Grievance.Status.ANSWERED and not note:
        raise GrievanceError(_("Say why a grievance is closed without an answer."), code="note")
    previous = grievance.status
    grievance.status, grievance.closed_at, grievance.closing_note = Grievance.Status.CLOSED, now, note[:300]
    grievance.save(update_fields=["status", "closed_at", "closing_note", "updated_at"])
    _event(grievance, GrievanceEvent.Kind.CLOSED, actor=actor, at=now)
    audit_record(
        actor=actor, action="grievance.close", obj=grievance, member_id=grievance.member_id,
        changes={"status": [previous, grievance.status]}, reason=note,
    )  # fmt: skip
    return grievance


def _holder(grievance: Grievance, level: str) -> User | None:
    staff = User.objects.filter(is_active=True).order_by("pk")
    if level == rules.SUPERVISOR:
        return staff.filter(role=Role.SUPERVISOR, office_id=grievance.office_id).first()
    return staff.filter(role=Role.MANAGER, region_id=grievance.office.region_id).first()


def grievances_escalate(*, now=None) -> int:
    """The periodic job: every unanswered grievance whose time has passed goes up a level (worker, supervisor,
    manager); the new holder is told, and the person is told the first time their grievance is late."""
    now = now or timezone.now()
    escalated = 0
    late = Grievance.objects.filter(
        status__in=[Grievance.Status.RECEIVED, Grievance.Status.IN_PROGRESS], due_at__lte=now
    ).exclude(level=rules.MANAGER)
    for pk in late.values_list("pk", flat=True):
        with transaction.atomic():
            grievance = _locked(Grievance(pk=pk))
            if not grievance.is_open:
                continue
            target = rules.escalation_target(
                current=grievance.level, due=grievance.due_at, manager_hours=grievance.manager_hours, now=now
            )
            if target is None:
                continue
            previous, first_time = grievance.level, grievance.level == rules.WORKER
            holder = _holder(grievance, target)
            grievance.level, grievance.assigned_to, grievance.escalated_at = target, holder, now
            grievance.save(update_fields=["level", "assigned_to", "escalated_at", "updated_at"])
            _event(
                grievance,
                GrievanceEvent.Kind.ESCALATED,
                actor=None,
                at=now,
                from_level=previous,
                to_level=target,
            )
            audit_record(
                actor=None, action="grievance.escalate", obj=grievance, member_id=grievance.member_id,
                changes={"level": [previous, target], "assigned_to": [None, holder.pk if holder else None]},
            )  # fmt: skip
            context = messages.grievance_context(grievance)
            if holder is not None:
                messages.tell(event=messages.ESCALATED, context=context, user=holder)
            if first_time:
                messages.tell(event=messages.DELAYED, context=context, **_person(grievance))
            escalated += 1
    return escalated


# ---- appeals ---------------------------------------------------------------------------------------------------


def declined_proposal_decider(referral):
    """Who declined a proposal: the office user who withdrew it while it was still proposed, or None when the
    referral is not a declined proposal."""
    from tamkeen.referrals.models import ReferralEvent, Status

    if referral.status != Status.WITHDRAWN:
        return None
    event = (
        ReferralEvent.objects.filter(referral=referral, to_status=Status.WITHDRAWN)
        .order_by("-at", "-id")
        .first()
    )
    if event is None or event.from_status != Status.PROPOSED or event.actor is None:
        return None
    return event.actor


def _appeal_target(decision) -> dict:
    from tamkeen.cases.models import CaseExit
    from tamkeen.referrals.models import Referral

    if isinstance(decision, CaseExit):
        if decision.kind != CaseExit.Kind.SANCTION or decision.reentered_at is not None:
            raise GrievanceError(_("Only a standing sanction exit can be appealed."), code="not_appealable")
        return {
            "kind": Appeal.Kind.SANCTION_EXIT, "case_exit": decision, "household": decision.household,
            "original_decider": decision.decided_by,
        }  # fmt: skip
    if isinstance(decision, Referral):
        decider = declined_proposal_decider(decision)
        if decider is None:
            raise GrievanceError(
                _("Only a proposal the office declined can be appealed."), code="not_appealable"
            )
        return {
            "kind": Appeal.Kind.DECLINED_PROPOSAL, "referral": decision, "household": decision.member.household,
            "original_decider": decider, "member": decision.member,
        }  # fmt: skip
    from tamkeen.privacy.models import CorrectionRequest

    if isinstance(decision, CorrectionRequest):
        if decision.status != CorrectionRequest.Status.REJECTED:
            raise GrievanceError(
                _("Only a rejected correction request can be appealed."), code="not_appealable"
            )
        return {
            "kind": Appeal.Kind.REJECTED_CORRECTION, "correction_request": decision,
            "household": decision.member.household, "original_decider": decision.decided_by,
            "member": decision.member,
        }  # fmt: skip
    raise GrievanceError(_("This decision cannot be appealed here."), code="not_appealable")


@transaction.atomic
def appeal_file(
    *, actor, decision, legal_ground: str, statement: str = "", channel: str = Channel.PORTAL, now=None
) -> Appeal:
    target = _appeal_target(decision)
    household = target.pop("household")
    legal_ground = legal_ground.strip()
    if not legal_ground:
        raise GrievanceError(_("State the legal ground of the appeal."), code="ground")
    if actor.is_beneficiary:
        channel = Channel.PORTAL
        own = members_visible_to(actor).filter(user=actor, household=household).first()
        if own is None or (target.get("member") not in (None, own)):
            raise PermissionDenied(_("You can appeal only decisions about yourself or your household."))
        member = own
    elif actor.is_office_staff and actor.office_id == household.office_id and channel != Channel.PORTAL:
        member = target.get("member") or household.members.filter(relation="head").first()
        if member is None:
            raise GrievanceError(_("The household has no head to appeal in its name."), code="no_member")
    else:
        raise PermissionDenied
    target.pop("member", None)
    appeal = Appeal.objects.create(
        member=member, office_id=household.office_id, channel=channel, legal_ground=legal_ground[:300],
        statement=statement.strip(), filed_by=actor, **target,
    )  # fmt: skip
    audit_record(
        actor=actor, action="appeal.file", obj=appeal, member_id=member.pk,
        changes={"status": [None, appeal.status], "kind": [None, appeal.kind]}, reason=legal_ground,
    )  # fmt: skip
    messages.tell(event=messages.APPEAL_RECEIVED, context=messages.appeal_context(appeal), member=member)
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, reverse: bool, reason: str, now=None) -> Appeal:
    """Upheld, or reversed through the service of the app that owns the decision."""
    now = now or timezone.now()
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related(
            "office",
            "member",
            "case_exit__household",
            "referral__member__household",
            "correction_request__member",
        )
        .get(pk=appeal.pk)
    )
    if appeal.status != Appeal.Status.RECEIVED:
        raise GrievanceError(_("This appeal has already been decided."), code="decided")
    if appeal.original_decider_id is not None and appeal.original_decider_id == actor.pk:
        raise PermissionDenied(_("The person who took a decision never decides its appeal."))
    if not may_decide_appeals(actor, appeal):
        raise PermissionDenied(_("Appeals are decided by the office supervisor or the regional manager."))
    reason = reason.strip()
    if not reason:
        raise GrievanceError(_("Give the reasons for the decision on the appeal."), code="reason")
    if reverse:
        note = _("Appeal %(reference)s: %(reason)s") % {"reference": appeal.reference, "reason": reason}
        if appeal.kind == Appeal.Kind.SANCTION_EXIT:
            from tamkeen.cases.services import household_reenter

            household_reenter(actor=actor, household=appeal.case_exit.household, reason=note[:300])
        elif appeal.kind == Appeal.Kind.REJECTED_CORRECTION:
            # The registry owns the member's record; privacy's rule cleans the value as the request did.
            from tamkeen.privacy.services import correction_values
            from tamkeen.registry.services import member_update

            request = appeal.correction_request
            values = correction_values(request.member, request.field, request.proposed_value)
            member_update(actor=actor, member=request.member, values=values, reason=note[:300])
        else:
            from tamkeen.referrals.services import referral_propose

            referral_propose(
                actor=actor, member=appeal.referral.member, opportunity=appeal.referral.opportunity, note=note
            )
    previous = appeal.status
    appeal.status = Appeal.Status.REVERSED if reverse else Appeal.Status.UPHELD
    appeal.decided_by, appeal.decided_at, appeal.decision_reason = actor, now, reason
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    audit_record(
        actor=actor, action="appeal.decide", obj=appeal, member_id=appeal.member_id,
        changes={"status": [previous, appeal.status]}, reason=reason,
    )  # fmt: skip
    messages.tell(
        event=messages.APPEAL_DECIDED,
        context=messages.appeal_context(appeal),
        member=appeal.member,
        required=True,
    )
    return appeal
