"""Running the linkage model over a batch of records with Splink on an embedded DuckDB.

``link_records(records)`` is what ``tamkeen link`` and ``tamkeen dedup`` call: features in Python, then
Splink blocks, compares and scores in DuckDB with the saved model. Nothing here touches Django's database.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import linkage_model
from .features import FEATURE_COLUMNS, established_names, mark_known, record_features


def _duckdb_api(threads: int | None = None, memory_limit: str | None = None):
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect()
    connection.execute(f"SET threads = {threads or os.cpu_count() or 2}")
    connection.execute(f"SET memory_limit = '{memory_limit or '6GB'}'")
    connection.execute(f"SET temp_directory = '{tempfile.gettempdir()}/tamkeen-duckdb'")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection), connection


# A national ID or phone shared by more records than this is a placeholder ("0500000000", an office
# number, a head's ID typed for the whole family), not evidence: it is blanked before linkage, which also
# keeps such a value from making a block of millions of pairs.
MAX_SHARED_VALUE = 20


def _blank_placeholders(frame, columns=("nid", "phone")):
    for column in columns:
        counts = frame[column].value_counts()
        placeholders = counts[counts > MAX_SHARED_VALUE].index
        if len(placeholders):
            frame.loc[frame[column].isin(placeholders), column] = None
    frame.loc[frame["nid"].isna(), "nidv"] = None
    frame["nidv"] = frame["nidv"].astype("Int64")
    return frame


def known_rows(rows: list[dict], known_names=frozenset()) -> list[dict]:
    """Mark the established names on feature rows: the model's list and the file's own frequent names (a
    file of another region brings names the training data never saw)."""
    known = set(known_names) | established_names(rows)
    for row in rows:
        mark_known(row, known)
    return rows


def feature_frame(records: Iterable[dict], known_names=frozenset()):
    import pandas as pd

    rows = known_rows([record_features(record) for record in records], known_names)
    frame = pd.DataFrame.from_records(rows, columns=list(FEATURE_COLUMNS))
    frame["byear"] = frame["byear"].astype("Int64")
    return _blank_placeholders(frame)


def linker_for(frame, settings: dict):
    from splink import Linker

    db_api, connection = _duckdb_api()
    table = db_api.register(frame, table_name="records")
    return Linker(table, settings, log_level=logging.WARNING), connection


def predict_pairs(frame, settings: dict, threshold: float) -> list[tuple[str, str, float]]:
    """Scored pairs at or above ``threshold`` as (id_a, id_b, probability) with id_a < id_b."""
    linker, connection = linker_for(frame, settings)
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    table = predictions.physical_name
    rows = connection.execute(
        f"""
        select least(unique_id_l, unique_id_r) as a, greatest(unique_id_l, unique_id_r) as b,
               max(match_probability) as p
        from {table}
        where match_probability >= ?
        group by 1, 2
        order by 1, 2
        """,
        [threshold],
    ).fetchall()
    connection.close()
    return [(a, b, float(p)) for a, b, p in rows]


def link_records(
    records: Iterable[dict], *, threshold: float = 0.9, model_path: Path | str | None = None
) -> list[tuple[str, str, float]]:
    model = linkage_model.load(model_path or linkage_model.DEFAULT_MODEL)
    frame = feature_frame(records, model.get("tamkeen", {}).get("known_names", ()))
    if len(frame) < 2:
        return []
    return predict_pairs(frame, linkage_model.splink_settings(model), threshold)


def train_model(
    records: Iterable[dict], *, path: Path | str | None = None, trained_on: dict | None = None
) -> dict:
    """Train a new model without labels on ``records`` and save it (see linkage_model.train)."""
    rows = known_rows([record_features(record) for record in records])
    import pandas as pd

    frame = _blank_placeholders(pd.DataFrame.from_records(rows, columns=list(FEATURE_COLUMNS)))
    frame["byear"] = frame["byear"].astype("Int64")
    linker, connection = linker_for(frame, linkage_model.settings_dict())
    linkage_model.train(linker)
    target = Path(path or linkage_model.DEFAULT_MODEL)
    linkage_model.save(
        linker,
        target,
        tf=linkage_model.term_frequencies(rows),
        trained_on=trained_on or {"records": len(rows)},
        known_names=established_names(rows),
    )
    connection.close()
    return linkage_model.load(target)
