"""The linkage model: Splink comparisons over the features of ``tamkeen.dedup.features``.

Comparisons are plain SQL conditions (``l.col``/``r.col``) using only functions Splink translates for every
backend it supports (equality, ``levenshtein``, ``damerau_levenshtein``, ``jaro_winkler_similarity``), so the
same JSON model runs on DuckDB here and on Spark or PostgreSQL for national batches. Names arrive already
normalised and transliterated to ASCII (see features.py for why).

The model is trained without labels: u by random sampling, m by expectation–maximisation over two blocking
passes (one that fixes names and so learns the date/ID/phone m's, one that fixes the date and learns the
names'), then saved as ``linkage_models/person_linkage_v<N>.json`` (Splink's own settings format). The term
frequencies of the name parts, needed by the online check, go in the same file under ``tamkeen``.
"""

from __future__ import annotations

import json
import logging
import math
import re
from pathlib import Path

MODEL_VERSION = 2
UNSEEN_M = 0.001
MODELS_DIR = Path(__file__).resolve().parent / "linkage_models"
DEFAULT_MODEL = MODELS_DIR / f"person_linkage_v{MODEL_VERSION}.json"

# Name parts whose agreement is weighed by how common the value is (محمد counts less than a rare name).
TF_COLUMNS = ("n1", "n2", "n3", "n4")

# Blocking: which pairs are compared at all. The four families of rules of the design (national ID; family
# name + birth year; phone; given + father name), each narrowed just enough that Jazan's large families and
# its most common names (محمد بن علي) do not make blocks of millions of pairs at national scale; two more
# rules (given + family + year, family + exact date) catch swapped name order and typos in one name part.
# Measured on 100,000 generated records: ~330,000 pairs compared, 99.85% of true pairs reachable
# (given + father alone made 8.8 million pairs).
BLOCKING_RULES = (
    "l.nid = r.nid",
    "l.n4c = r.n4c and l.byear = r.byear and l.n2 = r.n2",
    "l.phone = r.phone",
    "l.n1 = r.n1 and l.n2 = r.n2 and l.dob = r.dob",
    "l.n1 = r.n1 and l.n4c = r.n4c and l.byear = r.byear",
    "l.n4c = r.n4c and l.dob = r.dob",
)

# Human-readable label of each comparison, for the review page (translated there).
COMPARISON_COLUMNS = ("nid", "n1", "n2", "n3", "n4", "dob", "phone", "gender", "gov")


def _null(column: str) -> dict:
    return {
        "sql_condition": f"l.{column} is null or r.{column} is null",
        "label_for_charts": "missing",
        "is_null_level": True,
    }


def _else() -> dict:
    return {"sql_condition": "ELSE", "label_for_charts": "different"}


def _name_comparison(
    column: str, label: str, *, extra_levels: tuple[dict, ...] = (), before_edits: tuple[dict, ...] = ()
) -> dict:
    return {
        "output_column_name": column,
        "comparison_description": label,
        "comparison_levels": [
            _null(column),
            {
                "sql_condition": f"l.{column} = r.{column}",
                "label_for_charts": "exact",
                "tf_adjustment_column": column,
                "tf_adjustment_weight": 1.0,
                "tf_minimum_u_value": 0.001,
            },
            *before_edits,
            {
                "sql_condition": f"damerau_levenshtein(l.{column}, r.{column}) <= 1",
                "label_for_charts": "one_edit",
            },
            {
                "sql_condition": f"jaro_winkler_similarity(l.{column}, r.{column}) >= 0.88",
                "label_for_charts": "similar",
            },
            *extra_levels,
            _else(),
        ],
    }


# Two given names that differ and are both established names (features.established_names): two names,
# however close their spelling (حسن/حسين, محمد/محمود), so strong evidence of two people.
def _other_name(column: str) -> dict:
    return {"sql_condition": f"l.{column}k = 1 and r.{column}k = 1", "label_for_charts": "other_name"}


