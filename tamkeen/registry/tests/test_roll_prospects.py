"""Salma was met at the forum without a social-security file (a prospect). When Sabya's roll brings her file,
the import Khalid (supervisor_sby) runs links her household to it instead of making a second one; a roll run
from the command line (no user), or one listing her under a file that already exists, leaves that to a person."""

from datetime import date

import pytest

from tamkeen.core.models import AuditEvent
from tamkeen.registry import services
from tamkeen.registry.models import Household, Member, RecordChange, ReviewFlag
from tamkeen.registry.roll.apply import RollImporter
from tests.personas import next_national_id

from .rollfiles import household_rows, write_csv

pytestmark = pytest.mark.django_db


def salma(world) -> Member:
    household = services.household_create(
        actor=world.worker_sby,
        office=world.sby,
        household_values={"file_number": "", "governorate_id": world.household_sby.governorate_id},
        head_values={
            "national_id": next_national_id(), "first_name": "سلمى", "father_name": "علي", "grandfather_name": "",
            "family_name": "العمري", "name_key": "سلمي علي العمري", "gender": "F", "birth_date": date(1996, 4, 2),
        },
        reason="التقيناها في الملتقى",
    )  # fmt: skip
    return household.members.get()


def her_roll(tmp_path, member, file_number="400900", **head):
    rows = household_rows(
        file_number, size=2, national_id=member.national_id, first_name="سلمى", father_name="علي",
        grandfather_name="حسن", family_name="العمري", gender="F", birth_date="1996-04-02",
        marital_status="widowed", **head,
    )  # fmt: skip
    return write_csv(tmp_path / "roll.csv", rows), rows


def test_the_roll_links_her_household_instead_of_making_a_second(world, tmp_path):
    member = salma(world)
    prospect = member.household
    path, rows = her_roll(tmp_path, member)
    households_before = Household.objects.count()

    trial = RollImporter(path, actor=world.supervisor_sby, only_office_id=world.sby.pk, dry_run=True).run()
    assert (trial.rejected, trial.households_created, trial.prospects_linked) == (0, 0, 1)
    prospect.refresh_from_db()
    assert prospect.is_prospect, "a dry run writes nothing"

    result = RollImporter(path, actor=world.supervisor_sby, only_office_id=world.sby.pk, batch_size=1).run()
    assert (result.rejected, result.households_created, result.prospects_linked) == (0, 0, 1)
    assert (result.members_created, result.members_updated) == (1, 1)
    assert Household.objects.count() == households_before
    prospect.refresh_from_db()
    assert (prospect.file_number, prospect.is_prospect) == ("400900", False)
    assert Member.objects.get(national_id=rows[1]["national_id"]).household == prospect
    member.refresh_from_db()
    assert (member.household_id, member.grandfather_name, member.marital_status) == (
        prospect.pk,
        "حسن",
        "widowed",
    )
    link = AuditEvent.objects.get(action="registry.household.assign_file", actor=world.supervisor_sby)
    assert link.changes["file_number"] == ["", "400900"] and "roll import" in link.reason
    assert RecordChange.objects.filter(household=prospect, changes__file_number=["", "400900"]).exists()
    assert not ReviewFlag.objects.exists()

    again = RollImporter(path, actor=world.supervisor_sby, only_office_id=world.sby.pk).run()
    assert (again.unchanged, again.prospects_linked, again.rejected) == (2, 0, 0)


def test_a_roll_run_without_a_user_leaves_the_link_to_the_office(world, tmp_path):
    member = salma(world)
    path, _rows = her_roll(tmp_path, member)
    result = RollImporter(path).run()
    assert (result.prospects_linked, result.rejected) == (0, 2)  # her row, and so her household's other row
    member.refresh_from_db()
    assert member.household.is_prospect and member.needs_review
    assert ReviewFlag.objects.filter(member=member, reason=ReviewFlag.Reason.OTHER_HOUSEHOLD).exists()


def test_a_file_that_already_exists_is_a_member_move_for_a_person(world, tmp_path):
    member = salma(world)
    path, _rows = her_roll(tmp_path, member, file_number=world.household_sby.file_number, relation="other")
    result = RollImporter(path, actor=world.supervisor_sby, only_office_id=world.sby.pk).run()
    assert result.prospects_linked == 0 and result.rejected >= 1
    member.refresh_from_db()
    assert member.household.is_prospect


def test_another_offices_supervisor_does_not_link_sabyas_prospect(world, tmp_path):
    member = salma(world)
    path, _rows = her_roll(tmp_path, member)
    result = RollImporter(path, actor=world.supervisor_frs).run()
    assert result.prospects_linked == 0
    member.refresh_from_db()
    assert member.household.is_prospect
