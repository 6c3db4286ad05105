"""The year's counted figures (tamkeen.reports.kpi, computed live in SQL): headline, offices against their targets,
breakdowns, the trend over the years and the retention of the year's hires."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core import queue_cache
from tamkeen.geography.models import Office
from tamkeen.outcomes.counting import FIGURES, HireRow, retention, year_range
from tamkeen.outcomes.models import FollowUp, Outcome
from tamkeen.reports.models import Target
from tamkeen.reports.rollups import kpi_cached, kpi_of_offices, kpi_snapshots, office_sums

from .scope import FIRST_HISTORY_YEAR, Scope, is_every_office, office_ids_of
from .table import Table, percent


def headline(scope: Scope, year: int, calendar: str) -> dict:
    """The year's figures for the scope: the sum of its offices' rows (each family counts under one office)."""
    by_office = kpi_cached(year=year, calendar=calendar, by="office")
    result = {k: v for k, v in by_office.items() if k != "by"}
    result.update(office_sums(by_office, [o.code for o in scope.offices]))
    return result


def targets(scope: Scope, year: int, calendar: str) -> dict[str, dict[str, int]]:
    rows = Target.objects.filter(
        office_id__in=office_ids_of(scope), year=year, calendar=calendar
    ).select_related("office")
    return {t.office.code: {"families": t.empowered_families, "members": t.empowered_members} for t in rows}


def office_table(scope: Scope, year: int, calendar: str, goal: dict | None = None) -> Table:
    figures = kpi_cached(year=year, calendar=calendar, by="office")["by"]
    goal = targets(scope, year, calendar) if goal is None else goal
    rows, keys = [], []
    for office in scope.offices:
        f = figures.get(office.code, dict.fromkeys(FIGURES, 0))
        t = goal.get(office.code, {"families": 0, "members": 0})
        rows.append(
            [
                office.name,
                f["empowered_families"],
                t["families"] or None,
                percent(f["empowered_families"], t["families"]),
                f["empowered_members"],
                t["members"] or None,
                f["employment_members"],
                f["economic_members"],
                f["training_completions"],
            ]
        )
        keys.append(office.code)
    return Table(
        name="offices",
        title=_("Families and members empowered, by office"),
        columns=[
            _("Office"),
            _("Families empowered"),
            _("Target (families)"),
            _("Share of target (percent)"),
            _("Members empowered"),
            _("Target (members)"),
            _("Employment"),
            _("Economic"),
            _("Training completions"),
        ],
        rows=rows,
        bar_column=1,
        bar_unit=_("families"),
        keys=keys,
        by="office",
        figure_columns={
            1: "empowered_families",
            4: "empowered_members",
            6: "employment_members",
            7: "economic_members",
            8: "training_completions",
        },
    )


def breakdown_labels(by: str) -> dict[str, str]:
    from tamkeen.geography.models import Governorate
    from tamkeen.opportunities.models import Track
    from tamkeen.partners.models import Entity
    from tamkeen.registry.models import Member

    if by == "office":
        return {o.code: o.name for o in Office.objects.all()}
    if by == "track":
        return dict(Track.choices)
    if by == "entity":
        return {e.code: e.name for e in Entity.objects.all()} | {"none": _("No entity")}
    if by == "governorate":
        return {g.code: g.name for g in Governorate.objects.all()}
    if by == "gender":
        return dict(Member.Gender.choices)
    if by == "disability":
        return dict(Member.Disability.choices)
    return {}


BREAKDOWN_TITLES = {
    "office": _("By office"),
    "track": _("By track"),
    "entity": _("By enabling entity"),
    "governorate": _("By governorate"),
    "gender": _("By gender"),
    "disability": _("By disability"),
}


def breakdown_table(scope: Scope, year: int, calendar: str, by: str) -> Table:
    if scope.is_office:
        figures = kpi_of_offices(year=year, calendar=calendar, by=by, office_ids=scope.office_ids)["by"]
    elif is_every_office(scope):
        figures = kpi_cached(year=year, calendar=calendar, by=by)["by"]
    else:
        figures = kpi_of_offices(year=year, calendar=calendar, by=by, office_ids=office_ids_of(scope))["by"]
    labels = breakdown_labels(by)
    rows, keys = [], []
    for key, f in figures.items():
        rows.append(
            [
                str(labels.get(key, key)),
                f["empowered_families"],
                f["empowered_members"],
                f["employment_members"],
                f["economic_members"],
                f["training_completions"],
            ]
        )
        keys.append(key)
    return Table(
        name=f"by_{by}",
        title=str(BREAKDOWN_TITLES[by]),
        columns=[
            _("Group"),
            _("Families empowered"),
            _("Members empowered"),
            _("Employment"),
            _("Economic"),
            _("Training completions"),
        ],
        rows=rows,
        bar_column=1,
        bar_unit=_("families"),
        keys=keys,
        by=by,
        figure_columns={
            1: "empowered_families",
            2: "empowered_members",
            3: "employment_members",
            4: "economic_members",
            5: "training_completions",
        },
    )


def trend_table(scope: Scope, calendar: str, last_year: int) -> Table:
    """Families and members empowered per year (each family once per year), from the years' office figures."""
    years = list(range(FIRST_HISTORY_YEAR[calendar], last_year + 1))
    per_year = kpi_snapshots(years=years, calendar=calendar, by="office")
    codes = [o.code for o in scope.offices]
    rows = []
    for year in years:
        figures = office_sums(per_year[year], codes)
        rows.append(
            [
                str(year),
                figures["empowered_families"],
                figures["empowered_members"],
                figures["training_completions"],
            ]
        )
    return Table(
        name="trend",
        title=_("Families empowered per year"),
        columns=[_("Year"), _("Families empowered"), _("Members empowered"), _("Training completions")],
        rows=rows,
        bar_column=1,
        bar_unit=_("families"),
        keys=[str(y) for y in years],
        by="year",
        figure_columns={1: "empowered_families", 2: "empowered_members", 3: "training_completions"},
    )


