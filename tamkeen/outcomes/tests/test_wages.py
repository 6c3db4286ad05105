"""What a hire's wage means under the wage bands in force on its date: the pure rule, and its SQL twin agreeing
with it on random hires under several dated versions."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tamkeen.core.models import DatedRule
from tamkeen.core.rules import dated_rule_set
from tamkeen.outcomes.models import Outcome
from tamkeen.outcomes.selectors import wage_band_versions, wage_bands_on, with_wage_facts
from tamkeen.outcomes.wages import WAGE_RULE, WageBands, WageFacts, bands_on, wage_facts, wage_facts_on
from tests.personas import make_household, make_member

RAISED = WageBands(
    nitaqat_min_wage=4000, disability_counts_as=3, support_min_wage=4500, support_max_wage=20000
)


def test_a_hire_counts_in_nitaqat_from_the_lowest_wage_and_a_disability_counts_four():
    assert wage_facts(Decimal("2999.99"), "none") == WageFacts(0, False)
    assert wage_facts(Decimal("3000"), "none") == WageFacts(1, False)
    assert wage_facts(Decimal("3000"), "visual") == WageFacts(4, False)
    assert wage_facts(Decimal("4000"), "") == WageFacts(1, True)
    assert wage_facts(Decimal("15000"), "physical") == WageFacts(4, True)
    assert wage_facts(Decimal("15000.01"), "none") == WageFacts(1, False)
    assert wage_facts(None, "visual") == WageFacts(0, False)
    assert wage_facts(Decimal("3500"), "visual", RAISED) == WageFacts(0, False)


def test_the_bands_in_force_on_a_day_are_the_latest_version_on_or_before_it():
    versions = [(date(2027, 1, 1), RAISED), (date(2020, 1, 1), WageBands(nitaqat_min_wage=2500))]
    assert bands_on(date(2019, 12, 31), versions) == WageBands()
    assert bands_on(date(2020, 1, 1), versions).nitaqat_min_wage == 2500
    assert bands_on(date(2027, 1, 1), versions) == RAISED
    assert wage_facts_on(Decimal("2600"), "none", date(2026, 6, 1), versions) == WageFacts(1, False)


@pytest.mark.django_db
def test_the_shipped_rule_is_todays_figures_and_a_new_version_waits_for_its_date(world):
    assert wage_bands_on(date(2026, 11, 30)) == WageBands()
    dated_rule_set(
        actor=world.admin,
        name=WAGE_RULE,
        values={"nitaqat_min_wage": 4000},
        valid_from=date(2027, 1, 1),
        reason="قرار رفع الحد الأدنى",
        today=date(2026, 11, 30),
    )
    assert wage_bands_on(date(2026, 12, 31)).nitaqat_min_wage == 3000
    assert wage_bands_on(date(2027, 1, 1)) == WageBands(nitaqat_min_wage=4000)


@pytest.mark.django_db
def test_the_sql_twin_agrees_with_the_pure_rule_on_random_hires(world):
    rng = random.Random(16)
    DatedRule.objects.create(
        name=WAGE_RULE, valid_from=date(2025, 3, 1), values={"support_max_wage": 12000}, reason="x"
    )
    DatedRule.objects.create(
        name=WAGE_RULE,
        valid_from=date(2026, 1, 1),
        values={"nitaqat_min_wage": 4000, "disability_counts_as": 3, "support_min_wage": 4500},
        reason="y",
    )
    household = make_household("WAGE-1", world.sby, "SAB")
    members = [
        make_member(household, relation, "اسم", "عائلة", disability=disability)
        for relation, disability in (("head", "none"), ("son", "visual"), ("wife", ""))
    ]
    rows = []
    for _ in range(300):
        member = rng.choice(members)
        wage = rng.choice([None, Decimal(rng.randrange(2000, 17000)), Decimal("3000"), Decimal("4000"),
                           Decimal("4500"), Decimal("12000"), Decimal("15000")])  # fmt: skip
        rows.append(
            Outcome(
                member=member,
                household=household,
                office=world.sby,
                governorate=household.governorate,
                gender=member.gender,
                disability=member.disability,
                kind="hired",
                track="employment",
                date=date(2024, 6, 1) + timedelta(days=rng.randrange(1000)),
                wage=wage,
                verification_status="verified",
                evidence_kind="document",
            )
        )
    Outcome.objects.bulk_create(rows)
    versions = wage_band_versions()
    twin = with_wage_facts(Outcome.objects.filter(household=household))
    checked = 0
    for outcome in twin:
        expected = wage_facts_on(outcome.wage, outcome.disability, outcome.date, versions)
        assert (outcome.nitaqat_count, outcome.in_support_band) == (
            expected.nitaqat_count,
            expected.in_support_band,
        ), (outcome.wage, outcome.disability, outcome.date)
        checked += 1
    assert checked == 300
    # Every kind of answer occurs, so the agreement is not an agreement on zeros.
    answers = {(o.nitaqat_count, o.in_support_band) for o in twin}
    assert {(0, False), (1, True), (4, False), (3, True)} <= answers
