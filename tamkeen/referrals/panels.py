from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel
from tamkeen.referrals.access import referrals_visible_to


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
