"""Sections that other apps add to the registry's household and member pages.

The registry sits below referrals, outcomes and case work, so it cannot import them. Instead an app that has
something to show about a household or member adds `tamkeen/<app>/panels.py` with
`household_panels(user, household)` and/or `member_panels(user, member)`, each returning a list of Panel. Each
app decides, through its own access rules, what this user may see. The same hooks serve the caseload
(`caseload_panels(user, members)`, members being the caseload's queryset) and the figures dashboard
(`dashboard_panels(user, period)`, period being the (first, last) dates shown) and the referral page
(`referral_panels(user, referral)`: outcomes sit above referrals, so the entity's confirmation of an outcome is
their section of the referral's page) and a member's consent page (`consent_panels(user, member)`: what each
referral shared, from referrals, which sit above consent).
"""

from dataclasses import dataclass, field

from tamkeen.core.hooks import app_modules


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def _collect(hook: str, user, obj) -> list[Panel]:
    panels: list[Panel] = []
    for module in app_modules("panels"):
        if module.__name__ == __name__:
            continue
        if hasattr(module, hook):
            panels.extend(getattr(module, hook)(user, obj))
    return sorted(panels, key=lambda panel: panel.order)


def household_panels(user, household) -> list[Panel]:
    return _collect("household_panels", user, household)


def member_panels(user, member) -> list[Panel]:
    return _collect("member_panels", user, member)


def caseload_panels(user, members) -> list[Panel]:
    return _collect("caseload_panels", user, members)


def dashboard_panels(user, period) -> list[Panel]:
    return _collect("dashboard_panels", user, period)


def referral_panels(user, referral) -> list[Panel]:
    return _collect("referral_panels", user, referral)


def consent_panels(user, member) -> list[Panel]:
    return _collect("consent_panels", user, member)
