"""The model's comparison levels evaluated in Python, for one pair at a time (online check, review page).

Mirrors the SQL of ``model.comparisons()`` level by level; tests/test_compare.py checks both agree on
generated pairs, so a pair scored here gets the weight Splink would give it.
"""

from __future__ import annotations


def damerau_levenshtein(a: str, b: str) -> int:
    """Optimal-string-alignment distance (what DuckDB's damerau_levenshtein computes)."""
    if a == b:
        return 0
    rows = len(a) + 1
    cols = len(b) + 1
    previous_previous: list[int] = []
    previous = list(range(cols))
    for i in range(1, rows):
        current = [i] + [0] * (cols - 1)
        for j in range(1, cols):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def jaro_winkler(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    matched_b = [False] * len(b)
    matches_a = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not matched_b[j] and b[j] == char:
                matched_b[j] = True
                matches_a.append(char)
                break
    if not matches_a:
        return 0.0
    matches_b = [b[j] for j in range(len(b)) if matched_b[j]]
    transpositions = sum(x != y for x, y in zip(matches_a, matches_b, strict=True)) / 2
    m = len(matches_a)
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def _swapped(left: dict, right: dict) -> bool:
    """Given and father's names swapped, one of them possibly with a typo as well."""
    l1, l2, r1, r2 = left.get("n1"), left.get("n2"), right.get("n1"), right.get("n2")
    if not (l1 and l2 and r1 and r2):
        return False
    return (l1 == r2 and damerau_levenshtein(l2, r1) <= 1) or (l2 == r1 and damerau_levenshtein(l1, r2) <= 1)


def _name_level(left: dict, right: dict, column: str, *, swap: bool = False) -> str | None:
    a, b = left.get(column), right.get(column)
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if swap and _swapped(left, right):
        return "swapped"
    if swap and left.get(f"{column}k") == 1 and right.get(f"{column}k") == 1:
        return "other_name"
    if damerau_levenshtein(a, b) <= 1:
        return "one_edit"
    if jaro_winkler(a, b) >= 0.88:
        return "similar"
    return "different"


def _different_given_names(left: dict, right: dict) -> bool:
    """linkage_model.DIFFERENT_GIVEN_NAMES in Python: the given names tell two people apart."""
    a, b = left.get("n1"), right.get("n1")
    if not a or not b or a == b:
        return False
    if (right.get("n2") and a == right["n2"]) or (left.get("n2") and b == left["n2"]):
        return False  # given and father's names swapped on one side
    if left.get("n1k") == 1 and right.get("n1k") == 1:
        return True
    return damerau_levenshtein(a, b) > 1 and jaro_winkler(a, b) < 0.88


def compare(left: dict, right: dict) -> dict[str, str | None]:
    """The level label of each comparison for two feature rows (None: a value is missing)."""
    levels: dict[str, str | None] = {}
    a, b = left.get("nid"), right.get("nid")
    if not a or not b:
        levels["nid"] = None
    elif a == b:
        levels["nid"] = "exact"
    elif levenshtein(a, b) == 1:
        levels["nid"] = "one_digit"
    elif damerau_levenshtein(a, b) == 1:
        levels["nid"] = "transposed"
    elif left.get("nidv") == 1 and right.get("nidv") == 1:
        levels["nid"] = "both_valid"
    else:
        levels["nid"] = "different"
    levels["n1"] = _name_level(left, right, "n1", swap=True)
    levels["n2"] = _name_level(left, right, "n2", swap=True)
    levels["n3"] = _name_level(left, right, "n3")
    a, b = left.get("n4"), right.get("n4")
    if not a or not b:
        levels["n4"] = None
    elif a == b:
        levels["n4"] = "exact"
    elif left.get("n4c") == right.get("n4c"):
        levels["n4"] = "article"
    elif damerau_levenshtein(left.get("n4c") or "", right.get("n4c") or "") <= 1:
        levels["n4"] = "one_edit"
    else:
        levels["n4"] = "different"
    a, b = left.get("dob"), right.get("dob")
    if not a or not b:
        levels["dob"] = None
    elif a == b:
        levels["dob"] = "exact"
    elif left.get("dob_h") == b or a == right.get("dob_h"):
        levels["dob"] = "hijri_as_gregorian"
    elif left.get("dob_s") == b:
        levels["dob"] = "day_month_swapped"
    elif left.get("byear") == right.get("byear"):
        levels["dob"] = "same_year"
    else:
        levels["dob"] = "different"
    a, b = left.get("phone"), right.get("phone")
    if not a or not b:
        levels["phone"] = None
    elif a != b:
        levels["phone"] = "different"
    elif _different_given_names(left, right):
        levels["phone"] = "shared_other_name"
    else:
        levels["phone"] = "exact"
    for column in ("gender", "gov"):
        a, b = left.get(column), right.get(column)
        levels[column] = None if not a or not b else ("exact" if a == b else "different")
    return levels
