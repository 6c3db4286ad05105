"""The Saudization weighting of a member's priority is a dated rule: the pure priority takes the shares, the run
loads the shares in force on its day."""

from datetime import date

import numpy as np
import pytest

from tamkeen.core.rules import DatedRuleError, dated_rule_set
from tamkeen.matching import scoring
from tamkeen.matching.scoring import DEFAULT_PRIORITY_SHARES, PRIORITY_RULE, PriorityShares
from tamkeen.matching.selectors import priority_shares_on
from tamkeen.matching.tests.instances import random_members

TODAY = date(2026, 11, 30)


def test_the_shares_decide_how_much_women_and_persons_with_disabilities_are_favoured():
    members = random_members(np.random.default_rng(16), 200)
    woman = members.gender == scoring.FEMALE
    disabled = members.disability != scoring.ANY
    default = scoring.member_priority(members)
    assert np.allclose(default, scoring.member_priority(members, DEFAULT_PRIORITY_SHARES))
    neutral = PriorityShares(time_on_security=0.6, household_size=0.4, woman=0, disability=0)
    without = scoring.member_priority(members, neutral)
    both, neither = woman & disabled, ~woman & ~disabled
    # A woman with a disability gains (unless already at the top); a man without one loses his lead.
    assert (default[both] >= without[both] - 1e-6).all() and (default[both] > without[both]).any()
    assert (default[neither] <= without[neither] + 1e-6).all()
    # Under the neutral shares two members alike but for gender and disability have the same priority.
    assert np.allclose(
        without, 0.6 * np.minimum(members.months_on_security / scoring.PRIORITY_FULL_MONTHS, 1.0)
        + 0.4 * np.clip((members.household_size - 1) / (scoring.PRIORITY_FULL_HOUSEHOLD - 1), 0, 1),
        atol=1e-5,
    )  # fmt: skip


def test_shares_that_do_not_add_up_are_refused_in_words():
    assert DEFAULT_PRIORITY_SHARES.problems() == []
    assert PriorityShares(woman=0.5).problems()
    assert PriorityShares(time_on_security=1.2, household_size=-0.2, woman=0, disability=0).problems()


@pytest.mark.django_db
def test_a_run_reads_the_shares_in_force_on_its_day(world):
    assert priority_shares_on(TODAY) == DEFAULT_PRIORITY_SHARES
    new = {"time_on_security": 0.3, "household_size": 0.2, "woman": 0.2, "disability": 0.3}
    dated_rule_set(
        actor=world.admin, name=PRIORITY_RULE, values=new, valid_from=date(2027, 1, 1), reason="قرار",
        today=TODAY,
    )  # fmt: skip
    assert priority_shares_on(date(2026, 12, 31)) == DEFAULT_PRIORITY_SHARES
    assert priority_shares_on(date(2027, 1, 1)) == PriorityShares(**new)
    with pytest.raises(DatedRuleError):
        dated_rule_set(
            actor=world.admin, name=PRIORITY_RULE, values={"woman": 0.5}, valid_from=date(2027, 2, 1),
            reason="قرار", today=TODAY,
        )  # fmt: skip
