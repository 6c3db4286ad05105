"""Drill-down: the verified outcome records behind a figure."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Count

from tamkeen.outcomes.counting import ECONOMIC, EMPLOYMENT, TRAINING, year_range
from tamkeen.outcomes.models import Outcome
from tamkeen.reports.kpi import _param, class_q, class_sql, counting_rules, family_office_sql

from .scope import Scope, office_ids_of

FIGURE_CLASSES = {
    "empowered_families": (EMPLOYMENT, ECONOMIC),
    "empowered_members": (EMPLOYMENT, ECONOMIC),
    "employment_members": (EMPLOYMENT,),
    "economic_members": (ECONOMIC,),
    "training_completions": (TRAINING,),
}


def outcomes_behind(scope: Scope, *, year: int, calendar: str, figure: str, by: str = "", key: str = ""):
    """The verified outcome records a figure counts (families: all their empowering outcomes of the year)."""
    start, end = year_range(year, calendar)
    rules = counting_rules()
    rows = Outcome.objects.filter(
        class_q(rules, FIGURE_CLASSES[figure]),
        verification_status=Outcome.Status.VERIFIED,
        date__range=(start, end),
        office_id__in=office_ids_of(scope),
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


def drilldown_totals(rows) -> dict[str, int]:
    """Families, members and records behind the figure, in one statement."""
    return rows.order_by().aggregate(
        families=Count("household_id", distinct=True),
        members=Count("member_id", distinct=True),
        records=Count("id"),
    )


# The columns the drill-down page shows: a member row is some forty fields.
SHOWN_COLUMNS = ("kind", "date", "evidence_kind", "member", "member__first_name", "member__father_name",
                 "member__grandfather_name", "member__family_name", "household", "household__file_number",
                 "office", "office__name_ar", "office__name_en", "entity", "entity__name_ar", "entity__name_en")  # fmt: skip


def drilldown_shown(rows):
    """The rows read with the columns the page shows."""
    return rows.only(*SHOWN_COLUMNS)


def outcome_labels() -> tuple[dict[str, str], dict[str, str]]:
    """The outcome's kind and evidence labels in the active language, for a page of rows to look up."""
    fields = (Outcome._meta.get_field("kind"), Outcome._meta.get_field("evidence_kind"))
    return tuple({value: str(label) for value, label in field.flatchoices} for field in fields)


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