# The given names tell two people apart (the phone is then a household's, see the phone comparison).
DIFFERENT_GIVEN_NAMES = (
    "l.n1 <> r.n1 and coalesce(l.n1 <> r.n2, true) and coalesce(l.n2 <> r.n1, true)"
    " and ((l.n1k = 1 and r.n1k = 1)"
    " or (damerau_levenshtein(l.n1, r.n1) > 1 and jaro_winkler_similarity(l.n1, r.n1) < 0.88))"
)


def comparisons() -> list[dict]:
    # Given and father's names swapped, one of them possibly with a typo as well.
    swap = {
        "sql_condition": (
            "(l.n1 = r.n2 and damerau_levenshtein(l.n2, r.n1) <= 1)"
            " or (l.n2 = r.n1 and damerau_levenshtein(l.n1, r.n2) <= 1)"
        ),
        "label_for_charts": "swapped",
    }
    return [
        {
            "output_column_name": "nid",
            "comparison_description": "national ID",
            "comparison_levels": [
                _null("nid"),
                {"sql_condition": "l.nid = r.nid", "label_for_charts": "exact"},
                {
                    "sql_condition": "levenshtein(l.nid, r.nid) = 1",
                    "label_for_charts": "one_digit",
                },
                {
                    "sql_condition": "damerau_levenshtein(l.nid, r.nid) = 1",
                    "label_for_charts": "transposed",
                },
                {
                    # Further apart than one typo and both pass the checksum: two people's IDs.
                    "sql_condition": "l.nidv = 1 and r.nidv = 1",
                    "label_for_charts": "both_valid",
                },
                _else(),
            ],
        },
        _name_comparison("n1", "given name", before_edits=(swap, _other_name("n1"))),
        _name_comparison("n2", "father name", before_edits=(swap, _other_name("n2"))),
        _name_comparison("n3", "grandfather name"),
        {
            "output_column_name": "n4",
            "comparison_description": "family name",
            "comparison_levels": [
                _null("n4"),
                {
                    "sql_condition": "l.n4 = r.n4",
                    "label_for_charts": "exact",
                    "tf_adjustment_column": "n4",
                    "tf_adjustment_weight": 1.0,
                    "tf_minimum_u_value": 0.001,
                },
                {"sql_condition": "l.n4c = r.n4c", "label_for_charts": "article"},
                {
                    "sql_condition": "damerau_levenshtein(l.n4c, r.n4c) <= 1",
                    "label_for_charts": "one_edit",
                },
                _else(),
            ],
        },
        {
            "output_column_name": "dob",
            "comparison_description": "birth date",
            "comparison_levels": [
                _null("dob"),
                {"sql_condition": "l.dob = r.dob", "label_for_charts": "exact"},
                {
                    "sql_condition": "l.dob_h = r.dob or l.dob = r.dob_h",
                    "label_for_charts": "hijri_as_gregorian",
                },
                {
                    "sql_condition": "l.dob_s = r.dob",
                    "label_for_charts": "day_month_swapped",
                },
                {"sql_condition": "l.byear = r.byear", "label_for_charts": "same_year"},
                _else(),
            ],
        },
        {
            "output_column_name": "phone",
            "comparison_description": "mobile",
            "comparison_levels": [
                _null("phone"),
                {
                    # A relative's phone: households share one mobile, so a shared phone between records
                    # whose given names differ is evidence of family, not of the same person.
                    "sql_condition": f"l.phone = r.phone and {DIFFERENT_GIVEN_NAMES}",
                    "label_for_charts": "shared_other_name",
                },
                {"sql_condition": "l.phone = r.phone", "label_for_charts": "exact"},
                _else(),
            ],
        },
        {
            "output_column_name": "gender",
            "comparison_description": "gender",
            "comparison_levels": [
                _null("gender"),
                {"sql_condition": "l.gender = r.gender", "label_for_charts": "exact"},
                _else(),
            ],
        },
        {
            "output_column_name": "gov",
            "comparison_description": "governorate",
            "comparison_levels": [
                _null("gov"),
                {"sql_condition": "l.gov = r.gov", "label_for_charts": "exact"},
                _else(),
            ],
        },
    ]


