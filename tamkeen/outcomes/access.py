"""The doors to outcomes, follow-ups and employment-file imports, and who may do what with an outcome.

Outcomes follow the registry's visibility (tamkeen.registry.access): office staff see the outcomes of the members
in their scope (their office, or only their caseload when so configured), a regional manager those of the region.
Partner staff never open an outcome: they see a person only through a referral sent to them with active consent
(tamkeen.referrals.access), and there they may confirm the referral's outcome — evidence for the office, never a
decision. The office (or the social-insurance file, read in by the region's manager) verifies and refutes.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tamkeen.accounts.access import in_visible_regions
from tamkeen.core.access import get_visible_or_404
from tamkeen.referrals.access import referrals_visible_to, with_consent_state
from tamkeen.registry.access import can_edit_member, members_editable_by, members_visible_to
from tamkeen.registry.models import Member

from .models import EmploymentImport, FollowUp, Outcome


def outcomes_visible_to(user) -> QuerySet[Outcome]:
    if not getattr(user, "is_authenticated", False) or user.is_partner:
        return Outcome.objects.none()
    return Outcome.objects.filter(member__in=members_visible_to(user))


def outcomes_confirmable_by(user) -> QuerySet[Outcome]:
    """Outcomes of referrals sent to the user's entity whose member's consent to it still stands."""
    if not getattr(user, "is_authenticated", False) or not user.is_partner:
        return Outcome.objects.none()
    shared = with_consent_state(referrals_visible_to(user)).filter(is_consent_active=True)
    return Outcome.objects.filter(referral__in=shared.values("pk"))


def can_view_outcome(user, outcome: Outcome) -> bool:
    return outcomes_visible_to(user).filter(pk=outcome.pk).exists()


def can_report_outcome(actor, member: Member) -> bool:
    """Office staff in scope record outcomes; ``None`` is a system job (a verification file, the seed)."""
    return actor is None or can_edit_member(actor, member)


def can_verify_outcome(actor, outcome: Outcome) -> bool:
    """The office that works the member's case, or the region's manager who reads the social-insurance files in;
    ``None`` is a system job (the verification file run from the command line, the seed)."""
    if actor is None:
        return True
    if actor.is_manager:
        return members_visible_to(actor).filter(pk=outcome.member_id).exists()
    return actor.is_office_staff and can_edit_member(actor, outcome.member)


def can_refute_outcome(actor, outcome: Outcome) -> bool:
    return can_verify_outcome(actor, outcome)


def can_confirm_outcome(actor, outcome: Outcome) -> bool:
    return (
        actor is not None
        and outcome.referral_id is not None
        and outcomes_confirmable_by(actor).filter(pk=outcome.pk).exists()
    )


def can_record_follow_up(actor, follow_up: FollowUp) -> bool:
    return actor is None or (actor.is_office_staff and can_edit_member(actor, follow_up.outcome.member))


def access_outcome(user, pk) -> Outcome:
    return get_visible_or_404(
        outcomes_visible_to(user).select_related(
            "member__household__office", "office", "entity", "financing_body", "referral"
        ),
        pk=pk,
    )


def access_outcome_for_confirmation(user, pk) -> Outcome:
    return get_visible_or_404(outcomes_confirmable_by(user).select_related("referral"), pk=pk)


def members_for_outcomes(user) -> QuerySet[Member]:
    """Members an outcome may be recorded for: office staff of the member, in their scope."""
    return members_editable_by(user)


def access_member_for_outcome(user, pk) -> Member:
    return get_visible_or_404(members_for_outcomes(user).select_related("household"), pk=pk)


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    """A case worker's own follow-ups in their scope, a supervisor's office, a manager's region."""
    if not getattr(user, "is_authenticated", False) or user.is_partner:
        return FollowUp.objects.none()
    follow_ups = FollowUp.objects.filter(outcome__member__in=members_visible_to(user))
    if user.is_case_worker:
        return follow_ups.filter(assigned_to=user)
    return follow_ups


def access_follow_up_for_work(user, pk) -> FollowUp:
    follow_up = get_visible_or_404(
        follow_ups_visible_to(user).select_related("outcome__member__household"), pk=pk
    )
    if not can_record_follow_up(user, follow_up):
        raise PermissionDenied
    return follow_up


def employment_imports_visible_to(user) -> QuerySet[EmploymentImport]:
    if not getattr(user, "is_authenticated", False):
        return EmploymentImport.objects.none()
    # Social-insurance files cover the whole region: the regional manager reads them in.
    if user.is_manager:
        return in_visible_regions(EmploymentImport.objects.all(), user, "uploaded_by__region_id")
    return EmploymentImport.objects.none()


def may_upload_employment(user) -> bool:
    """A region's manager reads a social-insurance file in; the national manager reads every region's imports
    and uploads none (an import is scoped by its uploader's region, and a national one would belong to none)."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_manager and not user.is_national_manager


def access_employment_import(user, pk) -> EmploymentImport:
    return get_visible_or_404(employment_imports_visible_to(user), pk=pk)
