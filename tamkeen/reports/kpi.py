"""The figures of domain.md §6 computed in the database (GROUP BY / COUNT(DISTINCT)).

tamkeen.outcomes.counting.count_year is the specification; this module must return exactly the same figures for
the same rows (tests compare the two on random data). One SQL statement per breakdown, the same on SQLite and
PostgreSQL; the outcome table carries the office, governorate, gender and disability of its date, so no join with
the registry is needed at national scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection
from django.db.models import Q

from tamkeen.outcomes.counting import (
    BREAKDOWNS,
    DEFAULT_RULES,
    ECONOMIC,
    EMPLOYMENT,
    FIGURES,
    NONE_KEY,
    TRAINING,
    CountingRule,
    year_range,
)

KEY_SQL = {
    None: "''",
    "office": "of.code",
    "track": "o.track",
    "entity": "en.code",
    "governorate": "gv.code",
    "gender": "o.gender",
    "disability": "o.disability",
}
JOINS = {
    "office": "JOIN geography_office of ON of.id = o.office_id",
    "entity": "LEFT JOIN partners_entity en ON en.id = o.entity_id",
    "governorate": "JOIN geography_governorate gv ON gv.id = o.governorate_id",
}


def counting_rules() -> list[CountingRule]:
    from tamkeen.outcomes.models import CountingRule as RuleRow

    rows = list(RuleRow.objects.order_by("effective_from"))
    if not rows:
        return list(DEFAULT_RULES)
    return [
        CountingRule(
            effective_from=row.effective_from,
            employment_kinds=frozenset(row.employment_kinds),
            economic_kinds=frozenset(row.economic_kinds),
        )
        for row in rows
    ]


def _param(day: date):
    # SQLite stores dates as ISO text; PostgreSQL wants a real date.
    return day.isoformat() if connection.vendor == "sqlite" else day


def _periods(rules: Sequence[CountingRule]) -> Iterable[tuple[CountingRule, date | None]]:
    ordered = sorted(rules, key=lambda r: r.effective_from)
    for i, rule in enumerate(ordered):
        yield rule, (ordered[i + 1].effective_from if i + 1 < len(ordered) else None)


def class_sql(rules: Sequence[CountingRule], alias: str = "o") -> tuple[str, list]:
    """A CASE expression giving 'training' / 'employment' / 'economic' / NULL per outcome row."""
    whens, params = [], []
    for rule, until in _periods(rules):
        period = f"{alias}.date >= %s" + (f" AND {alias}.date < %s" if until else "")
        period_params = [_param(rule.effective_from)] + ([_param(until)] if until else [])
        for label, kinds in (
            (TRAINING, rule.training_kinds),
            (EMPLOYMENT, rule.employment_kinds),
            (ECONOMIC, rule.economic_kinds),
        ):
            if kinds:
                marks = ", ".join(["%s"] * len(kinds))
                whens.append(f"WHEN {period} AND {alias}.kind IN ({marks}) THEN '{label}'")
                params += [*period_params, *sorted(kinds)]
    if not whens:
        return "NULL", []
    return "CASE " + " ".join(whens) + " END", params


def class_q(rules: Sequence[CountingRule], classes: Iterable[str]) -> Q:
    """The same classification as an ORM filter, for drill-downs into the records behind a figure."""
    wanted = set(classes)
    q = Q(pk__in=[])
    for rule, until in _periods(rules):
        kinds = set()
        if TRAINING in wanted:
            kinds |= rule.training_kinds
        if EMPLOYMENT in wanted:
            kinds |= rule.employment_kinds
        if ECONOMIC in wanted:
            kinds |= rule.economic_kinds
        if kinds:
            period = Q(date__gte=rule.effective_from) & (Q(date__lt=until) if until else Q())
            q |= period & Q(kind__in=sorted(kinds))
    return q


def _base_cte(
    by: str | None, rules, start: date, end: date, office_ids: Sequence[int] | None
) -> tuple[str, list]:
    cls, cls_params = class_sql(rules)
    key = KEY_SQL[by]
    joins = JOINS.get(by, "")
    scope, scope_params = "", []
    if office_ids is not None:
        scope = f" AND o.office_id IN ({', '.join(['%s'] * len(office_ids))})" if office_ids else " AND 1 = 0"
        scope_params = list(office_ids)
    sql = (
        f"SELECT o.id, o.member_id, o.household_id, o.date, {cls} AS cls, "
        f"COALESCE(NULLIF({key}, ''), '{NONE_KEY}') AS k "
        f"FROM outcomes_outcome o {joins} "
        f"WHERE o.verification_status = 'verified' AND o.date >= %s AND o.date <= %s{scope}"
    )
    return sql, [*cls_params, _param(start), _param(end), *scope_params]


AGGREGATES = (
    "COUNT(DISTINCT CASE WHEN q.cls IN ('employment', 'economic') THEN q.household_id END), "
    "COUNT(DISTINCT CASE WHEN q.cls IN ('employment', 'economic') THEN q.member_id END), "
    "COUNT(DISTINCT CASE WHEN q.cls = 'employment' THEN q.member_id END), "
    "COUNT(DISTINCT CASE WHEN q.cls = 'economic' THEN q.member_id END), "
    "COALESCE(SUM(CASE WHEN q.cls = 'training' THEN 1 ELSE 0 END), 0)"
)


def _collate() -> str:
    return ' COLLATE "C"' if connection.vendor == "postgresql" else ""


def family_office_sql() -> str:
    """Each empowered family's office for the year: the office of its first empowering outcome (ties: lowest code)."""
    return (
        "SELECT household_id, k AS fk FROM (SELECT q.household_id, q.k, ROW_NUMBER() OVER "
        f"(PARTITION BY q.household_id ORDER BY q.date, q.k{_collate()}) AS rn "
        "FROM q WHERE q.cls IN ('employment', 'economic')) ranked WHERE rn = 1"
    )


