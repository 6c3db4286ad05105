"""Validating a roll column by column (the set-based import): the same answers as ``validate_row``, per chunk.

A chunk of rows becomes a polars frame of stripped texts. Each column is cleaned once per *distinct* value with
the very functions ``validate_row`` uses (coded values, names, dates in both calendars through
``core.dates``, offices, governorates, amounts), and mapped back to the rows; national IDs (digits normalised,
first digit, Luhn) and the common mobile shapes are checked as vector operations, with
``clean_phone`` (phonenumbers) only for the shapes the fast path cannot decide. A row with any problem is
handed to ``validate_row`` itself for its report lines, so the reasons, columns and values are those of the
row-wise import by construction; the tests check that both agree on which rows are valid and on the values.

Nothing here touches the database: ``check_chunk`` returns the cleaned valid rows (for the staging table),
the small per-row keys the household rules need, and the problems of the rejected rows.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from tamkeen.core.dates import GREGORIAN_YEARS, HIJRI_YEARS
from tamkeen.core.digits import normalise_digits
from tamkeen.core.hijri import from_hijri
from tamkeen.core.tables import UnreadableFile

from .validation import (
    EMPTY_CHOICE,
    FILE_NUMBER_MAX_LENGTH,
    NAME_COLUMNS,
    NAME_MAX_LENGTH,
    REQUIRED,
    Reference,
    _mobile_prefix_is_valid,
    clean_choice,
    clean_date,
    clean_money,
    clean_phone,
    name_part_key,
    text_of,
    validate_row,
)

_INDIC = list("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
_ASCII = list("0123456789") * 2
CHOICE_COLUMNS = ("education", "marital_status", "disability", "work_capacity")
MONEY_COLUMNS = ("monthly_income", "pension_amount")
# The staging table's columns, in order (the cleaned values of a valid row, plus its number and raw ID text).
STAGE_COLUMNS = ("row", "file_number", "office_id", "national_id", "raw_national_id", "relation", "first_name",
                 "father_name", "grandfather_name", "family_name", "name_key", "gender", "birth_date", "phone",
                 "education", "marital_status", "disability", "work_capacity", "governorate_id", "monthly_income",
                 "pension_amount")  # fmt: skip
# str.strip()'s whitespace (str.isspace: every such character is below U+3001), for polars' strip_chars, whose
# default (Rust's) lacks U+001C-U+001F.
PY_WHITESPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
KEY_COLUMNS = ("row", "nid_key", "national_id", "nid_text", "file_key", "file_number", "relation", "row_ok")


@dataclass
class ChunkResult:
    valid: pl.DataFrame  # STAGE_COLUMNS, one line per row without a row-level problem
    keys: pl.DataFrame  # KEY_COLUMNS, one line per row: what the household rules need
    problems: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)  # row -> validate_row's


def read_chunks(reader, size: int) -> Iterator[tuple[list[int], dict[str, list]]]:
    """(row numbers, {column: cells}) of ``size`` data rows at a time, with ``reader.rows()``'s numbering and
    blank-row rule. A CSV is transposed straight from the reader's cell lists (no dict per row: several times
    faster); an XLSX goes through ``rows()``."""
    positions = reader.header.positions
    if not reader.is_xlsx and _without_quotes(reader.path):
        yield from _plain_chunks(reader, size, positions)
        return
    if reader.is_xlsx:
        numbers, cells = [], {column: [] for column in positions}
        for number, raw in reader.rows():
            numbers.append(number)
            for column, column_cells in cells.items():
                column_cells.append(raw[column])
            if len(numbers) >= size:
                yield numbers, cells
                numbers, cells = [], {column: [] for column in positions}
        if numbers:
            yield numbers, cells
        return
    seen_header = False
    numbers, lines = [], []
    for number, line in reader._raw_rows():  # the core reader's own decoding, separator and numbering
        if not "".join(line).strip():
            continue
        if not seen_header:
            seen_header = True
            continue
        numbers.append(number)
        lines.append(line)
        if len(lines) >= size:
            yield numbers, _transpose(lines, positions)
            numbers, lines = [], []
    if lines:
        yield numbers, _transpose(lines, positions)


def _without_quotes(path) -> bool:
    """Whether the file has no quote character: then each line is one record split at the separator, exactly
    as the csv module reads it (it ends a record at CR, LF or CRLF, as text iteration with newline="" does)."""
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            if b'"' in block:
                return False
    return True


def _plain_chunks(
    reader, size: int, positions: dict[str, int]
) -> Iterator[tuple[list[int], dict[str, pl.Series]]]:
    """``read_chunks`` for a file without quotes: lines split in polars, each column a Series (no Python list
    per row), with the csv reader's record numbers, blank-row rule, header row and field size limit."""
    seen_header = False
    first = 1  # the record number of the chunk's first line
    for text in _line_blocks(reader, size):
        fields = text.str.split(reader.delimiter)
        frame = pl.DataFrame(
            {
                "number": pl.int_range(first, first + text.len(), eager=True),
                "blank": text.str.replace_all(reader.delimiter, "", literal=True).str.strip_chars(
                    PY_WHITESPACE
                )
                == "",
            }
        )
        first += text.len()
        keep = ~frame["blank"]
        if not seen_header and keep.any():
            # The header is the first record that is not blank.
            header_at = keep.arg_true()[0]
            keep = keep & (pl.int_range(0, text.len(), eager=True) > header_at)
            seen_header = True
        if (text.str.len_chars().max() or 0) > csv.field_size_limit():
            longest = fields.list.eval(pl.element().str.len_chars()).list.max().max()
            if longest > csv.field_size_limit():
                raise UnreadableFile(
                    f"not a CSV file: field larger than field limit ({csv.field_size_limit()})"
                )
        if not keep.any():
            continue
        fields = fields.filter(keep)
        cells = {
            column: fields.list.get(index, null_on_oob=True).fill_null("").rename(column)
            for column, index in positions.items()
        }
        yield frame["number"].filter(keep).to_list(), cells


