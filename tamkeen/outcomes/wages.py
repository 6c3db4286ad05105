"""What a hire's wage means under the labour-market rules (domain.md §7), as pure functions over plain values.

- A Saudi hire counts in the employer's Saudization (Nitaqat) quota from a minimum wage; a worker with a
  disability counts as several (four today).
- HRDF employment support covers hires at a wage within a band (SAR 4,000–15,000 today).

The figures change by decision, so they are a dated rule (``WAGE_RULE``): the rule in force on the hire's date
decides. ``wage_facts_on`` picks that rule from the versions; ``tamkeen.outcomes.selectors.with_wage_facts`` is
its SQL twin (a test checks they agree on random hires).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WAGE_RULE = "outcomes.wage_bands"  # the name of the dated rule (tamkeen.core.models.DatedRule)
NO_DISABILITY = ("", "none")


@dataclass(frozen=True)
class WageBands:
    nitaqat_min_wage: int = 3000
    disability_counts_as: int = 4
    support_min_wage: int = 4000
    support_max_wage: int = 15000


DEFAULT_WAGE_BANDS = WageBands()


@dataclass(frozen=True)
class WageFacts:
    nitaqat_count: int  # how many workers the hire counts as in Nitaqat: 0 below the minimum wage
    in_support_band: bool  # within HRDF's employment-support wage band


def wage_facts(wage: Decimal | None, disability: str, bands: WageBands = DEFAULT_WAGE_BANDS) -> WageFacts:
    if wage is None:
        return WageFacts(0, False)
    wage = Decimal(wage)
    counts = 0
    if wage >= bands.nitaqat_min_wage:
        counts = 1 if disability in NO_DISABILITY else bands.disability_counts_as
    return WageFacts(counts, bands.support_min_wage <= wage <= bands.support_max_wage)


def bands_on(day: date, versions: Sequence[tuple[date, WageBands]]) -> WageBands:
    """The bands in force on ``day`` among dated ``versions``; the default before the first."""
    in_force = [(since, bands) for since, bands in versions if since <= day]
    return max(in_force, key=lambda version: version[0])[1] if in_force else DEFAULT_WAGE_BANDS


def wage_facts_on(
    wage: Decimal | None, disability: str, day: date, versions: Sequence[tuple[date, WageBands]]
) -> WageFacts:
    return wage_facts(wage, disability, bands_on(day, versions))
