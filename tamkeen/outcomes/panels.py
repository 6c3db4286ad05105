from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel
from tamkeen.outcomes.access import can_report_outcome, outcomes_confirmable_by, outcomes_visible_to


def household_panels(user, household) -> list[Panel]:
    outcomes = (
        outcomes_visible_to(user).filter(household=household).select_related("member").order_by("-date")[:50]
    )
    return [Panel(_("Outcomes"), "outcomes/_panel.html", {"outcomes": list(outcomes)}, order=30)]


def member_panels(user, member) -> list[Panel]:
    outcomes = outcomes_visible_to(user).filter(member=member).select_related("member").order_by("-date")[:50]
    return [
        Panel(
            _("Outcomes"),
            "outcomes/_panel.html",
            {"outcomes": list(outcomes), "member": member, "can_report": can_report_outcome(user, member)},
            order=30,
        )
    ]


def referral_panels(user, referral) -> list[Panel]:
    """On a referral's page, the receiving entity confirms the referral's outcomes (evidence for the office)."""
    if not user.is_partner:
        return []
    confirmable = list(
        outcomes_confirmable_by(user).filter(referral=referral).prefetch_related("confirmations")
    )
    if not confirmable:
        return []
    return [Panel(_("Confirm the outcome"), "outcomes/_referral_panel.html", {"confirmable": confirmable})]