def _line_blocks(reader, lines_per_block: int) -> Iterator[pl.Series]:
    """The file's lines without their ends, ``lines_per_block`` at a time. Text read with ``newline=""`` ends a
    line at CR, LF or CRLF, as the csv module ends a record."""
    try:
        with reader.path.open("r", encoding=reader.encoding, newline="") as handle:
            while lines := list(itertools.islice(handle, lines_per_block)):
                yield pl.Series("line", lines, dtype=pl.String).str.strip_chars_end("\r\n")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"cannot decode the file as {reader.encoding}: {exc}") from exc


def _transpose(lines: list[list[str]], positions: dict[str, int]) -> dict[str, list]:
    width = min(len(line) for line in lines)
    return {
        column: [line[index] for line in lines]
        if index < width
        else [line[index] if index < len(line) else "" for line in lines]
        for column, index in positions.items()
    }


def _digits(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_many(_INDIC, _ASCII)


def _map_unique(series: pl.Series, function, dtype) -> pl.Series:
    """``function`` applied once per distinct value, spread back over the rows."""
    uniques = series.unique()
    values = [function(text) for text in uniques.to_list()]
    table = pl.DataFrame({"key": uniques, "value": pl.Series(values, dtype=dtype)})
    joined = pl.DataFrame({"key": series}).join(
        table, on="key", how="left", maintain_order="left", nulls_equal=True
    )
    return joined["value"].rename(series.name)


def _luhn_ok(digits: pl.Expr) -> pl.Expr:
    total = pl.lit(0)
    for index in range(10):
        digit = digits.str.slice(index, 1).cast(pl.Int32)
        if index % 2 == 0:
            digit = digit * 2
            digit = pl.when(digit > 9).then(digit - 9).otherwise(digit)
        total = total + digit
    return total % 10 == 0


def _national_ids(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(cleaned ten-digit text or null, valid ID or null): vectorised for plain 10-digit cells, in Python for
    anything else (spaces, letters), with ``clean_national_id``'s and ``national_id_problem``'s own rules."""
    from tamkeen.core.identifiers import clean_national_id, national_id_problem

    frame = pl.DataFrame({"t": texts})
    plain = pl.col("t").str.contains(r"^[0-9٠-٩۰-۹]{10}$")
    ascii_ = _digits(pl.col("t"))
    frame = frame.with_columns(
        plain=plain,
        fast=pl.when(plain).then(ascii_).otherwise(None),
    ).with_columns(
        fast_valid=pl.when(pl.col("fast").str.contains(r"^[12]") & _luhn_ok(pl.col("fast")))
        .then(pl.col("fast"))
        .otherwise(None)
    )
    key = frame["fast"].to_list()
    valid = frame["fast_valid"].to_list()
    for index in frame.with_row_index("i").filter(~pl.col("plain") & (pl.col("t") != ""))["i"].to_list():
        cleaned = clean_national_id(texts[index])
        key[index] = cleaned if len(cleaned) == 10 and cleaned.isascii() and cleaned.isdigit() else None
        valid[index] = cleaned if national_id_problem(cleaned) is None else None
    return pl.Series(key, dtype=pl.String), pl.Series(valid, dtype=pl.String)


def _phones(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(E.164 value or "" for an empty cell or null, bad flag) — ``clean_phone``'s answers."""
    compact = _digits(pl.col("t")).str.replace_all(r"[ \-()\x{00a0}]", "")
    national = (
        pl.when(pl.col("c").str.starts_with("+966"))
        .then(pl.col("c").str.slice(4))
        .when(pl.col("c").str.starts_with("00966"))
        .then(pl.col("c").str.slice(5))
        .when(pl.col("c").str.starts_with("966"))
        .then(pl.col("c").str.slice(3))
        .when(pl.col("c").str.starts_with("0"))
        .then(pl.col("c").str.slice(1))
        .otherwise(pl.col("c"))
    )
    frame = (
        pl.DataFrame({"t": texts})
        .with_columns(c=compact)
        .with_columns(n=national)
        .with_columns(fast=pl.col("n").str.contains(r"^5[0-9]{8}$"))
    )
    prefix_ok = _map_unique(
        frame["n"].str.slice(0, 5),
        lambda p: bool(p) and p.isascii() and _mobile_prefix_is_valid(p),
        pl.Boolean,
    )
    frame = frame.with_columns(prefix_ok=prefix_ok)
    value = frame.select(
        pl.when(pl.col("t") == "")
        .then(pl.lit(""))
        .when(pl.col("fast") & pl.col("prefix_ok"))
        .then(pl.lit("+966") + pl.col("n"))
        .otherwise(None)
    ).to_series()
    slow = frame.with_row_index("i").filter(~pl.col("fast") & (pl.col("t") != ""))
    if slow.height:
        values = value.to_list()
        for index, text in zip(slow["i"].to_list(), slow["t"].to_list(), strict=True):
            values[index] = clean_phone(text)
        value = pl.Series(values, dtype=pl.String)
    bad = (texts != "") & value.is_null()
    return value, bad


def _birth_dates(cells: list, texts: pl.Series, today: date) -> tuple[pl.Series, pl.Series]:
    """(date or null, bad flag): the forms of ``core.dates.parse_date`` (year first or last, ``-`` or ``/``,
    Arabic-Indic or Persian digits) parsed as vectors, Gregorian years 1900–2100 directly and Umm al-Qura years
    as the first day of their month (looked up once per year and month) plus the day; anything else (impossible
    days, years out of range, spreadsheet dates) once per distinct value through ``clean_date``, as
    ``validate_row`` does."""
    parsed = _dates_as_vectors(texts)
    fast = parsed.is_not_null()
    births = pl.select(pl.when(fast & (parsed <= today)).then(parsed).otherwise(None)).to_series()
    bad = fast & (parsed > today)
    slow = (
        pl.DataFrame({"slow": ~fast & (texts != "")})
        .with_row_index("i")
        .filter(pl.col("slow"))["i"]
        .to_list()
    )
    if slow:
        if isinstance(cells, pl.Series):
            cells = cells.to_list()
        memo: dict[tuple, tuple[date | None, str | None]] = {}
        values, flags = births.to_list(), bad.to_list()
        for index in slow:
            cell = cells[index]
            key = (type(cell), cell)
            answer = memo.get(key)
            if answer is None:
                answer = memo[key] = clean_date(cell, today)
            values[index], flags[index] = answer[0], answer[1] is not None
        births, bad = pl.Series(values, dtype=pl.Date), pl.Series(flags)
    return births, bad


def _dates_as_vectors(texts: pl.Series) -> pl.Series:
    """Each text's date where a vector can tell it, else null (left to ``clean_date``)."""
    year_first = r"^([0-9]{4})([-/])([0-9]{1,2})([-/])([0-9]{1,2})$"
    year_last = r"^([0-9]{1,2})([-/])([0-9]{1,2})([-/])([0-9]{4})$"
    digits = texts.str.replace_many(_INDIC, _ASCII)
    first = digits.str.extract_groups(year_first).struct.unnest()
    last = digits.str.extract_groups(year_last).struct.unnest()
    parts = pl.DataFrame(
        {
            "y": first["1"].fill_null(last["5"]).cast(pl.Int32),
            "m": first["3"].fill_null(last["3"]).cast(pl.Int32),
            "d": first["5"].fill_null(last["1"]).cast(pl.Int32),
            "same": first["2"].fill_null(last["2"]) == first["4"].fill_null(last["4"]),
        }
    ).with_columns(y=pl.when(pl.col("same")).then(pl.col("y")))
    gregorian = pl.format(
        "{}-{}-{}",
        pl.col("y"),
        pl.col("m").cast(pl.String).str.zfill(2),
        pl.col("d").cast(pl.String).str.zfill(2),
    ).str.to_date("%Y-%m-%d", strict=False)
    months = (
        parts.filter(pl.col("y").is_between(HIJRI_YEARS.start, HIJRI_YEARS.stop - 1))
        .select("y", "m")
        .unique()
    )
    starts, lengths = [], []
    for year, month in months.iter_rows():
        starts.append(_hijri_or_none(year, month, 1))
        # The month's last valid day (29 or 30, fewer where the calendar's table ends mid-month).
        lengths.append(next((day for day in range(30, 0, -1) if _hijri_or_none(year, month, day)), 0))
    months = months.with_columns(
        start=pl.Series(starts, dtype=pl.Date), length=pl.Series(lengths, dtype=pl.Int32)
    )
    joined = parts.join(months, on=["y", "m"], how="left", maintain_order="left")
    hijri = pl.when(pl.col("d").is_between(1, pl.col("length"))).then(
        pl.col("start") + pl.duration(days=pl.col("d") - 1)
    )
    return joined.select(
        pl.when(pl.col("y").is_between(GREGORIAN_YEARS.start, GREGORIAN_YEARS.stop - 1))
        .then(gregorian)
        .when(pl.col("start").is_not_null())
        .then(hijri)
        .cast(pl.Date)
        .alias("birth_date")
    ).to_series()


def _hijri_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return from_hijri(year, month, day)
    except ValueError:
        return None


def _gather(cells, indices: pl.Series) -> list:
    if isinstance(cells, pl.Series):
        return cells.gather(indices).to_list()
    return [cells[index] for index in indices.to_list()]


def _collapse(text: str) -> str | None:
    collapsed = " ".join(text.split())
    return None if len(collapsed) > NAME_MAX_LENGTH else collapsed


def check_chunk(numbers: list[int], raw: dict[str, list], ref: Reference) -> ChunkResult:
    """Row-level validation of one chunk: ``raw`` maps each column present in the file to its cells."""
    count = len(numbers)
    texts = {
        column: cells.str.strip_chars(PY_WHITESPACE)
        if isinstance(cells, pl.Series)
        else pl.Series(column, [v.strip() if type(v) is str else text_of(v) for v in cells], dtype=pl.String)
        for column, cells in raw.items()
    }
    empty = pl.Series([""] * count, dtype=pl.String)
    bad = pl.Series([False] * count)
    out: dict[str, pl.Series] = {"row": pl.Series(numbers, dtype=pl.Int64)}

    def text(column: str) -> pl.Series:
        return texts.get(column, empty)

    for column in REQUIRED:
        bad = bad | (text(column) == "")

    normalised_file = text("file_number").str.replace_many(_INDIC, _ASCII)
    file_digits = normalised_file.str.contains(r"^[0-9]+$")
    file_ok = file_digits & (normalised_file.str.len_chars() <= FILE_NUMBER_MAX_LENGTH)
    bad = bad | ((normalised_file != "") & ~file_ok)
    out["file_number"] = pl.select(pl.when(file_ok).then(normalised_file).otherwise(None)).to_series()

    def office_of(office_text: str) -> int | None:
        office = ref.offices.get(normalise_digits(office_text).casefold())
        if office is None or (ref.only_office_id is not None and office.id != ref.only_office_id):
            return None
        return office.id

    office_id = _map_unique(text("office_code"), office_of, pl.Int64)
    bad = bad | ((text("office_code") != "") & office_id.is_null())
    out["office_id"] = office_id

    nid_key, national_id = _national_ids(text("national_id"))
    bad = bad | ((text("national_id") != "") & national_id.is_null())
    out["national_id"] = national_id
    out["raw_national_id"] = text("national_id")

    for column in ("relation", "gender"):
        code = _map_unique(text(column), lambda t, c=column: clean_choice(c, t) if t else None, pl.String)
        bad = bad | ((text(column) != "") & code.is_null())
        out[column] = code

    name_keys = []
    for column in NAME_COLUMNS:
        if column not in texts:
            out[column] = pl.Series([None] * count, dtype=pl.String)
            continue
        collapsed = _map_unique(texts[column], _collapse, pl.String)
        bad = bad | collapsed.is_null()
        if column in REQUIRED:
            collapsed = pl.select(pl.when(collapsed == "").then(None).otherwise(collapsed)).to_series()
        out[column] = collapsed
        part = _map_unique(collapsed, lambda t: name_part_key(t) if t else None, pl.String)
        name_keys.append(pl.select(pl.when(part == "").then(None).otherwise(part)).to_series())
    has_names = out["first_name"].is_not_null() & out["family_name"].is_not_null()
    joined = (
        pl.select(pl.concat_str(name_keys, separator=" ", ignore_nulls=True)).to_series()
        if name_keys
        else empty
    )
    out["name_key"] = pl.select(pl.when(has_names).then(joined).otherwise(None)).to_series()

    if "birth_date" in raw:
        out["birth_date"], birth_bad = _birth_dates(raw["birth_date"], texts["birth_date"], ref.today)
        bad = bad | birth_bad
    else:
        out["birth_date"] = pl.Series([None] * count, dtype=pl.Date)

    if "phone" in texts:
        phone, phone_bad = _phones(texts["phone"])
        out["phone"], bad = phone, bad | phone_bad
    else:
        out["phone"] = pl.Series([None] * count, dtype=pl.String)

    for column in CHOICE_COLUMNS:
        if column not in texts:
            out[column] = pl.Series([None] * count, dtype=pl.String)
            continue
        fallback = EMPTY_CHOICE.get(column, "")
        code = _map_unique(
            texts[column], lambda t, c=column, f=fallback: clean_choice(c, t) if t else f, pl.String
        )
        bad = bad | code.is_null()
        out[column] = code

    pairs = pl.DataFrame({"office_id": office_id, "text": text("governorate")})

    def governorate_of(pair: dict) -> int | None:
        gov_text = pair["text"]
        if not gov_text:
            return None
        key = ref.key(gov_text)
        if pair["office_id"] is not None:
            region = next(o.region_id for o in ref.offices.values() if o.id == pair["office_id"])
            return ref.governorates.get(region, {}).get(key)
        return next((table[key] for table in ref.governorates.values() if key in table), None)

    governorate_id = _map_unique(pairs.to_struct("pair"), governorate_of, pl.Int64)
    bad = bad | ((text("governorate") != "") & governorate_id.is_null())
    out["governorate_id"] = governorate_id

    for column in MONEY_COLUMNS:
        if column not in texts:
            out[column] = pl.Series([None] * count, dtype=pl.String)
            continue

        def money(t: str) -> str | None:
            if not t:
                return ""
            amount = clean_money(t)
            return None if amount is None else str(amount)

        amount = _map_unique(texts[column], money, pl.String)
        bad = bad | amount.is_null()
        out[column] = pl.select(pl.when(amount == "").then(None).otherwise(amount)).to_series()

    frame = pl.DataFrame({name: out[name].rename(name) for name in STAGE_COLUMNS})
    relation_text = text("relation")
    keys = pl.DataFrame(
        {
            "row": out["row"],
            "nid_key": nid_key,
            "national_id": national_id,
            "nid_text": text("national_id"),
            "file_key": pl.select(pl.when(file_digits).then(normalised_file).otherwise(None)).to_series(),
            "file_number": out["file_number"],
            "relation": _map_unique(relation_text, lambda t: clean_choice("relation", t), pl.String),
            "row_ok": ~bad,
        }
    )
    problems = {}
    rejected = keys.with_row_index("i").filter(~pl.col("row_ok"))["i"]
    if rejected.len():
        cells = {c: _gather(raw[c], rejected) for c in raw}
        for position, index in enumerate(rejected.to_list()):
            problems[numbers[index]] = validate_row({c: cells[c][position] for c in cells}, ref).problems
    return ChunkResult(valid=frame.filter(~bad), keys=keys, problems=problems)
