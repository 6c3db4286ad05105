"""What the dashboards read. Read-only; every figure here has a drill-down into the records behind it.

The year's figures (headline, offices, trend) are computed live in SQL (tamkeen.reports.kpi). The slower panels
that read the other apps' tables (funnel, partner response times, seats, six-dimension change) are cached for a
few minutes and show when they were computed; each is guarded so the dashboard works before those apps exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tamkeen.accounts.access import in_visible_regions, regions_visible_to
from tamkeen.core.hijri import hijri_year_of
from tamkeen.geography.models import Office
from tamkeen.outcomes.counting import (
    BREAKDOWNS,
    ECONOMIC,
    EMPLOYMENT,
    FIGURES,
    TRAINING,
    HireRow,
    retention,
    year_range,
)
from tamkeen.outcomes.models import FollowUp, Outcome
from tamkeen.reports.kpi import _param, class_q, class_sql, counting_rules, family_office_sql, kpi
from tamkeen.reports.models import Target
from tamkeen.reports.rollups import kpi_cached, kpi_snapshots, office_sums

FIRST_HISTORY_YEAR = {"hijri": 1439, "gregorian": 2017}
SLOW_PANEL_SECONDS = 600
FIGURE_CLASSES = {
    "empowered_families": (EMPLOYMENT, ECONOMIC),
    "empowered_members": (EMPLOYMENT, ECONOMIC),
    "employment_members": (EMPLOYMENT,),
    "economic_members": (ECONOMIC,),
    "training_completions": (TRAINING,),
}


@dataclass
class Scope:
    """Whose figures: the manager's region, or a supervisor's own office."""

    region_id: int | None
    office_ids: list[int] | None  # None: every office of the region
    label: str = ""
    offices: list[Office] = field(default_factory=list)

    @property
    def is_office(self) -> bool:
        return self.office_ids is not None

    @property
    def cache_key(self) -> str:
        return f"{self.region_id}:{','.join(map(str, self.office_ids or []))}"


def scope_for(user) -> Scope:
    if user.is_supervisor:
        office = Office.objects.get(pk=user.office_id)
        return Scope(region_id=office.region_id, office_ids=[office.pk], label=office.name, offices=[office])
    offices = list(in_visible_regions(Office.objects.all(), user).order_by("code"))
    if regions_visible_to(user) is None:
        return Scope(region_id=None, office_ids=None, label=_("Every region"), offices=offices)
    region = user.region.name if user.region_id else ""
    return Scope(region_id=user.region_id, office_ids=None, label=region, offices=offices)


def current_year(calendar: str, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return hijri_year_of(today) if calendar == "hijri" else today.year


def year_choices(calendar: str) -> list[int]:
    return list(range(current_year(calendar), FIRST_HISTORY_YEAR[calendar] - 1, -1))


def _office_ids(scope: Scope) -> list[int]:
    return scope.office_ids if scope.office_ids is not None else [o.pk for o in scope.offices]


def headline(scope: Scope, year: int, calendar: str) -> dict:
    """The year's figures for the scope: the sum of its offices' rows (each family counts under one office)."""
    by_office = kpi_cached(year=year, calendar=calendar, by="office")
    result = {k: v for k, v in by_office.items() if k != "by"}
    result.update(office_sums(by_office, [o.code for o in scope.offices]))
    return result


def targets(scope: Scope, year: int, calendar: str) -> dict[str, dict[str, int]]:
    rows = Target.objects.filter(
        office_id__in=_office_ids(scope), year=year, calendar=calendar
    ).select_related("office")
    return {t.office.code: {"families": t.empowered_families, "members": t.empowered_members} for t in rows}


def _percent(part: int, whole: int) -> int | None:
    return None if not whole else round(100 * part / whole)


@dataclass
class Table:
    """A table shown on the dashboard, drawn as bars, and exported as CSV or XLSX."""

    name: str
    title: str
    columns: list[str]
    rows: list[list]
    bar_column: int | None = None  # which column the bar chart draws
    keys: list[str] = field(default_factory=list)  # the breakdown key of each row, for drill-downs
    by: str = ""
    figure_columns: dict[int, str] = field(default_factory=dict)  # column → the figure its cells open
    linked: list = field(default_factory=list)
    as_of: object = None  # when a cached panel was computed

    def linked_rows(self, year: int, calendar: str) -> list[list[dict]]:
        """Each cell with the drill-down query of the records behind it (empty when it has none)."""
        out = []
        for row, key in zip(self.rows, self.keys or [""] * len(self.rows), strict=True):
            cells = []
            for i, value in enumerate(row):
                query = ""
                if i in self.figure_columns and value:
                    figure = self.figure_columns[i]
                    if self.by == "year":
                        query = urlencode({"figure": figure, "year": key, "calendar": calendar})
                    else:
                        query = urlencode(
                            {"figure": figure, "year": year, "calendar": calendar, "by": self.by, "key": key}
                        )
                cells.append({"value": value, "query": query})
            out.append(cells)
        return out

    @property
    def bar_max(self) -> int:
        if self.bar_column is None:
            return 0
        return max((row[self.bar_column] or 0 for row in self.rows), default=0)

    @property
    def bars(self) -> list[dict]:
        top = self.bar_max or 1
        return [
            {
                "label": row[0],
                "value": row[self.bar_column] or 0,
                "percent": round(100 * (row[self.bar_column] or 0) / top),
                "key": key,
            }
            for row, key in zip(self.rows, self.keys or [""] * len(self.rows), strict=True)
        ]


def office_table(scope: Scope, year: int, calendar: str) -> Table:
    figures = kpi_cached(year=year, calendar=calendar, by="office")["by"]
    goal = targets(scope, year, calendar)
    rows, keys = [], []
    for office in scope.offices:
        f = figures.get(office.code, dict.fromkeys(FIGURES, 0))
        t = goal.get(office.code, {"families": 0, "members": 0})
        rows.append(
            [
                office.name,
                f["empowered_families"],
                t["families"] or None,
                _percent(f["empowered_families"], t["families"]),
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
        figures = kpi(year=year, calendar=calendar, by=by, office_ids=scope.office_ids)["by"]
    elif _is_every_office(scope):
        figures = kpi_cached(year=year, calendar=calendar, by=by)["by"]
    else:
        figures = kpi(year=year, calendar=calendar, by=by, office_ids=_office_ids(scope))["by"]
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
        keys=[str(y) for y in years],
        by="year",
        figure_columns={1: "empowered_families", 2: "empowered_members", 3: "training_completions"},
    )


def _is_every_office(scope: Scope) -> bool:
    return not scope.is_office and len(scope.offices) == Office.objects.count()


def retention_table(scope: Scope, year: int, calendar: str, today: date | None = None) -> Table:
    """Among verified hires of the year: retained at 3, 6 and 12 months (follow-ups first, then the files)."""
    today = today or timezone.localdate()
    start, end = year_range(year, calendar)
    hires_qs = Outcome.objects.filter(
        kind="hired",
        verification_status="verified",
        date__range=(start, end),
        office_id__in=_office_ids(scope),
    )
    hires = [
        HireRow(*row)
        for row in hires_qs.values_list("id", "member_id", "date", "registered_until", "covered_until")
    ]
    follow_ups = {
        (o, m): result == FollowUp.Result.ACTIVE
        for o, m, result in FollowUp.objects.filter(outcome__in=hires_qs)
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
                _percent(f["retained"], known),
            ]
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
        keys=["3", "6", "12"],
        by="retention",
    )


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def exits_table(scope: Scope, year: int, calendar: str) -> Table | None:
    CaseExit = _model("cases.CaseExit")
    if CaseExit is None:
        return None
    start, end = year_range(year, calendar)
    counts = dict(
        CaseExit.objects.filter(
            exited_on__range=(start, end),
            household__office_id__in=_office_ids(scope),
            reentered_at__isnull=True,
        )
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    labels = dict(CaseExit.Kind.choices)
    return Table(
        name="exits",
        title=_("Exits: graduation and sanction, never mixed"),
        columns=[_("Exit"), _("Households")],
        rows=[[str(labels[k]), counts.get(k, 0)] for k in ("graduated", "sanction")],
        keys=["graduated", "sanction"],
        by="exit",
    )


def _cached(name: str, scope: Scope, year: int, calendar: str, build):
    key = f"reports:{name}:{scope.cache_key}:{year}:{calendar}"
    value = cache.get(key)
    if value is None:
        value = (build(), timezone.now())
        cache.set(key, value, SLOW_PANEL_SECONDS)
    return value


def funnel_table(scope: Scope, year: int, calendar: str) -> Table:
    """eligible → assessed → planned → referred → accepted → completed/hired/financed → verified → retained."""

    def build():
        from tamkeen.registry.models import Member
        from tamkeen.registry.selectors import members_in_programme_scope

        start, end = year_range(year, calendar)
        office_ids = _office_ids(scope)
        members = Member.objects.filter(household__office_id__in=office_ids)
        steps = [
            (
                _("Eligible (able or rehabilitable, not exempt)"),
                members_in_programme_scope(members, min(end, timezone.localdate()))
                .filter(work_capacity__in=[Member.WorkCapacity.ABLE, Member.WorkCapacity.REHABILITABLE])
                .count(),
            )
        ]
        Assessment = _model("assessments.Assessment")
        if Assessment is not None:
            steps.append(
                (
                    _("Assessed"),
                    Assessment.objects.filter(
                        member__household__office_id__in=office_ids, completed_at__isnull=False
                    )
                    .values("member_id")
                    .distinct()
                    .count(),
                )
            )
        Plan = _model("cases.EmpowermentPlan")
        if Plan is not None:
            steps.append(
                (
                    _("Plan approved"),
                    Plan.objects.filter(member__household__office_id__in=office_ids, status="approved")
                    .values("member_id")
                    .distinct()
                    .count(),
                )
            )
        Referral = _model("referrals.Referral")
        if Referral is not None:
            referrals = Referral.objects.filter(office_id__in=office_ids, sent_at__date__range=(start, end))
            steps.append((_("Referred in the year"), referrals.values("member_id").distinct().count()))
            steps.append(
                (
                    _("Accepted"),
                    referrals.filter(
                        status__in=["accepted", "enrolled", "started", "completed", "dropped_out"]
                    )
                    .values("member_id")
                    .distinct()
                    .count(),
                )
            )
        outcomes = Outcome.objects.filter(office_id__in=office_ids, date__range=(start, end))
        steps.append(
            (
                _("Completed, hired or financed (reported)"),
                outcomes.exclude(verification_status="refuted").values("member_id").distinct().count(),
            )
        )
        steps.append(
            (
                _("Verified"),
                outcomes.filter(verification_status="verified").values("member_id").distinct().count(),
            )
        )
        retained = retention_table(scope, year, calendar)
        steps.append((_("Still employed after 6 months"), retained.rows[1][2]))
        steps.append((_("Still employed after 12 months"), retained.rows[2][2]))
        return [[str(label), value] for label, value in steps]

    rows, at = _cached("funnel", scope, year, calendar, build)
    return Table(
        as_of=at,
        name="funnel",
        title=_("From eligible to retained"),
        columns=[_("Step"), _("Members")],
        rows=rows,
        bar_column=1,
        by="funnel",
    )


def partner_response_table(scope: Scope, year: int, calendar: str) -> Table | None:
    Referral = _model("referrals.Referral")
    if Referral is None:
        return None

    def build():
        start, end = year_range(year, calendar)
        rows = (
            Referral.objects.filter(office_id__in=_office_ids(scope), sent_at__date__range=(start, end))
            .values(
                "opportunity__entity__code", "opportunity__entity__name_ar", "opportunity__entity__name_en"
            )
            .annotate(
                sent=Count("id"),
                answered=Count("id", filter=Q(answered_at__isnull=False)),
                expired=Count("id", filter=Q(status="expired")),
                wait=Avg(F("answered_at") - F("sent_at"), filter=Q(answered_at__isnull=False)),
            )
            .order_by("opportunity__entity__code")
        )
        english = (get_language() or "ar").startswith("en")
        out = []
        for row in rows:
            wait = row["wait"]
            days = round(wait.total_seconds() / 86400, 1) if isinstance(wait, timedelta) else None
            name = row["opportunity__entity__name_en"] if english else row["opportunity__entity__name_ar"]
            out.append([name, row["sent"], row["answered"], row["expired"], days])
        return out

    rows, at = _cached("partners", scope, year, calendar, build)
    return Table(
        as_of=at,
        name="partners",
        title=_("Partner response times"),
        columns=[
            _("Enabling entity"),
            _("Referrals sent"),
            _("Answered"),
            _("Expired unanswered"),
            _("Average days to answer"),
        ],
        rows=rows,
        bar_column=4,
        by="entity",
    )


def seat_table(scope: Scope) -> Table | None:
    Opportunity = _model("opportunities.Opportunity")
    if Opportunity is None:
        return None
    from tamkeen.opportunities.models import Track

    def build():
        totals = {
            row["track"]: row
            for row in Opportunity.objects.filter(status="open")
            .values("track")
            .annotate(capacity=Sum("capacity"), taken=Sum("seats_taken"))
        }
        out = []
        for value, label in Track.choices:
            row = totals.get(value, {"capacity": 0, "taken": 0})
            out.append(
                [
                    str(label),
                    row["capacity"] or 0,
                    row["taken"] or 0,
                    _percent(row["taken"] or 0, row["capacity"] or 0),
                ]
            )
        return out

    rows, at = _cached("seats", scope, 0, "", build)
    return Table(
        as_of=at,
        name="seats",
        title=_("Seat utilisation of open opportunities"),
        columns=[_("Track"), _("Seats"), _("Taken"), _("Utilisation (percent)")],
        rows=rows,
        bar_column=3,
        by="track",
    )


def dimension_table(scope: Scope) -> Table | None:
    """The average change per dimension between each member's first and latest completed assessment."""
    Assessment = _model("assessments.Assessment")
    if Assessment is None:
        return None
    from tamkeen.assessments.models import Dimension

    def build():
        first: dict[int, dict] = {}
        last: dict[int, dict] = {}
        rows = (
            Assessment.objects.filter(
                member__household__office_id__in=_office_ids(scope), completed_at__isnull=False
            )
            .order_by("member_id", "completed_at")
            .values_list("member_id", "dimension_scores")
            .iterator(chunk_size=5000)
        )
        for member_id, scores in rows:
            first.setdefault(member_id, scores or {})
            last[member_id] = scores or {}
        out = []
        for value, label in Dimension.choices:
            # A dimension left unanswered scores None: it neither counts as a change nor drags the mean.
            changes = [
                float(last[m][value]) - float(first[m][value])
                for m in first
                if first[m] is not last[m]
                and first[m].get(value) is not None
                and last[m].get(value) is not None
            ]
            before = [float(first[m][value]) for m in first if first[m].get(value) is not None]
            mean_before = sum(before) / max(1, len(before))
            out.append(
                [
                    str(label),
                    len(changes),
                    round(mean_before, 2),
                    round(sum(changes) / len(changes), 2) if changes else None,
                ]
            )
        return out

    rows, at = _cached("dimensions", scope, 0, "", build)
    return Table(
        as_of=at,
        name="dimensions",
        title=_("Six dimensions: change between the first and the latest assessment"),
        columns=[
            _("Dimension"),
            _("Members assessed twice"),
            _("Average baseline score"),
            _("Average change"),
        ],
        rows=rows,
        by="dimension",
    )


