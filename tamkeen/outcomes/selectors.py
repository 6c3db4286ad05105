"""Reads of the outcomes' dated rules, and the SQL twin of ``tamkeen.outcomes.wages``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When

from tamkeen.core.models import DatedRule
from tamkeen.core.rules import rule_values_on

from .wages import DEFAULT_WAGE_BANDS, NO_DISABILITY, WAGE_RULE, WageBands


def wage_bands_on(day: date) -> WageBands:
    return WageBands(**rule_values_on(WAGE_RULE, day, asdict(DEFAULT_WAGE_BANDS)))


def wage_band_versions() -> list[tuple[date, WageBands]]:
    """Every dated version of the wage bands, oldest first (the default applies before the first)."""
    default = asdict(DEFAULT_WAGE_BANDS)
    return [
        (row.valid_from, WageBands(**{**default, **row.values}))
        for row in DatedRule.objects.filter(name=WAGE_RULE).order_by("valid_from")
    ]


def with_wage_facts(outcomes: QuerySet, versions: list[tuple[date, WageBands]] | None = None) -> QuerySet:
    """``outcomes`` annotated with ``nitaqat_count`` and ``in_support_band`` under the bands in force on each
    outcome's date: one CASE branch per version's period, the same answer as ``wages.wage_facts_on``."""
    versions = wage_band_versions() if versions is None else sorted(versions, key=lambda v: v[0])
    periods = []
    first = versions[0][0] if versions else None
    if first is None:
        periods.append((Q(), DEFAULT_WAGE_BANDS))
    else:
        periods.append((Q(date__lt=first), DEFAULT_WAGE_BANDS))
        for (since, bands), following in zip(versions, [*versions[1:], None], strict=True):
            during = Q(date__gte=since) & (Q(date__lt=following[0]) if following else Q())
            periods.append((during, bands))
    disabled = ~Q(disability__in=NO_DISABILITY)
    counts, support = [], []
    for during, bands in periods:
        paid = during & Q(wage__isnull=False) & Q(wage__gte=bands.nitaqat_min_wage)
        counts.append(When(paid & disabled, then=Value(bands.disability_counts_as)))
        counts.append(When(paid, then=Value(1)))
        support.append(
            When(
                during & Q(wage__gte=bands.support_min_wage) & Q(wage__lte=bands.support_max_wage),
                then=Value(True),
            )
        )
    return outcomes.annotate(
        nitaqat_count=Case(*counts, default=Value(0), output_field=IntegerField()),
        in_support_band=Case(*support, default=Value(False), output_field=BooleanField()),
    )
