"""A large set-based load rebuilds the member table's secondary indexes in its own transaction (rebuild.py):
the table keeps every index with the same definition, and a table others are reading keeps them updated row by
row instead; the foreign key to the households is dropped and added back with them. The equivalence with the row-wise import, rebuild or not, is test_roll_set_based's."""

import psycopg
import pytest
from django.db import connection

from bench.roll_file import write_roll
from tamkeen.registry.models import Member
from tamkeen.registry.roll import rebuild
from tamkeen.registry.roll.apply import RollImporter
from tamkeen.registry.tests.test_roll_set_based import jazan_offices


def test_a_load_is_large_when_it_brings_four_times_the_rows_stored():
    assert rebuild.worth_rebuilding(1000, 0)
    assert rebuild.worth_rebuilding(4000, 1000)
    assert not rebuild.worth_rebuilding(3999, 1000)
    assert not rebuild.worth_rebuilding(0, 0)


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based import runs on PostgreSQL"
)


def member_constraints(table: str = "registry_member") -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
            [table],
        )
        return dict(cursor.fetchall())


def member_indexes(table: str = "registry_member") -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


@pytest.fixture
def first_roll(world, tmp_path):
    jazan_offices()
    path = tmp_path / "roll.csv"
    write_roll(path, 300, seed=3, bad_fraction=0.05, start_file_number=80_000_001, id_offset=80_000_000)
    return path


def recording_drops(monkeypatch) -> list[bool]:
    outcomes = []
    drop = rebuild._drop

    def recorded(cursor, *args):
        outcomes.append(drop(cursor, *args))
        return outcomes[-1]

    monkeypatch.setattr(rebuild, "_drop", recorded)
    return outcomes


@postgres_only
@pytest.mark.django_db
def test_a_first_load_rebuilds_every_secondary_index_as_it_was(first_roll, monkeypatch):
    before, constraints = member_indexes(), member_constraints()
    households_before = member_indexes("registry_household")
    drops = recording_drops(monkeypatch)
    result = RollImporter(first_roll, method="sets").run()
    assert drops == [True, True]  # the members' indexes, then the households'
    assert result.members_created > 0
    assert member_indexes() == before
    assert member_indexes("registry_household") == households_before
    # The household key was dropped for the insert and added back (checking every row at once).
    assert member_constraints() == constraints
    assert any("REFERENCES registry_household(id)" in c for c in constraints.values())
    assert "registry_member_name_key_trgm" in before


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_table_being_read_keeps_its_indexes_and_the_import_goes_on(first_roll, monkeypatch):
    monkeypatch.setattr(rebuild, "LOCK_WAIT", "200ms")
    drops = recording_drops(monkeypatch)
    settings = connection.settings_dict
    stored = Member.objects.count()
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    ) as reader:
        reader.execute("SELECT count(*) FROM registry_member")  # holds the table's share lock until commit
        result = RollImporter(first_roll, method="sets").run()
    assert drops == [False]
    assert result.members_created == Member.objects.count() - stored > 0
