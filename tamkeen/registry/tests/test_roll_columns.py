"""The column-wise validator and the whole-file rules agree with the row-wise ones, row by row, without a
database: on a generated roll with every kind of bad row and on Hypothesis' arbitrary cells."""

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.roll_file import write_roll
from tamkeen.registry.roll.columns import STAGE_COLUMNS, check_chunk
from tamkeen.registry.roll.households import household_lines, household_rejections
from tamkeen.registry.roll.reading import TableReader
from tamkeen.registry.roll.validation import HouseholdKeys, household_problems, validate_row

from .rollfiles import COLUMNS, member_row
from .test_roll_validation import REF


def columns_of(rows: list[dict], columns=COLUMNS) -> dict[str, list]:
    return {column: [row.get(column, "") for row in rows] for column in columns}


def assert_agrees(rows: list[dict], ref=REF) -> pl.DataFrame:
    numbers = list(range(2, len(rows) + 2))
    present = list(rows[0]) if rows else COLUMNS
    chunk = check_chunk(numbers, columns_of(rows, present), ref)
    valid = {row["row"]: row for row in chunk.valid.iter_rows(named=True)}
    for number, raw in zip(numbers, rows, strict=True):
        expected = validate_row(raw, ref)
        if expected.is_valid:
            assert number in valid, (raw, expected.values)
            got = valid[number]
            for column, value in expected.values.items():
                stored = got[column]
                assert (
                    str(stored) if column in ("monthly_income", "pension_amount") and stored else stored
                ) == (
                    str(value)
                    if column in ("monthly_income", "pension_amount") and value is not None
                    else value
                ), (column, raw)
        else:
            assert number not in valid
            assert chunk.problems[number] == expected.problems
    assert set(chunk.valid.columns) == set(STAGE_COLUMNS)
    return chunk.keys


def test_a_generated_roll_with_every_kind_of_bad_row(tmp_path):
    path = tmp_path / "roll.csv"
    write_roll(path, 3000, seed=3, bad_fraction=0.15, as_of=date(2026, 11, 29))
    rows = [raw for _number, raw in TableReader(path).rows()]
    for row in rows:  # the generator's offices and governorates: mostly Sabya in this reference
        if row["office_code"].upper() != "SBY" and hash(row["file_number"]) % 2:
            row["office_code"] = "sby"
    keys = assert_agrees(rows)
    # The whole-file rules: the frame version against household_problems with the first pass's keys.
    duplicates = {k for k, n in keys.group_by("nid_key").len().iter_rows() if k and n > 1}
    households: dict[str, HouseholdKeys] = {}
    for row in keys.iter_rows(named=True):
        if row["file_key"] is None:
            continue
        entry = households.setdefault(row["file_key"], HouseholdKeys())
        if row["relation"] == "head":
            entry.head_rows += 1
            if entry.head_rows == 1:
                entry.head_national_id = row["national_id"]
                entry.head_values = {} if row["row_ok"] else None
    head_rejected = {
        f for f, h in households.items()
        if h.head_rows == 1 and (h.head_values is None or h.head_national_id in duplicates)
    }  # fmt: skip
    elsewhere = {next(iter(households))}
    head_rejected |= {f for f in elsewhere if households[f].head_rows == 1}
    rejected = {
        row["row"]: household_lines(row)
        for row in household_rejections(keys, elsewhere).iter_rows(named=True)
    }
    for row in keys.iter_rows(named=True):
        values = {
            "national_id": row["national_id"],
            "file_number": row["file_number"],
            "relation": row["relation"],
        }
        values = {k: v for k, v in values.items() if v is not None}
        expected = household_problems(
            row_problems=[], values=values, raw_national_id=row["nid_text"],
            household=households.get(row["file_number"]) if row["file_number"] else None,
            duplicate_ids=duplicates, head_rejected=row["file_number"] in head_rejected,
        )  # fmt: skip
        assert rejected.get(row["row"], []) == expected, row
    assert any(rejected.values())


cell = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩ /-+", max_size=14),
    st.sampled_from(["", " ", "head", "رب الأسرة", "F", "ذكر", "sby", "SBY ", "صبيا", "فيفا", "1990-01-15",
                     "1405/07/12", "31/12/1999", "2099-01-01", "0501234567", "+966 50 123 4567", "0521234567",
                     "1000000008", "١٠٠٠٠٠٠٠٠٨", "2000000006", "1,500", "٢٠٠٠٫٥٠", "none", "bachelor", "x" * 70]),
    st.dates().map(lambda d: d),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries(dict.fromkeys(COLUMNS, cell)), min_size=1, max_size=8))
def test_arbitrary_cells_get_the_row_validators_answers(rows):
    assert_agrees(rows)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(COLUMNS), min_size=1, unique=True))
def test_files_without_some_columns(columns):
    rows = [
        {c: row[c] for c in columns} for row in (member_row("400100"), member_row("400100", "son", phone=""))
    ]
    assert_agrees(rows)
