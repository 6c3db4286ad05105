"""Every change to a case: named actions that check who may do it from which state, then write and audit."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.accounts.models import Role, User
from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.core.models import AuditEvent
from tamkeen.notifications.events import in_their_language
from tamkeen.notifications.services import notify
from tamkeen.registry.models import Household, Member, RecordChange

from .models import CaseExit, CaseNote, EmpowermentPlan, HouseholdTransition, PlanAction
from .rules import transition_ends_on
from .selectors import transition_period_on


class CaseError(ValidationError):
    pass


def _is_office_staff_of(actor, office_id: int) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_office_staff and actor.office_id == office_id)


def _check_office_staff(actor, member: Member) -> None:
    if not _is_office_staff_of(actor, member.household.office_id):
        raise PermissionDenied(_("Only the staff of the member's office may change this case."))


def _check_supervisor(actor, office_id: int) -> None:
    if not (_is_office_staff_of(actor, office_id) and actor.is_supervisor):
        raise PermissionDenied(_("Only a supervisor of the office may do this."))


# ---------------------------------------------------------------- plans


def _locked_plan(plan: EmpowermentPlan) -> EmpowermentPlan:
    return (
        EmpowermentPlan.objects.select_for_update(of=("self",))
        .select_related("member__household")
        .get(pk=plan.pk)
    )


@transaction.atomic
def plan_create(*, actor, member: Member, track: str, goals: str = "", assessment=None) -> EmpowermentPlan:
    member = Member.objects.select_related("household").get(pk=member.pk)
    _check_office_staff(actor, member)
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
    _check_office_staff(actor, plan.member)
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
    _check_office_staff(actor, plan.member)
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
    return action


@transaction.atomic
def plan_action_mark_done(*, actor, action: PlanAction) -> PlanAction:
    action = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan__member__household")
        .get(pk=action.pk)
    )
    _check_office_staff(actor, action.plan.member)
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
    return action


@transaction.atomic
def plan_submit(*, actor, plan: EmpowermentPlan) -> EmpowermentPlan:
    plan = _locked_plan(plan)
    _check_office_staff(actor, plan.member)
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
    return plan


def _check_decider(actor, plan: EmpowermentPlan) -> None:
    _check_supervisor(actor, plan.member.household.office_id)
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
    return plan


@transaction.atomic
def plan_revise(*, actor, plan: EmpowermentPlan) -> EmpowermentPlan:
    """Changing an approved plan makes the next version as a draft; the approved one stays as it was."""
    plan = _locked_plan(plan)
    _check_office_staff(actor, plan.member)
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
    return new


# ---------------------------------------------------------------- notes and caseloads


@transaction.atomic
def note_add(*, actor, member: Member, text: str, is_confidential: bool) -> CaseNote:
    member = Member.objects.select_related("household").get(pk=member.pk)
    _check_office_staff(actor, member)
    text = text.strip()
    if not text:
        raise CaseError(_("A note cannot be empty."))
    note = CaseNote.objects.create(
        member=member,
        author=actor,
        author_office_id=actor.office_id,
        text=text,
        is_confidential=is_confidential,
    )
    # The audit line records that a note was written, never its text.
    audit_record(
        actor=actor,
        action="note.add",
        obj=note,
        member_id=member.pk,
        changes={"is_confidential": [None, is_confidential]},
    )
    return note


NOTE_BREAK_GLASS = "cases.note.break_glass"


@transaction.atomic
def note_break_glass(*, actor, note: CaseNote, reason: str) -> CaseNote:
    """Open a confidential note from outside its author's office: allowed only with a reason, which is audited."""
    from .access import can_break_glass

    if not can_break_glass(actor, note):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < 10:
        raise CaseError(_("Write why you need to open this confidential note (at least 10 characters)."))
    audit_record(
        actor=actor,
        action=NOTE_BREAK_GLASS,
        obj=note,
        member_id=note.member_id,
        reason=reason,
        kind=AuditEvent.Kind.READ,
        changes={"author_office": [None, note.author_office_id]},
    )
    return note


@transaction.atomic
def caseload_reassign(*, actor, member: Member, to_worker: User, reason: str = "") -> Member:
    member = Member.objects.select_for_update(of=("self",)).select_related("household").get(pk=member.pk)
    _check_supervisor(actor, member.household.office_id)
    if not (
        to_worker.role == Role.CASE_WORKER
        and to_worker.office_id == member.household.office_id
        and to_worker.is_active
    ):
        raise CaseError(_("A member can only be assigned to an active case worker of the member's office."))
    old = member.case_worker_id
    if old == to_worker.pk:
        return member
    member.case_worker = to_worker
    member.save(update_fields=["case_worker", "updated_at"])
    RecordChange.objects.create(
        household=member.household,
        member=member,
        actor=actor,
        source="cases",
        changes={"case_worker": [old, to_worker.pk]},
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="caseload.reassign",
        obj=member,
        member_id=member.pk,
        changes={"case_worker": [old, to_worker.pk]},
        reason=reason,
    )
    return member


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
    return total


# ---------------------------------------------------------------- exits and re-entry


def _set_household_status(*, actor, household: Household, status: str, action: str, reason: str = "") -> None:
    old = household.status
    household.status = status
    household.save(update_fields=["status", "updated_at"])
    RecordChange.objects.create(
        household=household,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        source="cases",
        changes={"status": [old, status]},
        reason=reason,
    )
    audit_record(actor=actor, action=action, obj=household, changes={"status": [old, status]}, reason=reason)


def _locked_household(household: Household) -> Household:
    return Household.objects.select_for_update().get(pk=household.pk)


