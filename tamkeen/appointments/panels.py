from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel

from . import selectors
from .access import appointments_visible_to


def member_panels(user, member) -> list[Panel]:
    if not (user.is_office_staff or user.is_manager):
        return []
    appointments = appointments_visible_to(user).filter(member=member).order_by("-starts_at")[:10]
    return [
        Panel(
            _("Appointments"),
            "appointments/_member_panel.html",
            {"member": member, "appointments": appointments, "can_invite": user.is_office_staff},
            order=30,
        )
    ]


def caseload_panels(user, members) -> list[Panel]:
    """No-shows of the last months among the caseload's members, so the worker follows them up."""
    if not user.is_office_staff:
        return []
    no_shows = selectors.recent_no_shows(appointments_visible_to(user).filter(member__in=members))
    return [
        Panel(
            _("Missed appointments"),
            "appointments/_no_shows_panel.html",
            {"no_shows": list(no_shows.order_by("-starts_at")[:20]), "days": selectors.NO_SHOW_LOOKBACK_DAYS},
            order=40,
        )
    ]


def dashboard_panels(user, period) -> list[Panel]:
    if not (user.is_supervisor or user.is_manager):
        return []
    start, end = period
    rows = selectors.figures_by_office(appointments_visible_to(user), start, end)
    return [
        Panel(
            _("Appointments and no-shows, by office"),
            "appointments/_figures_panel.html",
            {"rows": rows},
            order=60,
        )
    ]
