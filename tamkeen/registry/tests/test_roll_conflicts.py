"""Khalid's Sabya roll lists a national ID that already belongs to a member of Farasan's household: the row is
rejected, the Farasan member is flagged, and the pair goes to the duplicate review queue, where either office's
supervisor decides. Importing the roll again proposes nothing new. On SQLite (row-wise) and PostgreSQL
(set-based) alike."""

import pytest

from tamkeen.dedup.models import DuplicateCandidate
from tamkeen.registry.models import Member, ReviewFlag
from tamkeen.registry.roll.apply import RollImporter

from .rollfiles import household_rows, member_row, write_csv

pytestmark = pytest.mark.django_db


def test_an_id_of_another_household_makes_a_pair_for_review(world, tmp_path):
    rows = household_rows("720001", 2)
    head = rows[0]
    # The Farasan head, listed again under Sabya's new file with his own name and birth date.
    frs = world.head_frs
    rows.append(
        member_row("720001", "brother", national_id=frs.national_id, first_name=frs.first_name,
                   father_name=frs.father_name, grandfather_name=frs.grandfather_name, family_name=frs.family_name,
                   birth_date=frs.birth_date.isoformat())
    )  # fmt: skip
    path = write_csv(tmp_path / "roll.csv", rows)
    result = RollImporter(path, actor=world.supervisor_sby).run()
    assert (result.rejected, result.members_created) == (1, 2)

    pair = DuplicateCandidate.objects.get()
    new_head = Member.objects.get(national_id=head["national_id"])
    assert {pair.low_id, pair.high_id} == {frs.pk, new_head.pk}
    assert {pair.office_a_id, pair.office_b_id} == {world.frs.pk, world.sby.pk}
    assert pair.status == DuplicateCandidate.Status.PENDING
    assert pair.evidence["roll"] == {"file_number": "720001", "national_id": frs.national_id}
    assert ReviewFlag.objects.filter(member=frs, reason=ReviewFlag.Reason.OTHER_HOUSEHOLD).exists()

    again = RollImporter(path, actor=world.supervisor_sby).run()
    assert again.rejected == 1 and DuplicateCandidate.objects.count() == 1


def test_the_pair_is_the_same_person_when_the_other_household_lists_them(world, tmp_path):
    rows = household_rows("720002", 3)
    path = write_csv(tmp_path / "first.csv", rows)
    RollImporter(path).run()
    # Later the wife of 720002 appears, under her own ID, in Farasan's household: a second member, same person.
    wife = Member.objects.get(national_id=rows[1]["national_id"])
    twin = Member.objects.create(
        household=world.household_frs, national_id="2" + rows[1]["national_id"][1:9] + "0", relation="wife",
        first_name=wife.first_name, father_name=wife.father_name, grandfather_name=wife.grandfather_name,
        family_name=wife.family_name, name_key=wife.name_key, gender="F", birth_date=wife.birth_date,
    )  # fmt: skip
    # Farasan's roll lists the wife's 720002 ID in Farasan's file.
    frs_rows = [
        member_row(world.household_frs.file_number, "head", national_id=world.head_frs.national_id,
                   office_code="FRS", governorate="فرسان"),
        member_row(world.household_frs.file_number, "wife", national_id=wife.national_id, office_code="FRS",
                   governorate="فرسان"),
    ]  # fmt: skip
    RollImporter(write_csv(tmp_path / "frs.csv", frs_rows)).run()
    pair = DuplicateCandidate.objects.get()
    assert {pair.low_id, pair.high_id} == {wife.pk, twin.pk}
