"""The whole-file rules of files.md §1 over the per-row keys of ``columns.check_chunk``, as frame operations.

The same rules as ``validation.household_problems`` with the first pass's keys: a national ID twice in the
file rejects every row carrying it; a household with two "head" rows, or none, or whose single head row is
rejected (row-level problem, duplicate ID, or an ID that belongs to another household's member), rejects its
rows. Pure: the one database fact needed, which single heads belong elsewhere, is passed in.
"""

from __future__ import annotations

import polars as pl

from .validation import DUPLICATE_IN_FILE, HOUSEHOLD_WITH_TWO_HEADS, HOUSEHOLD_WITHOUT_HEAD


def duplicate_keys(keys: pl.DataFrame) -> pl.Series:
    """National IDs (cleaned ten digits, valid or not) that occur more than once in the file."""
    counts = keys.filter(pl.col("nid_key").is_not_null()).group_by("nid_key").len()
    return counts.filter(pl.col("len") > 1)["nid_key"]


def heads(keys: pl.DataFrame) -> pl.DataFrame:
    """Per file number: how many rows say head, and the first head row's validity and national ID."""
    by_file = keys.filter(pl.col("file_key").is_not_null())
    counted = by_file.group_by("file_key").agg(
        head_rows=(pl.col("relation") == "head").sum(),
    )
    first = (
        by_file.filter(pl.col("relation") == "head")
        .sort("row")
        .group_by("file_key", maintain_order=True)
        .first()
        .select("file_key", head_ok=pl.col("row_ok"), head_nid=pl.col("national_id"))
    )
    return counted.join(first, on="file_key", how="left")


def single_heads(keys: pl.DataFrame) -> pl.DataFrame:
    """(file_key, head_nid) of households with one valid head row: the heads to look up in the registry."""
    return (
        heads(keys)
        .filter((pl.col("head_rows") == 1) & pl.col("head_ok") & pl.col("head_nid").is_not_null())
        .select("file_key", "head_nid")
    )


def household_rejections(keys: pl.DataFrame, heads_elsewhere: set[str] | frozenset[str]) -> pl.DataFrame:
    """Every row with a whole-file problem: ``row``, ``dup``, ``two_heads``, ``without_head`` (booleans),
    plus what the report lines need (``nid_text``, ``file_number``, ``relation``)."""
    duplicates = duplicate_keys(keys)
    per_file = heads(keys).with_columns(
        head_rejected=(pl.col("head_rows") == 1)
        & (
            ~pl.col("head_ok").fill_null(False)
            | pl.col("head_nid").is_in(duplicates.cast(pl.String).implode()).fill_null(False)
            | pl.col("file_key").is_in(sorted(heads_elsewhere))
        )
    )
    rows = keys.join(
        per_file.rename({"file_key": "file_number"}), on="file_number", how="left", maintain_order="left"
    )
    has_file = pl.col("file_number").is_not_null() & pl.col("head_rows").is_not_null()
    two = has_file & (pl.col("head_rows") > 1)
    without = (
        has_file
        & ~two
        & (
            (pl.col("head_rows") == 0)
            | (pl.col("head_rejected") & (pl.col("relation").fill_null("") != "head"))
        )
    )
    dup = pl.col("national_id").is_not_null() & pl.col("nid_key").is_in(duplicates.implode())
    return (
        rows.with_columns(
            dup=dup.fill_null(False), two_heads=two.fill_null(False), without_head=without.fill_null(False)
        )
        .filter(pl.col("dup") | pl.col("two_heads") | pl.col("without_head"))
        .select("row", "dup", "two_heads", "without_head", "nid_text", "file_number", "relation")
    )


def household_lines(rejected: dict) -> list[tuple[str, str, str]]:
    """The report lines of one row of ``household_rejections``, in ``household_problems``' order."""
    lines = []
    if rejected["dup"]:
        lines.append(("national_id", rejected["nid_text"], DUPLICATE_IN_FILE))
    if rejected["two_heads"]:
        lines.append(("relation", rejected["relation"] or "", HOUSEHOLD_WITH_TWO_HEADS))
    elif rejected["without_head"]:
        lines.append(("file_number", rejected["file_number"], HOUSEHOLD_WITHOUT_HEAD))
    return lines
