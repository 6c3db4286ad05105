"""The column-wise validator and the whole-file rules agree with the row-wise ones, row by row, without a
database: on a generated roll with every kind of bad row and on Hypothesis' arbitrary cells."""

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.roll_file import write_roll
from tamkeen.registry.roll.columns import STAGE_COLUMNS, check_chunk, read_chunks
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
    cells = columns_of(rows, present)
    chunk = check_chunk(numbers, cells, ref)
    if all(type(v) is str for column in cells.values() for v in column):
        # A CSV without quotes is read into polars Series (read_chunks): the same answers.
        as_series = check_chunk(numbers, {c: pl.Series(c, v, dtype=pl.String) for c, v in cells.items()}, ref)
        assert as_series.valid.equals(chunk.valid) and as_series.keys.equals(chunk.keys)
        assert as_series.problems == chunk.problems
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


def every_row(path, size: int) -> list[tuple[int, dict]]:
    reader = TableReader(path)
    rows = []
    for numbers, cells in read_chunks(reader, size):
        lists = {c: v.to_list() if isinstance(v, pl.Series) else v for c, v in cells.items()}
        rows += [(number, {c: lists[c][i] for c in lists}) for i, number in enumerate(numbers)]
    return rows


line_cell = st.text(alphabet=" ab\t\x1c\u3000١;,\r\n", max_size=4)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(line_cell, max_size=4), max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1256"]),
    st.sampled_from([1, 3, 50]),
)
def test_a_file_without_quotes_is_read_as_the_csv_module_reads_it(
    tmp_path_factory, lines, end, encoding, size
):
    """read_chunks' polars reading of quote-free files: the core reader's numbers, blank rows and cells."""
    path = tmp_path_factory.mktemp("roll") / "roll.csv"
    text = "\n\nfile_number,national_id,relation\n" + "".join(",".join(cells) + end for cells in lines)
    path.write_bytes(text.encode(encoding, errors="replace"))
    assert every_row(path, size) == list(TableReader(path).rows())


def test_dates_in_every_form_and_calendar_get_the_row_validators_answers():
    days = (0, 1, 9, 28, 29, 30, 31)
    texts = [f"{y}/{m}/{d}" for y in (1299, 1343, 1344, 1445, 1500, 1501) for m in range(0, 14) for d in days]
    texts += [
        f"{d:02d}-{m:02d}-{y}"
        for y in (1899, 1900, 1999, 2000, 2100, 2101)
        for m in (0, 2, 12, 13)
        for d in days
    ]
    texts += [
        "1990-02-29",
        "1992-02-29",
        "٢٠٢٠-٠١-٠١",
        "۱۴۰۰/۰۱/۰۱",
        "1990-01/02",
        "2026-11-30",
        "2026-12-01",
    ]
    rows = [member_row("400100", birth_date=text) for text in texts]
    assert_agrees(rows, ref=REF)