_SIDE = re.compile(r"\b([lr])\.([a-z0-9_]+)")


def _suffixed(condition: str) -> str:
    """Splink comparison SQL names columns ``x_l``/``x_r`` (blocking rules use ``l.x``/``r.x``)."""
    return _SIDE.sub(lambda match: f"{match.group(2)}_{match.group(1)}", condition)


def settings_dict(blocking_rules=BLOCKING_RULES) -> dict:
    comparisons_sql = comparisons()
    for comparison in comparisons_sql:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = _suffixed(level["sql_condition"])
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 0.0001,
        "comparisons": comparisons_sql,
        "blocking_rules_to_generate_predictions": [{"blocking_rule": rule} for rule in blocking_rules],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "max_iterations": 20,
        "em_convergence": 0.0005,
    }


def train(linker, *, u_pairs: float = 2e6, seed: int = 1) -> None:
    """Unsupervised training of a Splink linker built on ``settings_dict()``."""
    training = linker.training
    training.estimate_probability_two_random_records_match(
        ["l.nid = r.nid", "l.n1 = r.n1 and l.n2 = r.n2 and l.n4 = r.n4 and l.dob = r.dob"], recall=0.8
    )
    training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    # Pass 1 fixes the names, so it learns how birth date, ID, phone, gender and governorate behave in matches.
    training.estimate_parameters_using_expectation_maximisation(
        "l.n1 = r.n1 and l.n2 = r.n2 and l.n4 = r.n4", estimate_without_term_frequencies=True
    )
    # Pass 2 fixes the birth date only, so it learns the four name parts.
    training.estimate_parameters_using_expectation_maximisation(
        "l.dob = r.dob", estimate_without_term_frequencies=True
    )


def term_frequencies(rows: list[dict], columns=TF_COLUMNS, keep: int = 3000) -> dict[str, dict[str, float]]:
    """The most common values of each name part with their share of non-empty values (for online scoring)."""
    result: dict[str, dict[str, float]] = {}
    for column in columns:
        counts: dict[str, int] = {}
        total = 0
        for row in rows:
            value = row.get(column)
            if value:
                counts[value] = counts.get(value, 0) + 1
                total += 1
        top = sorted(counts.items(), key=lambda item: -item[1])[:keep]
        result[column] = {value: count / total for value, count in top} if total else {}
    return result


# Levels whose m probability is a rule of the domain, not learnt: unlabelled training data cannot teach how
# rare they are among true matches (EM saw a few hundred such pairs at most, mostly relatives). m is the
# share of true duplicates expected at the level; u stays as learnt, so the weight is log2(m / u).
M_BY_RULE = {
    # Two IDs that both pass the checksum and differ by more than one typo: one person's record carrying
    # another's ID (a head's ID typed for his child) is the only way, about one duplicate in 100,000.
    ("nid", "both_valid"): 1e-5,
    # Two established given names (حسن/حسين) or two names more than a typo apart (مريم/عائشة): an office
    # typing another name for the same person is about as rare as the ID case.
    ("n1", "other_name"): 1e-5,
    ("n1", "different"): 1e-5,
    ("n2", "other_name"): 1e-4,
}
# A mobile is a household's (siblings, a parent and a child share it): weak evidence. Its weight is capped,
# and a phone shared by records whose given names tell two people apart counts for nothing.
PHONE_MAX_WEIGHT = 4.0


