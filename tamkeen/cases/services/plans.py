"""Empowerment plans: drafting, actions, submission, the supervisor's decision, revisions, overdue actions and
the referral that carries an action out."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core import office_figures
from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.notifications.events import in_their_language
from tamkeen.notifications.services import notify
from tamkeen.registry.models import Member

from ..models import EmpowermentPlan, PlanAction
from .checks import CaseError, check_office_staff, check_supervisor


def _locked_plan(plan: EmpowermentPlan) -> EmpowermentPlan:
    return (
        EmpowermentPlan.objects.select_for_update(of=("self",))
        .select_related("member__household")
        .get(pk=plan.pk)
    )


@transaction.atomic
def plan_create(*, actor, member: Member, track: str, goals: str = "", assessment=None) -> EmpowermentPlan:
    member = Member.objects.select_related("household").get(pk=member.pk)
    check_office_staff(actor, member)
    if EmpowermentPlan.objects.select_for_update().filter(member=member, is_current=True).exists():
        raise CaseError(_("The member already has a plan; change it or make a new version of it."))
    plan = EmpowermentPlan.objects.create(
        member=member, track=track, goals=goals, assessment=assessment, created_by=actor, version=1
    )
    audit_record(
        actor=actor, action="plan.create", obj=plan, member_id=member.pk, changes={"track": ["", track]}
    )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: EmpowermentPlan, track: str, goals: str) -> EmpowermentPlan:
    plan = _locked_plan(plan)
    check_office_staff(actor, plan.member)
    if not plan.is_editable:
        raise CaseError(_("Only a draft or returned plan can be changed."))
    values = {"track": track, "goals": goals}
    changes = changed_fields(plan, values)
    for field, value in values.items():
        setattr(plan, field, value)
    plan.save(update_fields=["track", "goals", "updated_at"])
    if changes:
        audit_record(actor=actor, action="plan.update", obj=plan, member_id=plan.member_id, changes=changes)
    return plan


@transaction.atomic
def plan_action_add(
    *, actor, plan: EmpowermentPlan, description: str, owner: str, due_date: date
) -> PlanAction:
    plan = _locked_plan(plan)
    check_office_staff(actor, plan.member)
    if not plan.is_editable:
        raise CaseError(_("Only a draft or returned plan can be changed."))
    action = PlanAction.objects.create(
        plan=plan,
        description=description,
        owner=owner,
        due_date=due_date,
        is_overdue=due_date < timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action="plan.action_add",
        obj=action,
        member_id=plan.member_id,
        changes={"description": ["", description], "due_date": ["", due_date]},
    )
    office_figures.bump(plan.member.household.office_id)
    return action


@transaction.atomic
def plan_action_mark_done(*, actor, action: PlanAction) -> PlanAction:
    action = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan__member__household")
        .get(pk=action.pk)
    )
    check_office_staff(actor, action.plan.member)
    if not action.plan.is_current:
        raise CaseError(_("This plan version has been replaced; record progress on the current one."))
    if action.is_done:
        raise CaseError(_("This action is already done."))
    action.is_done, action.done_at, action.is_overdue = True, timezone.now(), False
    action.save(update_fields=["is_done", "done_at", "is_overdue"])
    audit_record(
        actor=actor,
        action="plan.action_done",
        obj=action,
        member_id=action.plan.member_id,
        changes={"is_done": [False, True]},
    )
    office_figures.bump(action.plan.member.household.office_id)
    return action


@transaction.atomic
def plan_submit(*, actor, plan: EmpowermentPlan) -> EmpowermentPlan:
    plan = _locked_plan(plan)
    check_office_staff(actor, plan.member)
    if not plan.is_editable:
        raise CaseError(_("Only a draft or returned plan can be submitted."))
    if not plan.goals.strip() or not plan.actions.exists():
        raise CaseError(_("A plan needs goals and at least one action before it is submitted."))
    old = plan.status
    plan.status, plan.submitted_at = EmpowermentPlan.Status.SUBMITTED, timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="plan.submit",
        obj=plan,
        member_id=plan.member_id,
        changes={"status": [old, plan.status]},
    )
    office_figures.bump(plan.member.household.office_id)
    return plan


def _check_decider(actor, plan: EmpowermentPlan) -> None:
    check_supervisor(actor, plan.member.household.office_id)
    if plan.status != EmpowermentPlan.Status.SUBMITTED:
        raise CaseError(_("Only a submitted plan can be approved or returned."))
    if plan.created_by_id == actor.pk:
        raise PermissionDenied(_("A plan is approved by a supervisor other than the one who drafted it."))


@transaction.atomic
def plan_approve(*, actor, plan: EmpowermentPlan) -> EmpowermentPlan:
    plan = _locked_plan(plan)
    _check_decider(actor, plan)
    plan.status, plan.decided_by, plan.decided_at, plan.return_reason = (
        EmpowermentPlan.Status.APPROVED,
        actor,
        timezone.now(),
        "",
    )
    plan.save(update_fields=["status", "decided_by", "decided_at", "return_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="plan.approve",
        obj=plan,
        member_id=plan.member_id,
        changes={"status": [EmpowermentPlan.Status.SUBMITTED, plan.status]},
    )
    first = plan.actions.filter(is_done=False).order_by("due_date").first()
    notify(
        event="plan.approved",
        member=plan.member,
        context={
            "track": in_their_language(plan.get_track_display),
            "due": first.due_date if first else None,
            "dedupe_key": f"plan:{plan.pk}",
        },
    )
    office_figures.bump(plan.member.household.office_id)
    return plan


@transaction.atomic
def plan_return(*, actor, plan: EmpowermentPlan, reason: str) -> EmpowermentPlan:
    plan = _locked_plan(plan)
    _check_decider(actor, plan)
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Say what should change before returning the plan."))
    plan.status, plan.decided_by, plan.decided_at, plan.return_reason = (
        EmpowermentPlan.Status.RETURNED,
        actor,
        timezone.now(),
        reason,
    )
    plan.save(update_fields=["status", "decided_by", "decided_at", "return_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="plan.return",
        obj=plan,
        member_id=plan.member_id,
        reason=reason,
        changes={"status": [EmpowermentPlan.Status.SUBMITTED, plan.status]},
    )
    office_figures.bump(plan.member.household.office_id)
    return plan


@transaction.atomic
def plan_revise(*, actor, plan: EmpowermentPlan) -> EmpowermentPlan:
    """Changing an approved plan makes the next version as a draft; the approved one stays as it was."""
    plan = _locked_plan(plan)
    check_office_staff(actor, plan.member)
    if not (plan.is_current and plan.status == EmpowermentPlan.Status.APPROVED):
        raise CaseError(_("Only the current approved plan can be revised."))
    plan.is_current = False
    plan.save(update_fields=["is_current", "updated_at"])
    new = EmpowermentPlan.objects.create(
        member=plan.member,
        version=plan.version + 1,
        previous=plan,
        track=plan.track,
        goals=plan.goals,
        assessment=plan.assessment,
        created_by=actor,
    )
    PlanAction.objects.bulk_create(
        PlanAction(
            plan=new,
            description=a.description,
            owner=a.owner,
            due_date=a.due_date,
            is_done=a.is_done,
            done_at=a.done_at,
            is_overdue=a.is_overdue,
            referral_id=a.referral_id,
        )
        for a in plan.actions.all()
    )
    audit_record(
        actor=actor,
        action="plan.revise",
        obj=new,
        member_id=plan.member_id,
        changes={"version": [plan.version, new.version]},
    )
    office_figures.bump(plan.member.household.office_id)
    return new


@transaction.atomic
def actions_mark_overdue(*, today: date | None = None) -> int:
    """Flags open actions past their due date (and unflags any whose date was moved). Returns how many are overdue."""
    today = today or timezone.localdate()
    open_actions = PlanAction.objects.filter(is_done=False, plan__is_current=True)
    newly = open_actions.filter(is_overdue=False, due_date__lt=today).update(is_overdue=True)
    open_actions.filter(is_overdue=True, due_date__gte=today).update(is_overdue=False)
    total = open_actions.filter(is_overdue=True).count()
    if newly:
        audit_record(
            actor=None,
            action="plan.actions_overdue",
            object_type="cases.planaction",
            changes={"newly_overdue": [0, newly]},
        )
    office_figures.bump_all()
    return total


@transaction.atomic
def plan_action_link_referral(*, actor, action: PlanAction, referral) -> PlanAction:
    """Ties a plan action to the referral that carries it out (called by the referrals app or a case worker)."""
    action = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan__member__household")
        .get(pk=action.pk)
    )
    check_office_staff(actor, action.plan.member)
    if referral.member_id != action.plan.member_id:
        raise CaseError(_("The referral is for another member."))
    if not action.plan.is_current:
        raise CaseError(_("This plan version has been replaced; record progress on the current one."))
    old = action.referral_id
    action.referral = referral
    action.save(update_fields=["referral"])
    audit_record(
        actor=actor,
        action="plan.action_link_referral",
        obj=action,
        member_id=action.plan.member_id,
        changes={"referral": [old, referral.pk]},
    )
    return action
