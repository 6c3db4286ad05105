"""The transition period (domain.md §3): after a verified hire or economic outcome the pension continues for a
fixed number of months before the household may graduate. The length is policy, so it is a dated rule
(``TRANSITION_RULE``, loaded for a day by ``tamkeen.cases.selectors.transition_period_on``) passed in here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tamkeen.core.periods import add_months

TRANSITION_RULE = "cases.transition_period"  # the name of the dated rule (tamkeen.core.models.DatedRule)


@dataclass(frozen=True)
class TransitionPeriod:
    months: int = 12


DEFAULT_TRANSITION = TransitionPeriod()


def transition_ends_on(outcome_date: date, period: TransitionPeriod = DEFAULT_TRANSITION) -> date:
    """The day the transition period that starts on ``outcome_date`` ends (month arithmetic, end-of-month safe)."""
    return add_months(outcome_date, period.months)
