"""Snapshots of the year's figures, kept correct when outcomes change.

At national scale one year's figures take a second or more to compute from the outcomes; dashboards and `tamkeen
kpi` must answer in milliseconds. Each (calendar, year, breakdown) result of tamkeen.reports.kpi.kpi is stored
with the version of its year (tamkeen.outcomes.models.KpiYearVersion). The outcome services raise that version in
the same transaction as any verification or refutation, so the next read sees a stale snapshot and recomputes it.
The version is read *before* computing: a change made during the computation leaves the snapshot stale.

Only whole-region figures are snapshotted (every office); the office breakdown is additive (a family counts under
one office), so a region's or an office's headline is a sum of the office rows.

On PostgreSQL the results (and a region's or an office's own breakdowns) are also kept in the cache, so a
dashboard reads no snapshot and computes nothing while its years are unchanged. The cache key names the year's
version row by its xmin, the id of the transaction that last wrote it: a raise that is rolled back leaves a key
that can never be read again (transaction ids are not reused), where the version number alone would come back
for a different, later raise. A year without a version row is never cached (nothing would mark it stale).
Cached figures are computed by one request at a time (``tamkeen.core.kept``): the dashboards open when a
verification lands wait for one computation instead of each running their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, connection, transaction

from tamkeen.core.kept import fresh_many, kept
from tamkeen.outcomes.counting import FIGURES
from tamkeen.outcomes.models import KpiYearVersion
from tamkeen.reports.kpi import counting_rules, kpi
from tamkeen.reports.models import KpiSnapshot

# A safety net: an entry is exact for as long as its year's version row is unchanged.
CACHE_SECONDS = 3600


def _versions(calendar: str, years: Iterable[int]) -> dict[int, tuple[int, str | None]]:
    """Each year's version, and the cache token of its version row (None: not to be cached)."""
    years = list(years)
    if connection.vendor != "postgresql":
        rows = KpiYearVersion.objects.filter(calendar=calendar, year__in=years).values_list("year", "version")
        return {year: (version, None) for year, version in rows}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT year, version, xmin::text FROM outcomes_kpiyearversion WHERE calendar = %s AND year = ANY(%s)",
            [calendar, years],
        )
        return {year: (version, f"{version}.{xmin}") for year, version, xmin in cursor.fetchall()}


def _cache_key(calendar: str, year: int, key: str, token: str) -> str:
    return f"reports:kpi:{calendar}:{year}:{key}:{token}"


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
    cache_keys = {
        year: _cache_key(calendar, year, key, token)
        for year, (_version, token) in versions.items()
        if token is not None
    }
    hits = fresh_many(list(cache_keys.values()))
    results = {year: hits[k] for year, k in cache_keys.items() if k in hits}
    missing = [year for year in years if year not in results]
    found = (
        {
            s.year: s
            for s in KpiSnapshot.objects.filter(calendar=calendar, year__in=missing, by=key).only(
                "year", "version", "result"
            )
        }
        if missing
        else {}
    )

    def stored_or_computed(year: int) -> dict:
        version = versions.get(year, (0, None))[0]
        snapshot = found.get(year)
        if snapshot is not None and snapshot.version == version:
            return canonical(snapshot.result)
        result = kpi(year=year, calendar=calendar, by=by, rules=rules)
        _store(calendar, year, key, version, result)
        return result

    for year in missing:
        # After a verification every open dashboard finds the year's figures missing at once: one computes them
        # (a second or more at national scale), the others wait for its result.
        compute = partial(stored_or_computed, year)
        results[year] = kept(cache_keys[year], CACHE_SECONDS, compute) if year in cache_keys else compute()
    return {year: results[year] for year in years}


def kpi_cached(*, year: int, calendar: str = "hijri", by: str | None = None) -> dict:
    return kpi_snapshots(years=[year], calendar=calendar, by=by)[year]


def kpi_of_offices(*, year: int, calendar: str, by: str, office_ids: list[int]) -> dict:
    """kpi(…, office_ids=…) for some offices (a region, an office), cached while the year is unchanged."""
    rules = counting_rules()
    token = _versions(calendar, [year]).get(year, (0, None))[1]
    if token is None:
        return kpi(year=year, calendar=calendar, by=by, rules=rules, office_ids=office_ids)
    offices = ",".join(map(str, sorted(office_ids)))
    key = _cache_key(calendar, year, f"{by}@{rules_fingerprint(rules)}@{offices}", token)
    return kept(
        key,
        CACHE_SECONDS,
        lambda: kpi(year=year, calendar=calendar, by=by, rules=rules, office_ids=office_ids),
    )


def office_sums(result: dict, codes: Iterable[str]) -> dict[str, int]:
    """A headline for some offices from a year's by-office figures (each family under one office)."""
    figures = dict.fromkeys(FIGURES, 0)
    for code in codes:
        for name in FIGURES:
            figures[name] += result["by"].get(code, {}).get(name, 0)
    return figures
