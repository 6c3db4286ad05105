"""Snapshots of the year's figures, kept correct when outcomes change.

At national scale one year's figures take a second or more to compute from the outcomes; dashboards and `tamkeen
kpi` must answer in milliseconds. Each (calendar, year, breakdown) result of tamkeen.reports.kpi.kpi is stored
with the version of its year (tamkeen.outcomes.models.KpiYearVersion). The outcome services raise that version in
the same transaction as any verification or refutation, so the next read sees a stale snapshot and recomputes it.
The version is read *before* computing: a change made during the computation leaves the snapshot stale.

Only whole-region figures are snapshotted (every office); the office breakdown is additive (a family counts under
one office), so a region's or an office's headline is a sum of the office rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from tamkeen.outcomes.counting import FIGURES
from tamkeen.outcomes.models import KpiYearVersion
from tamkeen.reports.kpi import counting_rules, kpi
from tamkeen.reports.models import KpiSnapshot


def _versions(calendar: str, years: Iterable[int]) -> dict[int, int]:
    return dict(
        KpiYearVersion.objects.filter(calendar=calendar, year__in=list(years)).values_list("year", "version")
    )


def _store(calendar: str, year: int, by: str, version: int, result: dict) -> None:
    try:
        with transaction.atomic():
            updated = KpiSnapshot.objects.filter(calendar=calendar, year=year, by=by).update(
                version=version, result=result
            )
            if not updated:
                KpiSnapshot.objects.create(
                    calendar=calendar, year=year, by=by, version=version, result=result
                )
    except IntegrityError:  # another process stored the same snapshot first
        pass


def rules_fingerprint(rules) -> str:
    text = repr(
        [
            (r.effective_from, sorted(r.employment_kinds), sorted(r.economic_kinds), sorted(r.training_kinds))
            for r in rules
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def canonical(result: dict) -> dict:
    """The contract's field order (a JSON column may store keys in its own order)."""
    head = {key: result[key] for key in ("year", "calendar", "from", "to")}
    head.update({name: result[name] for name in FIGURES})
    head["by"] = {key: {name: group[name] for name in FIGURES} for key, group in sorted(result["by"].items())}
    return head


def kpi_snapshots(*, years: Iterable[int], calendar: str, by: str | None = None) -> dict[int, dict]:
    """kpi(year=…, calendar=…, by=…) for several years, from fresh snapshots or recomputed."""
    years = list(years)
    rules = counting_rules()
    key = f"{by or ''}@{rules_fingerprint(rules)}"
    versions = _versions(calendar, years)
    found = {
        s.year: s
        for s in KpiSnapshot.objects.filter(calendar=calendar, year__in=years, by=key).only(
            "year", "version", "result"
        )
    }
    results = {}
    for year in years:
        version = versions.get(year, 0)
        snapshot = found.get(year)
        if snapshot is not None and snapshot.version == version:
            results[year] = canonical(snapshot.result)
            continue
        result = kpi(year=year, calendar=calendar, by=by, rules=rules)
        _store(calendar, year, key, version, result)
        results[year] = result
    return results


def kpi_cached(*, year: int, calendar: str = "hijri", by: str | None = None) -> dict:
    return kpi_snapshots(years=[year], calendar=calendar, by=by)[year]


def office_sums(result: dict, codes: Iterable[str]) -> dict[str, int]:
    """A headline for some offices from a year's by-office figures (each family under one office)."""
    figures = dict.fromkeys(FIGURES, 0)
    for code in codes:
        for name in FIGURES:
            figures[name] += result["by"].get(code, {}).get(name, 0)
    return figures
