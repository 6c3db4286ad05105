"""The database figures equal the counting rule's pure function, on random histories."""

import random
from datetime import date, timedelta

import pytest

from tamkeen.outcomes.counting import BREAKDOWNS, CountingRule, OutcomeRow, count_year
from tamkeen.outcomes.models import CountingRule as RuleRow
from tamkeen.outcomes.models import Outcome
from tamkeen.reports.kpi import counting_rules, kpi
from tests.personas import make_household, make_member

KINDS = [
    "hired",
    "project_financed",
    "project_started",
    "productive_family_certificate",
    "freelance_document",
    "training_completed",
]
TRACK = {"hired": "employment", "training_completed": "training"}


def random_history(world, rng: random.Random, households: int = 8, outcomes: int = 70) -> list[Outcome]:
    offices = [(world.sby, "SAB"), (world.frs, "FAR")]
    members = []
    for n in range(households):
        office, governorate = rng.choice(offices)
        household = make_household(f"9{rng.randrange(10**6):06d}{n}", office, governorate)
        for relation in ["head", "wife", "son"][: rng.randint(1, 3)]:
            members.append(
                make_member(household, relation, "اسم", "عائلة", disability=rng.choice(["none", "visual"]))
            )
    entities = [None, world.employer, world.trainer, world.bank]
    rows = []
    for _ in range(outcomes):
        member = rng.choice(members)
        kind = rng.choice(KINDS)
        office, governorate = rng.choice(offices) if rng.random() < 0.2 else (member.household.office, None)
        status = rng.choice(["verified", "verified", "reported", "refuted"])
        rows.append(
            Outcome(
                member=member,
                household=member.household,
                office=office,
                governorate=member.household.governorate
                if governorate is None
                else member.household.governorate.__class__.objects.get(code=governorate),
                gender=member.gender,
                disability=member.disability,
                kind=kind,
                track=TRACK.get(kind, "entrepreneurship"),
                date=date(2018, 6, 1) + timedelta(days=rng.randrange(900)),
                entity=rng.choice(entities),
                verification_status=status,
                evidence_kind="document" if status == "verified" else "",
            )
        )
    return Outcome.objects.bulk_create(rows)


def as_rows(outcomes) -> list[OutcomeRow]:
    return [
        OutcomeRow(
            o.member_id,
            o.household_id,
            o.office.code,
            o.kind,
            o.date,
            o.verification_status,
            o.track,
            o.entity.code if o.entity else "",
            o.governorate.code,
            o.gender,
            o.disability,
        )
        for o in Outcome.objects.select_related("office", "entity", "governorate")
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_database_figures_equal_the_pure_counting_rule(world, seed):
    random_history(world, random.Random(seed))
    rows = as_rows(Outcome.objects.all())
    rules = counting_rules()
    for year, calendar in ((1439, "hijri"), (1440, "hijri"), (1441, "hijri"), (2019, "gregorian")):
        for by in (None, *BREAKDOWNS):
            expected = count_year(rows, year=year, calendar=calendar, by=by, rules=rules)
            assert kpi(year=year, calendar=calendar, by=by) == expected, (year, calendar, by)


def test_a_rule_with_a_later_date_of_effect_changes_the_figures_from_that_date_only(world):
    random_history(world, random.Random(7), outcomes=120)
    RuleRow.objects.create(
        effective_from=date(2019, 3, 1), employment_kinds=["hired"], economic_kinds=["project_financed"]
    )
    rules = counting_rules()
    assert len(rules) == 2 and isinstance(rules[1], CountingRule)
    rows = as_rows(Outcome.objects.all())
    for by in (None, "office", "track"):
        assert kpi(year=1440, by=by) == count_year(rows, year=1440, by=by, rules=rules)


def test_snapshots_follow_every_verification_and_refutation(world):
    from tamkeen.outcomes.services import outcome_refute, outcome_report, outcome_verify
    from tamkeen.reports.models import KpiSnapshot
    from tamkeen.reports.rollups import kpi_cached

    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2019, 1, 1)
    )
    assert kpi_cached(year=1440)["empowered_families"] == 0
    assert KpiSnapshot.objects.filter(year=1440, calendar="hijri").count() == 1
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="document")
    assert kpi_cached(year=1440)["empowered_families"] == 1
    assert kpi_cached(year=2019, calendar="gregorian", by="office")["by"]["SBY"]["empowered_members"] == 1
    outcome_refute(
        actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance", reason="لا تسجيل"
    )
    assert kpi_cached(year=1440) == kpi(year=1440)
    assert kpi_cached(year=1440)["empowered_families"] == 0
    assert kpi_cached(year=2019, calendar="gregorian", by="office")["by"] == {}


def test_tamkeen_kpi_prints_exactly_the_contracts_fields(world):
    import json
    from io import StringIO

    from django.core.management import call_command

    from tamkeen.outcomes.services import outcome_report, outcome_verify

    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2018, 9, 11)
    )
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="document")
    out = StringIO()
    call_command("kpi", "--year", "1440", "--by", "office", stdout=out)
    printed = json.loads(out.getvalue())
    assert list(printed) == [
        "year",
        "calendar",
        "from",
        "to",
        "empowered_families",
        "empowered_members",
        "employment_members",
        "economic_members",
        "training_completions",
        "by",
    ]
    assert (printed["from"], printed["to"], printed["empowered_families"]) == ("2018-09-11", "2019-08-30", 1)
    assert list(printed["by"]["SBY"]) == list(printed)[4:9]
    out = StringIO()
    call_command("kpi", "--year", "1439", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[1].startswith("1439,hijri,2017-09-21,2018-09-10,,total,0,0,0,0,0")


def test_a_new_counting_rule_is_never_answered_from_an_old_snapshot(world):
    from tamkeen.outcomes.services import outcome_report, outcome_verify
    from tamkeen.reports.rollups import kpi_cached

    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="project_started", date=date(2019, 5, 1)
    )
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="document")
    assert kpi_cached(year=1440)["economic_members"] == 1
    RuleRow.objects.create(
        effective_from=date(2019, 3, 1), employment_kinds=["hired"], economic_kinds=["project_financed"]
    )
    assert kpi_cached(year=1440)["economic_members"] == 0
