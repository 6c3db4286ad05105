"""The dashboard's cached figures equal the live SQL figures, and no change (or undone change) is missed."""

import random
import threading
import time
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from tamkeen.core import kept
from tamkeen.outcomes.counting import BREAKDOWNS
from tamkeen.outcomes.models import Outcome
from tamkeen.outcomes.services import figures_changed, outcome_report, outcome_verify
from tamkeen.reports import rollups
from tamkeen.reports.kpi import counting_rules, kpi
from tamkeen.reports.rollups import kpi_cached, kpi_of_offices, kpi_snapshots
from tests.personas import make_household, make_member

from .test_kpi_db import KINDS, TRACK

FIRST_DAY = date(2018, 6, 1)


def history_in_three_offices(world, rng: random.Random, outcomes: int = 90) -> None:
    """Households of Sabya, Farasan (Jazan) and Abha (Asir), their outcomes sometimes reported by another office."""
    offices = [world.sby, world.frs, world.abh]
    governorates = {world.sby.pk: "SAB", world.frs.pk: "FAR", world.abh.pk: "ABH"}
    members = []
    for n in range(12):
        office = rng.choice(offices)
        household = make_household(f"8{rng.randrange(10**6):06d}{n}", office, governorates[office.pk])
        for relation in ["head", "wife", "son"][: rng.randint(1, 3)]:
            members.append(make_member(household, relation, "اسم", "عائلة"))
    entities = [None, world.employer, world.trainer, world.bank]
    rows, days = [], set()
    for _ in range(outcomes):
        member = rng.choice(members)
        kind = rng.choice(KINDS)
        office = rng.choice(offices) if rng.random() < 0.2 else member.household.office
        status = rng.choice(["verified", "verified", "reported", "refuted"])
        day = FIRST_DAY + timedelta(days=rng.randrange(900))
        days.add(day)
        rows.append(
            Outcome(
                member=member,
                household=member.household,
                office=office,
                governorate=member.household.governorate,
                gender=member.gender,
                disability=member.disability,
                kind=kind,
                track=TRACK.get(kind, "entrepreneurship"),
                date=day,
                entity=rng.choice(entities),
                verification_status=status,
                evidence_kind="document" if status == "verified" else "",
            )
        )
    Outcome.objects.bulk_create(rows)
    figures_changed(days=days)  # as the import services do: each year gets its version row


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_cached_figures_equal_the_live_figures_in_every_office_and_region(world, seed):
    history_in_three_offices(world, random.Random(seed))
    scopes = [[world.sby.pk], [world.frs.pk], [world.abh.pk], [world.sby.pk, world.frs.pk]]
    for year, calendar in ((1439, "hijri"), (1440, "hijri"), (1441, "hijri"), (2019, "gregorian")):
        for by in (None, *BREAKDOWNS):
            live = kpi(year=year, calendar=calendar, by=by)
            assert kpi_cached(year=year, calendar=calendar, by=by) == live  # computed
            assert kpi_cached(year=year, calendar=calendar, by=by) == live  # read back
            if by is None:
                continue
            for office_ids in scopes:
                live = kpi(year=year, calendar=calendar, by=by, office_ids=office_ids)
                for _ in range(2):
                    assert kpi_of_offices(year=year, calendar=calendar, by=by, office_ids=office_ids) == live
    years = kpi_snapshots(years=[1439, 1440, 1441], calendar="hijri", by="office")
    assert years == {y: kpi(year=y, calendar="hijri", by="office") for y in (1439, 1440, 1441)}


def hire(world, member, day=date(2019, 3, 1)):
    worker = world.worker_frs if member.household.office_id == world.frs.pk else world.worker_sby
    outcome = outcome_report(actor=worker, member=member, kind="hired", date=day)
    outcome_verify(actor=worker, outcome=outcome, evidence_kind="social_insurance")


def test_a_verification_after_the_figures_were_cached_shows_at_once(world):
    hire(world, world.head_sby)
    assert (
        kpi_of_offices(year=1440, calendar="hijri", by="office", office_ids=[world.sby.pk])[
            "empowered_members"
        ]
        == 1
    )
    assert kpi_cached(year=1440, by="office")["empowered_members"] == 1
    hire(world, world.wife_sby)
    assert (
        kpi_of_offices(year=1440, calendar="hijri", by="office", office_ids=[world.sby.pk])[
            "empowered_members"
        ]
        == 2
    )
    assert kpi_cached(year=1440, by="office")["empowered_members"] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the cache is used on PostgreSQL only")
def test_figures_read_in_a_rolled_back_change_are_never_served_afterwards(world):
    hire(world, world.head_sby)
    assert kpi_cached(year=1440)["empowered_members"] == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        hire(world, world.wife_sby)  # the year's version goes to n + 1, then back to n
        assert kpi_cached(year=1440)["empowered_members"] == 2
        assert (
            kpi_of_offices(year=1440, calendar="hijri", by="track", office_ids=[world.sby.pk])[
                "empowered_members"
            ]
            == 2
        )
        raise RuntimeError
    assert kpi_cached(year=1440) == kpi(year=1440)
    hire(world, world.head_frs)  # version n + 1 again, with other figures (another family, another office)
    assert kpi_cached(year=1440) == kpi(year=1440)
    assert kpi_cached(year=1440)["empowered_families"] == 2
    live = kpi(year=1440, by="track", office_ids=[world.sby.pk])
    assert live["empowered_members"] == 1
    assert kpi_of_offices(year=1440, calendar="hijri", by="track", office_ids=[world.sby.pk]) == live


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the cache is used on PostgreSQL only")
def test_a_dashboard_waits_for_the_years_figures_another_is_computing_instead_of_computing_them_too(
    world, monkeypatch
):
    hire(world, world.head_sby)
    expected = kpi(year=1440, by="office")
    token = rollups._versions("hijri", [1440])[1440][1]
    entry = "kept:" + rollups._cache_key(
        "hijri", 1440, f"office@{rollups.rules_fingerprint(counting_rules())}", token
    )
    cache.add(
        f"{entry}:recount", 1, 5
    )  # the first dashboard after the verification has claimed the computation
    monkeypatch.setattr(kept, "WAIT_STEP_SECONDS", 0.01)
    monkeypatch.setattr(rollups, "kpi", lambda **kwargs: pytest.fail("computed beside the first dashboard"))
    first = threading.Timer(0.2, lambda: cache.set(entry, (expected, time.time() + 60), 60))
    first.start()
    assert kpi_cached(year=1440, by="office") == expected
    first.join()
