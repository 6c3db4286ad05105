"""An outcome counts where the family's file was on the outcome's date, not where it is when reported.

Ahmad's family is on Sabya office's roll. He is hired on a date in 2025; before the hire is reported, the next
roll moves the family's file to Farasan unit (and corrects his gender and records a disability). Farasan's case
worker reports the hire, the supervisor verifies it: every breakdown of the year's figures — office,
governorate, gender, disability — still counts it as it stood on the hire date.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tamkeen.outcomes.attribution import HOUSEHOLD_FIELDS, MEMBER_FIELDS, state_on
from tamkeen.outcomes.models import EvidenceKind, OutcomeKind
from tamkeen.outcomes.services import outcome_report, outcome_verify
from tamkeen.registry.models import Member, RecordChange
from tamkeen.registry.roll.apply import RollImporter
from tamkeen.registry.tests.rollfiles import member_row, write_csv
from tamkeen.reports.kpi import kpi


def test_later_changes_are_undone_newest_first():
    current = {"office_id": 3, "governorate_id": 30}
    later = [  # newest first: 2 → 3 last week, 1 → 2 last month
        {"office_id": [2, 3], "monthly_income": ["1000", "1500"]},
        {"office_id": ["1", "2"], "governorate_id": [10, 30]},
    ]
    assert state_on(current, later, HOUSEHOLD_FIELDS) == {"office_id": 1, "governorate_id": 10}
    assert state_on(current, later[:1], HOUSEHOLD_FIELDS) == {"office_id": 2, "governorate_id": 30}
    assert state_on(current, [], HOUSEHOLD_FIELDS) == current
    person = state_on(
        {"gender": "F", "disability": "visual"}, [{"disability": ["none", "visual"]}], MEMBER_FIELDS
    )
    assert person == {"gender": "F", "disability": "none"}


@pytest.fixture
def transferred(world, tmp_path):
    """Ahmad's family: on Sabya's roll, then (today, after his hire date) on Farasan's."""
    head = member_row("880001", first_name="أحمد", gender="M", disability="none")
    RollImporter(write_csv(tmp_path / "sabya.csv", [head]), batch_size=10).run()
    moved = {**head, "office_code": "FRS", "governorate": "فرسان", "gender": "F", "disability": "physical"}
    RollImporter(write_csv(tmp_path / "farasan.csv", [moved]), batch_size=10).run()
    ahmad = Member.objects.select_related("household__office").get(national_id=head["national_id"])
    assert ahmad.household.office == world.frs  # the registry now says Farasan
    assert RecordChange.objects.filter(household=ahmad.household, changes__has_key="office_id").exists()
    return ahmad


@pytest.mark.django_db
def test_a_hire_reported_after_a_transfer_counts_under_the_office_of_its_date(world, transferred):
    ahmad = transferred
    hired_on = timezone.localdate() - timedelta(days=40)
    outcome = outcome_report(
        actor=world.worker_frs,
        member=ahmad,
        kind=OutcomeKind.HIRED,
        date=hired_on,
        employer_name="مؤسسة البحر",
    )
    assert (outcome.office, outcome.governorate.code) == (world.sby, "SAB")
    assert (outcome.gender, outcome.disability) == ("M", "none")
    outcome_verify(
        actor=world.supervisor_frs, outcome=outcome, evidence_kind=EvidenceKind.DOCUMENT, reference="عقد عمل"
    )

    year = hired_on.year
    expected = {"office": "SBY", "governorate": "SAB", "gender": "M", "disability": "none"}
    moved_to = {"office": "FRS", "governorate": "FAR", "gender": "F", "disability": "physical"}
    for by, key in expected.items():
        groups = kpi(year=year, calendar="gregorian", by=by)["by"]
        assert groups.get(key, {}).get("empowered_members") == 1, (by, groups)
        assert moved_to[by] not in groups, (by, groups)


@pytest.mark.django_db
def test_an_outcome_dated_after_the_transfer_counts_under_the_new_office(world, transferred):
    ahmad = transferred
    today = timezone.localdate()
    outcome = outcome_report(
        actor=world.worker_frs, member=ahmad, kind=OutcomeKind.PROJECT_STARTED, date=today
    )
    assert (outcome.office, outcome.governorate.code) == (world.frs, "FAR")
    assert (outcome.gender, outcome.disability) == ("F", "physical")


@pytest.mark.django_db
def test_without_history_the_registry_as_it_stands_is_used(world):
    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind=OutcomeKind.HIRED, date=date(2025, 3, 1)
    )
    household = world.head_sby.household
    assert (outcome.office_id, outcome.governorate_id) == (household.office_id, household.governorate_id)
    assert (outcome.gender, outcome.disability) == (world.head_sby.gender, world.head_sby.disability)