def apply_rules(model: dict) -> list[str]:
    """Set the rule-given m probabilities on a trained model; the labels of the levels changed."""
    changed = []
    for comparison in model["comparisons"]:
        column = comparison["output_column_name"]
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            label, u = level["label_for_charts"], level.get("u_probability")
            m = level.get("m_probability")
            if (column, label) in M_BY_RULE:
                m = M_BY_RULE[column, label]
            elif column == "phone" and label == "exact" and u and m:
                m = min(m, u * 2**PHONE_MAX_WEIGHT)
            elif column == "phone" and label == "shared_other_name" and u:
                m = u
            if m != level.get("m_probability"):
                level["m_probability"] = m
                changed.append(f"{column}.{label}")
    return changed


def save(linker, path: Path, *, tf: dict, trained_on: dict, known_names: set[str] | None = None) -> None:
    model = linker.misc.save_model_to_json(out_path=None)
    untrained = []
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level") and level.get("m_probability") is None:
                # Never seen among matches in training (e.g. a gender mismatch): rare, not impossible.
                level["m_probability"] = UNSEEN_M
                untrained.append(f"{comparison['output_column_name']}.{level['label_for_charts']}")
    by_rule = apply_rules(model)
    model["tamkeen"] = {
        "version": MODEL_VERSION,
        "trained_on": trained_on,
        "m_set_by_hand": {"levels": untrained, "value": UNSEEN_M},
        "m_set_by_rule": {
            "levels": by_rule,
            "m": {f"{c}.{lv}": m for (c, lv), m in M_BY_RULE.items()},
            "phone_max_weight": PHONE_MAX_WEIGHT,
        },
        "known_names": sorted(known_names or ()),
        "term_frequencies": tf,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, ensure_ascii=False, indent=1), encoding="utf-8")


def load(path: Path = DEFAULT_MODEL) -> dict:
    """The model as saved: Splink settings plus our ``tamkeen`` block."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def splink_settings(model: dict) -> dict:
    """Splink's part of a saved model, with this code's blocking rules (blocking decides which pairs are
    compared, not how they are weighed, so it may change without retraining)."""
    settings = {key: value for key, value in model.items() if key != "tamkeen"}
    settings["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in BLOCKING_RULES
    ]
    return settings


# ---- Python scoring with the trained weights (online check, review evidence) ------------------------


class Weights:
    """Match weights of each comparison level, read from a saved model, for scoring pairs in Python."""

    def __init__(self, model: dict):
        self.prior = model["probability_two_random_records_match"]
        self.tf = model.get("tamkeen", {}).get("term_frequencies", {})
        self.known_names = frozenset(model.get("tamkeen", {}).get("known_names", ()))
        self.levels: dict[str, dict[str, dict]] = {}
        for comparison in model["comparisons"]:
            levels = {}
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                m = level.get("m_probability")
                u = level.get("u_probability")
                levels[level["label_for_charts"]] = {
                    "m": m,
                    "u": u,
                    "weight": math.log2(m / u) if m and u else 0.0,
                    "tf_min_u": level.get("tf_minimum_u_value", 0.0),
                    "tf": bool(level.get("tf_adjustment_column")),
                }
            self.levels[comparison["output_column_name"]] = levels

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def weight(self, column: str, label: str | None, value: str | None = None) -> float:
        """The match weight of one comparison at one level (0 for a missing value); TF-adjusted for names."""
        if label is None:
            return 0.0
        level = self.levels[column][label]
        weight = level["weight"]
        if level["tf"] and value and level["u"]:
            frequency = self.tf.get(column, {}).get(value)
            if frequency is None:  # rarer than every kept value: as rare as the rarest kept one
                kept = self.tf.get(column) or {}
                frequency = min(kept.values()) if kept else level["u"]
            frequency = max(frequency, level["tf_min_u"])
            weight += math.log2(level["u"] / frequency)
        return weight


def probability(total_weight: float) -> float:
    odds = 2.0**total_weight
    return odds / (1 + odds)


def quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.WARNING)