def dashboard(scope: Scope, year: int, calendar: str, by: str) -> dict:
    tables = [office_table(scope, year, calendar)] if not scope.is_office else []
    if by != "office" or scope.is_office:
        tables.append(breakdown_table(scope, year, calendar, by if by in BREAKDOWNS else "track"))
    tables.append(trend_table(scope, calendar, year))
    tables.append(retention_table(scope, year, calendar))
    tables.append(funnel_table(scope, year, calendar))
    for optional in (
        exits_table(scope, year, calendar),
        partner_response_table(scope, year, calendar),
        seat_table(scope),
        dimension_table(scope),
    ):
        if optional is not None:
            tables.append(optional)
    for table in tables:
        table.linked = table.linked_rows(year, calendar)
    figures = headline(scope, year, calendar)
    goal = targets(scope, year, calendar)
    target_families = sum(t["families"] for t in goal.values())
    target_members = sum(t["members"] for t in goal.values())
    return {
        "figures": figures,
        "target_families": target_families,
        "target_members": target_members,
        "families_percent": _percent(figures["empowered_families"], target_families),
        "members_percent": _percent(figures["empowered_members"], target_members),
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


# Drill-down: the records behind a figure.


def outcomes_behind(scope: Scope, *, year: int, calendar: str, figure: str, by: str = "", key: str = ""):
    """The verified outcome records a figure counts (families: all their empowering outcomes of the year)."""
    start, end = year_range(year, calendar)
    rules = counting_rules()
    rows = Outcome.objects.filter(
        class_q(rules, FIGURE_CLASSES[figure]),
        verification_status="verified",
        date__range=(start, end),
        office_id__in=_office_ids(scope),
    )
    if by == "office" and key:
        rows = (
            rows.filter(household_id__in=_families_of_office(rules, start, end, key))
            if figure != ("training_completions")
            else rows.filter(office__code=key)
        )
    elif by == "track" and key:
        rows = rows.filter(track=key)
    elif by == "entity" and key:
        rows = rows.filter(entity__isnull=True) if key == "none" else rows.filter(entity__code=key)
    elif by == "governorate" and key:
        rows = rows.filter(governorate__code=key)
    elif by == "gender" and key:
        rows = rows.filter(gender=key)
    elif by == "disability" and key:
        rows = rows.filter(disability=key)
    return rows.select_related("member", "household", "office", "entity").order_by(
        "household_id", "date", "id"
    )


def _families_of_office(rules, start: date, end: date, code: str) -> list[int]:
    cls, cls_params = class_sql(rules)
    base = (
        f"SELECT o.id, o.member_id, o.household_id, o.date, {cls} AS cls, of.code AS k FROM outcomes_outcome o "
        "JOIN geography_office of ON of.id = o.office_id "
        "WHERE o.verification_status = 'verified' AND o.date >= %s AND o.date <= %s"
    )
    sql = f"WITH q AS ({base}) SELECT household_id FROM ({family_office_sql()}) f WHERE fk = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*cls_params, _param(start), _param(end), code])
        return [row[0] for row in cursor.fetchall()]