def _grouped(by: str | None, rules, start, end, office_ids) -> list[tuple]:
    base, params = _base_cte(by, rules, start, end, office_ids)
    if by == "office":
        sql = (
            f"WITH q AS ({base}), fam AS ({family_office_sql()}) "
            f"SELECT COALESCE(fam.fk, q.k) AS g, {AGGREGATES} FROM q "
            "LEFT JOIN fam ON fam.household_id = q.household_id AND q.cls <> 'training' "
            "WHERE q.cls IS NOT NULL GROUP BY COALESCE(fam.fk, q.k)"
        )
    elif by is None:
        sql = f"WITH q AS ({base}) SELECT '' AS g, {AGGREGATES} FROM q WHERE q.cls IS NOT NULL"
    else:
        sql = f"WITH q AS ({base}) SELECT q.k AS g, {AGGREGATES} FROM q WHERE q.cls IS NOT NULL GROUP BY q.k"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_figures(row: Sequence) -> dict[str, int]:
    return {name: int(value or 0) for name, value in zip(FIGURES, row, strict=True)}


def kpi(
    *,
    year: int,
    calendar: str = "hijri",
    by: str | None = None,
    rules: Sequence[CountingRule] | None = None,
    office_ids: Sequence[int] | None = None,
) -> dict:
    """The figures of one year in `tamkeen kpi`'s shape; office_ids narrows to some offices' outcomes."""
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    rules = counting_rules() if rules is None else rules
    start, end = year_range(year, calendar)
    result = {"year": year, "calendar": calendar, "from": start.isoformat(), "to": end.isoformat()}
    total = _grouped(None, rules, start, end, office_ids)
    result.update(_as_figures(total[0][1:]) if total else dict.fromkeys(FIGURES, 0))
    groups = {}
    if by is not None:
        groups = {row[0]: _as_figures(row[1:]) for row in _grouped(by, rules, start, end, office_ids)}
    result["by"] = {key: groups[key] for key in sorted(groups)}
    return result


def plain_group_by(*, year: int, calendar: str = "hijri", by: str | None = None) -> list[tuple]:
    """The baseline the benchmark compares against: a plain join of outcomes with the registry, grouped."""
    start, end = year_range(year, calendar)
    column = {
        None: "''",
        "office": "gof.code",
        "track": "o.track",
        "entity": "COALESCE(pe.code, 'none')",
        "governorate": "gg.code",
        "gender": "m.gender",
        "disability": "m.disability",
    }[by]
    sql = (
        f"SELECT {column}, COUNT(DISTINCT h.id), COUNT(DISTINCT m.id) FROM outcomes_outcome o "
        "JOIN registry_member m ON m.id = o.member_id JOIN registry_household h ON h.id = m.household_id "
        "JOIN geography_office gof ON gof.id = h.office_id JOIN geography_governorate gg ON gg.id = h.governorate_id "
        "LEFT JOIN partners_entity pe ON pe.id = o.entity_id "
        "WHERE o.verification_status = 'verified' AND o.date BETWEEN %s AND %s AND o.kind <> 'training_completed' "
        + (f"GROUP BY {column}" if by else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_param(start), _param(end)])
        return cursor.fetchall()
