from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel
from tamkeen.referrals.access import referrals_visible_to
from tamkeen.referrals.selectors import data_recipients_of


def household_panels(user, household) -> list[Panel]:
    referrals = referrals_visible_to(user).filter(member__household=household).order_by("-created_at")[:50]
    return [Panel(_("Referrals"), "referrals/_panel.html", {"referrals": list(referrals)}, order=20)]


def member_panels(user, member) -> list[Panel]:
    referrals = referrals_visible_to(user).filter(member=member).order_by("-created_at")[:50]
    actions = []
    if user.is_office_staff:
        actions = [
            ("referrals:new", _("Refer to an opportunity")),
            ("consent:member", _("Consent and data shared")),
        ]
    return [
        Panel(
            _("Referrals"),
            "referrals/_panel.html",
            {"referrals": list(referrals), "member": member, "actions": actions},
            order=20,
        )
    ]


def consent_panels(user, member) -> list[Panel]:
    """On the member's consent page (the consent app checked who may open it): who received the member's data."""
    title = _("Who received my data") if user.is_beneficiary else _("Who received this member's data")
    return [
        Panel(title, "referrals/_recipients_panel.html", {"recipients": data_recipients_of(member)}, order=10)
    ]
