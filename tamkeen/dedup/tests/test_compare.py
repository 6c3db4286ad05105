"""The Python comparison levels (online check, review evidence) agree with the model's Splink SQL."""

import random

import duckdb
import pandas as pd
import pytest

from bench import linkage_data, linkage_hard_cases
from tamkeen.dedup import linkage_model
from tamkeen.dedup.compare import compare
from tamkeen.dedup.features import FEATURE_COLUMNS, record_features
from tamkeen.dedup.linkage import known_rows


def _sql_levels(pairs):
    rows = []
    for left, right in pairs:
        row = {f"{c}_l": left[c] for c in FEATURE_COLUMNS}
        row.update({f"{c}_r": right[c] for c in FEATURE_COLUMNS})
        rows.append(row)
    frame = pd.DataFrame(rows)
    connection = duckdb.connect()
    connection.register("pairs", frame)
    cases = []
    for comparison in linkage_model.settings_dict()["comparisons"]:
        whens = []
        for level in comparison["comparison_levels"]:
            label = "NULL" if level.get("is_null_level") else f"'{level['label_for_charts']}'"
            if level["sql_condition"] == "ELSE":
                whens.append(f"ELSE {label}")
            else:
                whens.append(f"WHEN {level['sql_condition']} THEN {label}")
        cases.append(f"CASE {' '.join(whens)} END AS {comparison['output_column_name']}")
    result = connection.execute(f"select {', '.join(cases)} from pairs").fetchdf()
    return result.to_dict("records")


@pytest.mark.parametrize("generator", [linkage_data, linkage_hard_cases])
def test_python_levels_equal_sql_levels_on_generated_pairs(generator):
    records, truth = generator.generate(3000, seed=5)
    features = known_rows([record_features(r) for r in records])
    rng = random.Random(2)
    by_person = {}
    for index, person in enumerate(truth):
        by_person.setdefault(person, []).append(index)
    pairs = [(features[i[0]], features[i[1]]) for i in by_person.values() if len(i) > 1]
    pairs += [(features[rng.randrange(3000)], features[rng.randrange(3000)]) for _ in range(300)]
    pairs += [(features[i], features[i + 1]) for i in range(0, 2000, 3)]  # siblings sit next to each other
    seen = set()
    for (left, right), sql in zip(pairs, _sql_levels(pairs), strict=True):
        python = compare(left, right)
        sql = {k: (None if v is None or v != v else v) for k, v in sql.items()}
        assert python == sql, (left, right)
        seen.update(python.items())
    # The rules of the ID and the given name were exercised, not only the easy levels.
    assert {("nid", "both_valid"), ("n1", "other_name"), ("phone", "shared_other_name")} <= seen
