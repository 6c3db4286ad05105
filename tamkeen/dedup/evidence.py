"""Per-field evidence of a pair, in words: which level each comparison fell in and its match weight."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from . import linkage_model
from .compare import compare
from .features import mark_known

FIELD_LABELS = {
    "nid": _("National ID"),
    "n1": _("First name"),
    "n2": _("Father's name"),
    "n3": _("Grandfather's name"),
    "n4": _("Family name"),
    "dob": _("Birth date"),
    "phone": _("Mobile"),
    "gender": _("Gender"),
    "gov": _("Governorate"),
}
LEVEL_LABELS = {
    None: _("missing on one side"),
    "exact": _("the same"),
    "one_digit": _("one digit differs"),
    "transposed": _("two neighbouring digits swapped"),
    "both_valid": _("two different valid IDs"),
    "other_name": _("two different names, not spellings of one name"),
    "one_edit": _("one letter differs"),
    "similar": _("similar spelling"),
    "swapped": _("first and father's names swapped"),
    "article": _("the same without the article ال"),
    "hijri_as_gregorian": _("Hijri day and month typed as Gregorian"),
    "day_month_swapped": _("day and month swapped"),
    "same_year": _("same year only"),
    "shared_other_name": _("shared, but the given names differ (a relative's phone?)"),
    "different": _("different"),
}


@lru_cache(maxsize=1)
def weights() -> linkage_model.Weights:
    return linkage_model.Weights(linkage_model.load())


def strength(weight: float) -> str:
    if weight >= 6:
        return "strong_for"
    if weight >= 1:
        return "for"
    if weight > -1:
        return "neutral"
    if weight > -6:
        return "against"
    return "strong_against"


STRENGTH_LABELS = {
    "strong_for": _("strong evidence of the same person"),
    "for": _("some evidence of the same person"),
    "neutral": _("says little"),
    "against": _("some evidence of different people"),
    "strong_against": _("strong evidence of different people"),
}


def _with_known(row: dict, known: frozenset[str]) -> dict:
    """The row with the model's established names marked (a batch may already have marked the file's)."""
    marked = mark_known(dict(row), known)
    return {
        **marked,
        "n1k": max(marked["n1k"], row.get("n1k") or 0),
        "n2k": max(marked["n2k"], row.get("n2k") or 0),
    }


def pair_evidence(left: dict, right: dict, model_weights: linkage_model.Weights | None = None) -> dict:
    """{column: {"level", "weight"}} and the total, for two feature rows, with the saved model's weights
    (or another version's, to evaluate it)."""
    model_weights = model_weights or weights()
    left, right = _with_known(left, model_weights.known_names), _with_known(right, model_weights.known_names)
    levels = compare(left, right)
    result = {}
    total = model_weights.prior_weight
    for column, level in levels.items():
        weight = model_weights.weight(column, level, left.get(column) if level == "exact" else None)
        total += weight
        result[column] = {"level": level, "weight": round(weight, 2)}
    return {
        "fields": result,
        "total_weight": round(total, 2),
        "probability": linkage_model.probability(total),
    }


def evidence_rows(evidence: dict) -> list[dict]:
    """Rows for the review page: field, level in words, weight and its strength in words."""
    rows = []
    for column, item in (evidence.get("fields") or {}).items():
        weight = item.get("weight", 0.0)
        rows.append(
            {
                "field": FIELD_LABELS.get(column, column),
                "level": LEVEL_LABELS.get(item.get("level"), item.get("level")),
                "weight": weight,
                "strength": strength(weight),
                "strength_label": STRENGTH_LABELS[strength(weight)],
            }
        )
    return rows