# The models the retention table reads: their writes change it.
RETENTION_READS = (Outcome, FollowUp)


def _retention_rows(office_ids: list[int], year: int, calendar: str, today: date) -> list[list]:
    start, end = year_range(year, calendar)
    hires_qs = Outcome.objects.filter(
        kind="hired",
        verification_status=Outcome.Status.VERIFIED,
        date__range=(start, end),
        office_id__in=office_ids,
    )
    hires = [
        HireRow(*row)
        for row in hires_qs.values_list("id", "member_id", "date", "registered_until", "covered_until")
    ]
    # By the hires' ids (read just above): the follow-ups' outcome index, where a subquery had PostgreSQL hash
    # every follow-up of every year.
    follow_ups = {
        (o, m): result == FollowUp.Result.ACTIVE
        for o, m, result in FollowUp.objects.filter(outcome_id__in=[hire.outcome_id for hire in hires])
        .order_by()
        .exclude(result__in=[FollowUp.Result.PENDING, FollowUp.Result.UNREACHABLE])
        .values_list("outcome_id", "months", "result")
    }
    rows = []
    for months in (3, 6, 12):
        f = retention(hires, months, follow_ups, today)
        known = f["retained"] + f["not_retained"]
        rows.append(
            [
                str(months),
                f["due"],
                f["retained"],
                f["not_retained"],
                f["unknown"],
                percent(f["retained"], known),
            ]
        )
    return rows


def retention_table(scope: Scope, year: int, calendar: str, today: date | None = None) -> Table:
    """Among verified hires of the year: retained at 3, 6 and 12 months (follow-ups first, then the files)."""
    today = today or timezone.localdate()
    office_ids = office_ids_of(scope)
    # Counting a region's hires and their follow-ups is the dashboard's largest share of Python (a row per
    # hire), yet the figures change only with an outcome or a follow-up written, or with the day: they are kept
    # under those models' generations and the day (tamkeen.core.queue_cache; every write of either model is a
    # save, which gives a new generation, and the seed's bulk writes touch them), so a write is a new key.
    rows = queue_cache.cached(
        f"reports-retention:{calendar}:{year}",
        ",".join(map(str, sorted(office_ids))),
        today,
        RETENTION_READS,
        lambda: _retention_rows(office_ids, year, calendar, today),
    )
    return Table(
        name="retention",
        title=_("Retention of the year's hires"),
        columns=[
            _("Months after the start"),
            _("Hires due"),
            _("Still employed"),
            _("No longer employed"),
            _("Not known yet"),
            _("Retention (percent)"),
        ],
        rows=rows,
        bar_column=5,
        bar_unit=_("percent"),
        bar_scale_max=100,
        keys=["3", "6", "12"],
        by="retention",
    )
