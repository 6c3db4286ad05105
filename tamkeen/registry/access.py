"""Who may see which households and members (domain.md §2): the one visibility policy of the platform.

A case worker sees their office's households, or only the members assigned to them when
``settings.TAMKEEN_CASEWORKER_SCOPE == "caseload"``; a supervisor sees the office, a regional manager the
region and the national manager every region (``regions_visible_to``). A beneficiary sees their own household's file (household-level facts) and, of its members, only
themself: consent and referrals are per person. Partners, organisers, auditors and administrators do not browse
the registry (a partner sees a person only through a referral sent to it, see tamkeen.referrals.access).

Every other app builds its ``<nouns>_visible_to`` on ``members_visible_to`` / ``households_visible_to``
(``member__in=`` / ``household__in=``) instead of repeating office or region rules, so a change of scope here
is a change everywhere. The ``can_<verb>`` predicates answer the same question for one object.
"""

from django.conf import settings
from django.db.models import QuerySet

from tamkeen.accounts.access import in_visible_regions
from tamkeen.core.access import get_visible_or_404

from .models import Household, Member, RollImport


def caseload_only() -> bool:
    return getattr(settings, "TAMKEEN_CASEWORKER_SCOPE", "office") == "caseload"


def households_visible_to(user) -> QuerySet[Household]:
    households = Household.objects.all()
    if not getattr(user, "is_authenticated", False):
        return households.none()
    if user.is_case_worker:
        if caseload_only():
            return households.filter(pk__in=Member.objects.filter(case_worker=user).values("household_id"))
        return households.filter(office_id=user.office_id)
    if user.is_supervisor:
        return households.filter(office_id=user.office_id)
    if user.is_manager:
        return in_visible_regions(households, user, "office__region_id")
    if user.role == "beneficiary":
        return households.filter(members__user=user)
    return households.none()


def members_visible_to(user) -> QuerySet[Member]:
    members = Member.objects.all()
    if not getattr(user, "is_authenticated", False):
        return members.none()
    if user.is_case_worker:
        if caseload_only():
            return members.filter(case_worker=user)
        return members.filter(household__office_id=user.office_id)
    if user.is_supervisor:
        return members.filter(household__office_id=user.office_id)
    if user.is_manager:
        return in_visible_regions(members, user, "household__office__region_id")
    if user.role == "beneficiary":
        return members.filter(user=user)
    return members.none()


def households_editable_by(user) -> QuerySet[Household]:
    """Office staff change records; managers and beneficiaries only read."""
    if not getattr(user, "is_authenticated", False) or not user.is_office_staff:
        return Household.objects.none()
    return households_visible_to(user)


def members_editable_by(user) -> QuerySet[Member]:
    if not getattr(user, "is_authenticated", False) or not user.is_office_staff:
        return Member.objects.none()
    return members_visible_to(user)


def can_view_household(user, household) -> bool:
    return households_visible_to(user).filter(pk=household.pk).exists()


def _member_answer(user, member, verb: str, ask) -> bool:
    """One answer per member object, user and scope: a member's page asks its panels' questions of the same
    object (four identical existence tests on the member page before this)."""
    memo = member.__dict__.setdefault("_access_answers", {})
    key = (verb, getattr(user, "pk", None), caseload_only(), member.case_worker_id)
    if key not in memo:
        memo[key] = ask()
    return memo[key]


def can_view_member(user, member) -> bool:
    return _member_answer(
        user, member, "view", lambda: members_visible_to(user).filter(pk=member.pk).exists()
    )


def can_edit_household(user, household) -> bool:
    return households_editable_by(user).filter(pk=household.pk).exists()


def can_edit_member(user, member) -> bool:
    """Office staff in scope change a member's record and act on their case (refer, report, verify)."""
    if not getattr(user, "is_authenticated", False) or not user.is_office_staff:
        return False
    # For office staff the editable members are the visible ones (members_editable_by).
    return can_view_member(user, member)


def access_household(user, pk) -> Household:
    return get_visible_or_404(households_visible_to(user), pk=pk)


def access_member(user, pk, *, related: tuple[str, ...] = ("household",)) -> Member:
    member = get_visible_or_404(members_visible_to(user).select_related(*related), pk=pk)
    # Read through the visibility test, so it is visible: the page's panels need not ask again.
    _member_answer(user, member, "view", lambda: True)
    return member


def access_household_for_edit(user, pk) -> Household:
    return get_visible_or_404(households_editable_by(user), pk=pk)


def access_member_for_edit(user, pk) -> Member:
    return get_visible_or_404(members_editable_by(user).select_related("household"), pk=pk)


def roll_imports_visible_to(user) -> QuerySet[RollImport]:
    """Only supervisors run imports, and see their own office's."""
    if not getattr(user, "is_authenticated", False) or not user.is_supervisor:
        return RollImport.objects.none()
    return RollImport.objects.filter(office_id=user.office_id)


def access_roll_import(user, pk) -> RollImport:
    return get_visible_or_404(roll_imports_visible_to(user), pk=pk)


def access_member_for_review(user, pk) -> Member:
    """The office supervisor's door to resolving a member's review flags."""
    if not getattr(user, "is_authenticated", False) or not user.is_supervisor:
        return get_visible_or_404(Member.objects.none(), pk=pk)
    return get_visible_or_404(members_editable_by(user).select_related("household"), pk=pk)
