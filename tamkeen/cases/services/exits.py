"""A household's way out and back: the transition period after a hire, graduation, a sanction, re-entry."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.core.hijri import format_dual
from tamkeen.notifications.events import in_their_language
from tamkeen.notifications.services import notify
from tamkeen.registry.models import Household, RecordChange

from ..models import CaseExit, HouseholdTransition
from ..rules import transition_ends_on
from ..selectors import transition_period_on
from .checks import CaseError, check_supervisor, is_office_staff_of


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
    check_supervisor(actor, household.office_id)
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
            % {"date": format_dual(transition.ends_on, get_language())}
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
    check_supervisor(actor, household.office_id)
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
    if not (is_office_staff_of(actor, household.office_id) or is_regional_manager):
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
