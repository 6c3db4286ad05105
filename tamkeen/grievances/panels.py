from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel

from . import selectors
from .access import grievances_visible_to


def dashboard_panels(user, period) -> list[Panel]:
    if not (user.is_supervisor or user.is_manager):
        return []
    start, end = period
    rows = selectors.figures(grievances_visible_to(user), start, end)
    return [
        Panel(
            _("Grievances"),
            "grievances/_figures_panel.html",
            {"totals": selectors.totals(rows), "query": f"start={start.isoformat()}&end={end.isoformat()}"},
            order=61,
        )
    ]
