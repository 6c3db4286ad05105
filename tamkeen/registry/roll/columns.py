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

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from tamkeen.core.digits import normalise_digits

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
    """(date or null, bad flag): Gregorian ``YYYY-MM-DD`` in ASCII digits with a year of 1900–2100 parsed as a
    vector; every other form (Hijri years, other orders, Arabic-Indic digits, spreadsheet dates) once per
    distinct value through ``clean_date``, as ``validate_row`` does."""
    iso = texts.str.contains(r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")
    parsed = texts.str.to_date("%Y-%m-%d", strict=False)
    fast = iso & parsed.is_not_null()
    births = pl.select(pl.when(fast & (parsed <= today)).then(parsed).otherwise(None)).to_series()
    bad = fast & (parsed > today)
    slow = (
        pl.DataFrame({"slow": ~fast & (texts != "")})
        .with_row_index("i")
        .filter(pl.col("slow"))["i"]
        .to_list()
    )
    if slow:
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


def _collapse(text: str) -> str | None:
    collapsed = " ".join(text.split())
    return None if len(collapsed) > NAME_MAX_LENGTH else collapsed


def check_chunk(numbers: list[int], raw: dict[str, list], ref: Reference) -> ChunkResult:
    """Row-level validation of one chunk: ``raw`` maps each column present in the file to its cells."""
    count = len(numbers)
    texts = {
        column: pl.Series(
            column, [v.strip() if type(v) is str else text_of(v) for v in cells], dtype=pl.String
        )
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
    columns = list(raw)
    for index in keys.with_row_index("i").filter(~pl.col("row_ok"))["i"].to_list():
        problems[numbers[index]] = validate_row({c: raw[c][index] for c in columns}, ref).problems
    return ChunkResult(valid=frame.filter(~bad), keys=keys, problems=problems)
