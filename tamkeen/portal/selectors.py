"""What a signed-in member sees: only their own records, through the apps' own doors."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.cases.selectors import current_plan
from tamkeen.opportunities.access import opportunities_visible_to
from tamkeen.opportunities.eligibility import age_on, conditions_of, person_of
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.selectors import with_eligibility
from tamkeen.referrals.access import referrals_visible_to
from tamkeen.referrals.models import OPEN_STATUSES
from tamkeen.registry.access import members_visible_to


def own_member(user):
    """The member behind a beneficiary account, through the registry's policy (None when not linked)."""
    member = getattr(user, "member", None)
    if member is None:
        return None
    return (
        members_visible_to(user)
        .select_related("household__office", "case_worker")
        .filter(pk=member.pk)
        .first()
    )


def household_of(user, member):
    return (
        members_visible_to(user).filter(household_id=member.household_id).order_by("relation", "birth_date")
    )


def plan_of(member):
    plan = current_plan(member)
    if plan is None:
        return None, []
    actions = list(plan.actions.filter(is_done=False).order_by("due_date"))
    return plan, actions


def my_referrals(user, member):
    return referrals_visible_to(user).filter(member=member).order_by("-created_at")


def eligibility_reasons(opportunity, member, today) -> list[str]:
    """Why the member qualifies, in plain words: one sentence for each condition the opportunity sets."""
    conditions = conditions_of(opportunity)
    person = person_of(member)
    reasons = []
    if conditions.get("gender"):
        reasons.append(_("It is open to women.") if conditions["gender"] == "F" else _("It is open to men."))
    if conditions.get("min_age") or conditions.get("max_age"):
        reasons.append(
            _("You are %(age)s, within its age range.") % {"age": age_on(person["birth_date"], today)}
        )
    if conditions.get("min_education"):
        reasons.append(_("Your education meets the minimum it asks for."))
    if conditions.get("max_household_income"):
        reasons.append(_("Your household's income is within its limit."))
    if conditions.get("work_capacities"):
        reasons.append(_("Your work capacity fits it."))
    if conditions.get("nationality"):
        reasons.append(_("Your nationality fits it."))
    if conditions.get("required_certificate"):
        reasons.append(_("You hold the certificate it requires."))
    if conditions.get("is_disability_friendly"):
        reasons.append(_("It welcomes people with disabilities."))
    if not reasons:
        reasons.append(_("It is open to everyone in the programme."))
    if opportunity.governorate_id and opportunity.governorate_id == member.household.governorate_id:
        reasons.append(_("It is in your governorate."))
    return reasons


def opportunities_for(user, member, today=None):
    """(eligible, others): eligible open opportunities with reasons, and the rest with why not."""
    today = today or timezone.localdate()
    open_ones = (
        opportunities_visible_to(user).filter(status=Opportunity.Status.OPEN).order_by("starts_on", "code")
    )
    interested = set(
        referrals_visible_to(user)
        .filter(member=member, status__in=OPEN_STATUSES)
        .values_list("opportunity_id", flat=True)
    )
    eligible, others = [], []
    for opportunity, failed in with_eligibility(open_ones, member, today):
        if failed:
            others.append({"opportunity": opportunity, "failed": failed})
        else:
            eligible.append(
                {
                    "opportunity": opportunity,
                    "reasons": eligibility_reasons(opportunity, member, today),
                    "is_interested": opportunity.pk in interested,
                }
            )
    return eligible, others


def members_who_can_sign_in(limit: int = 3):
    """A few members the portal would text a code to (the demo prints their IDs)."""
    from datetime import date

    from tamkeen.notifications.models import Preference
    from tamkeen.registry.models import Member

    from . import rules

    today = timezone.localdate()
    youngest = date(today.year - rules.MIN_AGE, today.month, 1)
    oldest = date(today.year - rules.MAX_AGE, 12, 31)
    wrong = Preference.objects.filter(is_registry_mobile_wrong=True, mobile="").values("member_id")
    return (
        Member.objects.filter(birth_date__lte=youngest, birth_date__gte=oldest)
        .exclude(phone="")
        .exclude(pk__in=wrong)
        .select_related("household__office")
        .order_by("household__file_number", "pk")[:limit]
    )
