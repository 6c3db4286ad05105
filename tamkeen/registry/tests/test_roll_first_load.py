"""A large load writes each chunk's new households and members while the next chunk is validated (firstload.py):
with small chunks, so that households, duplicate IDs and second heads straddle chunks, the import still gives the
row-wise import's summary, report and registry; rows written early that the whole-file rules reject are taken
back, and rows that meet the registry's stored members wait in staging; a strict failure leaves nothing."""

import pytest
from django.db import IntegrityError, connection, transaction

from tamkeen.registry.models import Household, Member
from tamkeen.registry.roll import firstload, keychecks, sets
from tamkeen.registry.roll.apply import RollImporter
from tamkeen.registry.tests.test_roll_rebuild import member_constraints, member_indexes
from tamkeen.registry.tests.test_roll_set_based import (
    assert_same,
    both_ways,
    jazan_offices,
    read_rows,
    write_rows,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based import runs on PostgreSQL"),
]


@pytest.fixture
def spied(monkeypatch) -> dict[str, int]:
    """Rows written early and rows taken back, counted."""
    counts = {"written": 0, "taken_back": 0}
    write, take_back = firstload.FirstLoad.write, firstload.FirstLoad.take_back

    def counted_write(self, cursor, rows, phase=None):
        counts["written"] += rows.height
        return write(self, cursor, rows, phase)

    def counted_take_back(self, cursor, keys, rejected):
        before = sum(self.created_members.values())
        take_back(self, cursor, keys, rejected)
        counts["taken_back"] += before - sum(self.created_members.values())

    monkeypatch.setattr(firstload.FirstLoad, "write", counted_write)
    monkeypatch.setattr(firstload.FirstLoad, "take_back", counted_take_back)
    monkeypatch.setattr(sets, "CHUNK_ROWS", 37)
    return counts


def tangled_roll(world, tmp_path):
    """The generated roll, plus rows that straddle chunks and rows that meet the stored registry."""
    from bench.roll_file import write_roll

    jazan_offices()
    path = tmp_path / "generated.csv"
    write_roll(path, 600, seed=11, bad_fraction=0.08, start_file_number=70_000_001, id_offset=70_000_000)
    rows = read_rows(path)
    template = next(r for r in rows if r["relation"] == "head" and r["office_code"].upper() == "SBY")
    sabya_file = template["file_number"]
    extra = [
        # A stored member listed under a new file (belongs_to_other_household), a head stored elsewhere.
        {**template, "relation": "son", "national_id": world.son_sby.national_id},
        {
            **template,
            "file_number": "79999991",
            "relation": "head",
            "national_id": world.wife_sby.national_id,
        },
        {**template, "file_number": "79999991", "relation": "son", "national_id": "1000000008"},
        # A household whose members come long before their head.
        {**template, "file_number": "79999992", "relation": "son", "national_id": "1000000016"},
        # A second head for a household read many chunks earlier: all its rows are taken back.
        {**rows[1], "relation": "head", "national_id": "1000000024"},
        # An ID already written early, again in a later chunk: both rows are rejected.
        {**template, "file_number": "79999993", "relation": "head", "national_id": rows[2]["national_id"]},
        {**template, "file_number": "79999993", "relation": "son", "national_id": "1000000032"},
    ]
    filler = rows[-80:]
    tail = [{**template, "file_number": "79999992", "relation": "head", "national_id": "1000000040"}]
    assert sabya_file != rows[1]["file_number"]
    return write_rows(tmp_path / "roll.csv", rows[:-80] + extra + filler + tail)


def test_a_large_load_in_small_chunks_is_the_row_wise_import(world, tmp_path, spied):
    path = tangled_roll(world, tmp_path)
    rows_way, sets_way = both_ways(path, tmp_path)
    assert_same(rows_way, sets_way)
    summary, lines, _state = sets_way
    reasons = {line[3] for line in lines}
    assert {"belongs_to_other_household", "duplicate_in_file", "household_with_two_heads"} <= reasons
    assert spied["written"] > summary["members_created"] / 2
    assert spied["taken_back"] > 0
    assert Member.objects.filter(household__file_number="79999992").count() == 2


def test_a_large_load_that_fails_its_strict_check_leaves_nothing(world, tmp_path, spied):
    path = tangled_roll(world, tmp_path)
    households, members = Household.objects.count(), Member.objects.count()
    tables = ("registry_member", "registry_household")
    indexes = [(member_indexes(t), member_constraints(t)) for t in tables]
    result = RollImporter(path, method="sets", strict=True).run()
    assert result.strict_failed and result.members_created > 0
    assert spied["written"] > 0
    assert (Household.objects.count(), Member.objects.count()) == (households, members)
    assert [(member_indexes(t), member_constraints(t)) for t in tables] == indexes


def test_a_large_load_queues_no_key_check_and_checks_every_key_after(world, tmp_path, spied, monkeypatch):
    checked = []
    check = keychecks.check_foreign_keys
    monkeypatch.setattr(
        keychecks, "check_foreign_keys", lambda c, table: checked.append(table) or check(c, table)
    )
    path = tangled_roll(world, tmp_path)
    result = RollImporter(path, method="sets").run()
    assert result.members_created > 0 and spied["written"] > 0
    assert checked == ["registry_household", "registry_member"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
        # The stored rows keep every key: the member's household key, added back, and the others.
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'registry_member'::regclass AND contype = 'f'"
        )
        assert cursor.fetchone()[0] >= 3
    assert len(member_indexes("registry_household")) >= 5  # rebuilt after the early writes


def test_a_key_with_no_referenced_row_is_refused_after_quiet_writes(world):
    with (
        pytest.raises(IntegrityError, match="office_id=987654321"),
        transaction.atomic(),
        connection.cursor() as cursor,
        keychecks.checked_by_join(cursor, ("registry_household",)) as quiet,
    ):
        assert quiet
        cursor.execute(
            "INSERT INTO registry_household (created_at, updated_at, file_number, is_prospect, office_id,"
            " governorate_id, address, status, needs_review) SELECT now(), now(), '88888888', false, 987654321,"
            " governorate_id, '', 'active', false FROM registry_household WHERE office_id = %s LIMIT 1",
            [world.sby.pk],
        )


def test_a_role_that_may_not_quiet_the_checks_queues_them_as_before(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS tamkeen_plain_role")
        cursor.execute("CREATE ROLE tamkeen_plain_role NOLOGIN")
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL ROLE tamkeen_plain_role")
                assert keychecks._replica(cursor) is False
                cursor.execute("SHOW session_replication_role")
                assert cursor.fetchone()[0] == "origin"
                cursor.execute("RESET ROLE")
        finally:
            cursor.execute("DROP ROLE tamkeen_plain_role")
