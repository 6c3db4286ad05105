"""What the dashboards read. Read-only; every figure here has a drill-down into the records behind it.

The year's figures (headline, offices, trend) are computed live in SQL (tamkeen.reports.kpi) in ``figures``; the
slower panels that read the other apps' tables are cached in ``programme``; ``drilldown`` finds the records behind
a figure; ``scope`` says whose figures they are. Callers import from ``tamkeen.reports.selectors``.
"""

from __future__ import annotations

from tamkeen.geography.models import Office
from tamkeen.outcomes.counting import BREAKDOWNS

from .drilldown import FIGURE_CLASSES, drilldown_shown, drilldown_totals, outcome_labels, outcomes_behind
from .figures import (
    BREAKDOWN_TITLES,
    breakdown_labels,
    breakdown_table,
    headline,
    office_table,
    retention_table,
    targets,
    trend_table,
)
from .programme import (
    SLOW_PANEL_SECONDS,
    dimension_table,
    exits_table,
    funnel_table,
    partner_response_table,
    seat_table,
)
from .scope import FIRST_HISTORY_YEAR, Scope, current_year, scope_for, year_choices
from .table import Table, percent

__all__ = [
    "BREAKDOWN_TITLES",
    "FIGURE_CLASSES",
    "FIRST_HISTORY_YEAR",
    "SLOW_PANEL_SECONDS",
    "Office",
    "Scope",
    "Table",
    "breakdown_labels",
    "breakdown_table",
    "current_year",
    "dashboard",
    "dimension_table",
    "drilldown_shown",
    "drilldown_totals",
    "exits_table",
    "funnel_table",
    "headline",
    "office_table",
    "outcome_labels",
    "outcomes_behind",
    "partner_response_table",
    "retention_table",
    "scope_for",
    "seat_table",
    "table_by_name",
    "targets",
    "trend_table",
    "year_choices",
]


def dashboard(scope: Scope, year: int, calendar: str, by: str) -> dict:
    goal = targets(scope, year, calendar)  # read once: the office table and the headline both show it
    tables = [office_table(scope, year, calendar, goal)] if not scope.is_office else []
    if by != "office" or scope.is_office:
        tables.append(breakdown_table(scope, year, calendar, by if by in BREAKDOWNS else "track"))
    tables.append(trend_table(scope, calendar, year))
    tables.append(retention_table(scope, year, calendar))
    tables.append(funnel_table(scope, year, calendar))
    tables.append(exits_table(scope, year, calendar))
    tables.append(partner_response_table(scope, year, calendar))
    tables.append(seat_table(scope))
    tables.append(dimension_table(scope))
    for table in tables:
        table.linked = table.linked_rows(year, calendar)
    figures = headline(scope, year, calendar)
    target_families = sum(t["families"] for t in goal.values())
    target_members = sum(t["members"] for t in goal.values())
    return {
        "figures": figures,
        "target_families": target_families,
        "target_members": target_members,
        "families_percent": percent(figures["empowered_families"], target_families),
        "members_percent": percent(figures["empowered_members"], target_members),
        "tables": tables,
    }


def table_by_name(scope: Scope, year: int, calendar: str, name: str) -> Table | None:
    if name == "offices" and not scope.is_office:
        return office_table(scope, year, calendar)
    if name.startswith("by_") and name[3:] in BREAKDOWNS:
        return breakdown_table(scope, year, calendar, name[3:])
    builders = {
        "trend": lambda: trend_table(scope, calendar, year),
        "retention": lambda: retention_table(scope, year, calendar),
        "funnel": lambda: funnel_table(scope, year, calendar),
        "exits": lambda: exits_table(scope, year, calendar),
        "partners": lambda: partner_response_table(scope, year, calendar),
        "seats": lambda: seat_table(scope),
        "dimensions": lambda: dimension_table(scope),
    }
    return builders[name]() if name in builders else None