@transaction.atomic
def household_enter_transition(*, actor, household: Household, outcome_date: date) -> HouseholdTransition:
    """Called by outcomes when an employment or economic outcome is verified; who may verify is checked there
    (a verification may come from an import run by no one). A household already in transition keeps its
    period (the first verified outcome starts it); one that has exited must re-enter first."""
    household = _locked_household(household)
    open_one = HouseholdTransition.objects.filter(
        household=household, status=HouseholdTransition.Status.OPEN
    ).first()
    if open_one is not None:
        return open_one
    if household.status != Household.Status.ACTIVE:
        raise CaseError(
            _("Only an active household can enter the transition period (now: %(status)s).")
            % {"status": household.get_status_display()}
        )
    period = transition_period_on(outcome_date)
    transition = HouseholdTransition.objects.create(
        household=household,
        outcome_date=outcome_date,
        months=period.months,
        ends_on=transition_ends_on(outcome_date, period),
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _set_household_status(
        actor=actor,
        household=household,
        status=Household.Status.IN_TRANSITION,
        action="household.enter_transition",
    )
    return transition


@transaction.atomic
def household_graduate(*, actor, household: Household, today: date | None = None) -> CaseExit:
    household = _locked_household(household)
    _check_supervisor(actor, household.office_id)
    today = today or timezone.localdate()
    transition = (
        HouseholdTransition.objects.select_for_update()
        .filter(household=household, status=HouseholdTransition.Status.OPEN)
        .first()
    )
    if household.status != Household.Status.IN_TRANSITION or transition is None:
        raise CaseError(_("Only a household in its transition period can graduate."))
    if transition.ends_on > today:
        raise CaseError(
            _("The transition period ends on %(date)s; the household graduates after that.")
            % {"date": transition.ends_on.isoformat()}
        )
    transition.status = HouseholdTransition.Status.GRADUATED
    transition.save(update_fields=["status", "updated_at"])
    case_exit = CaseExit.objects.create(
        household=household,
        kind=CaseExit.Kind.GRADUATED,
        transition=transition,
        exited_on=today,
        decided_by=actor,
    )
    _set_household_status(
        actor=actor, household=household, status=Household.Status.GRADUATED, action="household.graduate"
    )
    return case_exit


@transaction.atomic
def household_exit_sanction(
    *,
    actor,
    household: Household,
    ground: str,
    legal_reference: str,
    reason: str = "",
    today: date | None = None,
) -> CaseExit:
    household = _locked_household(household)
    _check_supervisor(actor, household.office_id)
    if household.status not in (Household.Status.ACTIVE, Household.Status.IN_TRANSITION):
        raise CaseError(_("Only an active household or one in transition can be exited."))
    if ground not in CaseExit.Ground.values or not legal_reference.strip():
        raise CaseError(_("A sanction exit needs its ground and its legal reference."))
    HouseholdTransition.objects.filter(household=household, status=HouseholdTransition.Status.OPEN).update(
        status=HouseholdTransition.Status.CANCELLED
    )
    case_exit = CaseExit.objects.create(
        household=household,
        kind=CaseExit.Kind.SANCTION,
        ground=ground,
        legal_reference=legal_reference.strip(),
        reason=reason,
        exited_on=today or timezone.localdate(),
        decided_by=actor,
    )
    _set_household_status(
        actor=actor,
        household=household,
        status=Household.Status.EXITED,
        action="household.exit_sanction",
        reason=f"{ground}: {legal_reference.strip()}",
    )
    head = household.members.filter(relation="head").first()
    if head is not None:
        notify(
            event="case.sanction_exit",
            member=head,
            context={
                "date": case_exit.exited_on,
                "ground": in_their_language(case_exit.get_ground_display),
                "appeal_days": getattr(settings, "TAMKEEN_APPEAL_DAYS", 30),
                "dedupe_key": f"sanction:{case_exit.pk}",
            },
            required=True,
        )
    return case_exit


@transaction.atomic
def household_reenter(*, actor, household: Household, reason: str) -> Household:
    """Back to active after a lost job or a lifted sanction: the members' plans, notes and assessments are
    untouched, so the case resumes where it stopped."""
    household = _locked_household(household)
    # The regional manager decides appeals against sanction exits, and a reversed exit restores the case.
    is_regional_manager = bool(
        actor
        and actor.is_authenticated
        and actor.is_manager
        and actor.region_id == household.office.region_id
    )
    if not (_is_office_staff_of(actor, household.office_id) or is_regional_manager):
        raise PermissionDenied(_("Only the staff of the household's office may restore its case."))
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Say why the household re-enters."))
    if household.status == Household.Status.IN_TRANSITION:
        HouseholdTransition.objects.filter(
            household=household, status=HouseholdTransition.Status.OPEN
        ).update(status=HouseholdTransition.Status.CANCELLED)
    elif household.status in (Household.Status.GRADUATED, Household.Status.EXITED):
        standing = (
            CaseExit.objects.select_for_update()
            .filter(household=household, reentered_at__isnull=True)
            .first()
        )
        if standing is not None:
            standing.reentered_at, standing.reentered_by, standing.reentry_reason = (
                timezone.now(),
                actor,
                reason,
            )
            standing.save(update_fields=["reentered_at", "reentered_by", "reentry_reason", "updated_at"])
    else:
        raise CaseError(_("Only a household that has exited or is in transition can re-enter."))
    _set_household_status(
        actor=actor,
        household=household,
        status=Household.Status.ACTIVE,
        action="household.reenter",
        reason=reason,
    )
    return household


@transaction.atomic
def plan_action_link_referral(*, actor, action: PlanAction, referral) -> PlanAction:
    """Ties a plan action to the referral that carries it out (called by the referrals app or a case worker)."""
    action = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan__member__household")
        .get(pk=action.pk)
    )
    _check_office_staff(actor, action.plan.member)
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
