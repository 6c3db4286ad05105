"""Scores and the track recommendation: pure functions over plain data (no ORM, no settings).

Every score is the mean of the answered items of a group on the 1–5 scale (a reverse-scored item counts as
6 − answer). A group with fewer than half of its items answered has no score (None) rather than a misleading
one; a group with no items has none either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SCALE_MIN = 1
SCALE_MAX = 5
MIN_COVERAGE = 0.5
TRACKS = ("training", "employment", "entrepreneurship")
# When two tracks score the same, the one nearer to earning a living wins.
TRACK_PREFERENCE = ("employment", "entrepreneurship", "training")
LOW_READINESS = 2.5
LOW_EDUCATION = frozenset({"", "none", "primary"})


@dataclass(frozen=True)
class ItemSpec:
    code: str
    kind: str  # "dimension", "core_skills" or "readiness"
    dimension: str = ""
    track: str = ""
    core_skill: str = ""
    is_reverse_scored: bool = False


def item_value(spec: ItemSpec, answer: int | None) -> int | None:
    if answer is None:
        return None
    if not SCALE_MIN <= answer <= SCALE_MAX:
        raise ValueError(f"answer {answer} outside {SCALE_MIN}–{SCALE_MAX}")
    return SCALE_MIN + SCALE_MAX - answer if spec.is_reverse_scored else answer


def group_score(values: Iterable[int | None]) -> float | None:
    values = list(values)
    answered = [v for v in values if v is not None]
    if not values or len(answered) < MIN_COVERAGE * len(values):
        return None
    return round(sum(answered) / len(answered), 2)


def _grouped(items: Iterable[ItemSpec], answers: Mapping[str, int | None], key) -> dict[str, float | None]:
    groups: dict[str, list[int | None]] = {}
    for spec in items:
        name = key(spec)
        if name:
            groups.setdefault(name, []).append(item_value(spec, answers.get(spec.code)))
    return {name: group_score(values) for name, values in groups.items()}


def dimension_scores(items: Iterable[ItemSpec], answers: Mapping[str, int | None]) -> dict[str, float | None]:
    return _grouped(items, answers, lambda s: s.dimension if s.kind == "dimension" else "")


def skill_scores(items: Iterable[ItemSpec], answers: Mapping[str, int | None]) -> dict[str, float | None]:
    return _grouped(items, answers, lambda s: s.core_skill)


def track_scores(items: Iterable[ItemSpec], answers: Mapping[str, int | None]) -> dict[str, float | None]:
    """Readiness per track: its own readiness items together with the core-skill items every track needs."""
    items = list(items)
    core = [item_value(s, answers.get(s.code)) for s in items if s.kind == "core_skills"]
    scores: dict[str, float | None] = {}
    for track in TRACKS:
        own = [
            item_value(s, answers.get(s.code)) for s in items if s.kind == "readiness" and s.track == track
        ]
        if not own:
            continue
        own_score = group_score(own)
        scores[track] = None if own_score is None else group_score(own + core)
    return scores


def section_is_answered_enough(values: Iterable[int | None]) -> bool:
    return group_score(values) is not None


# ---------------------------------------------------------------- recommendation


@dataclass(frozen=True)
class MemberFacts:
    age: int
    education: str
    work_capacity: str
    is_caregiver: bool = False
    is_full_time_student: bool = False
    has_disability: bool = False


@dataclass(frozen=True)
class Reason:
    """One reason, as a code and its values, so it can be stored and shown in any language."""

    code: str
    value: str = ""
    score: float | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "value": self.value, "score": self.score}


@dataclass(frozen=True)
class Recommendation:
    track: str  # "" when no work-related track fits
    reasons: tuple[Reason, ...]
    adjusted: dict[str, float] = field(default_factory=dict)


def recommend_track(facts: MemberFacts, readiness: Mapping[str, float | None]) -> Recommendation:
    if facts.work_capacity == "not_rehabilitable":
        return Recommendation("", (Reason("capacity", "not_rehabilitable"),))
    reasons: list[Reason] = []
    if facts.work_capacity == "rehabilitable":
        reasons = [Reason("capacity", "rehabilitable"), Reason("education", facts.education or "none")]
        if readiness.get("training") is not None:
            reasons.append(Reason("readiness", "training", readiness["training"]))
        return Recommendation("training", tuple(reasons))
    if facts.is_full_time_student:
        reasons = [Reason("student"), Reason("education", facts.education or "none")]
        if readiness.get("training") is not None:
            reasons.append(Reason("readiness", "training", readiness["training"]))
        return Recommendation("training", tuple(reasons))

    known = {t: s for t, s in readiness.items() if t in TRACKS and s is not None}
    if not known or max(known.values()) < LOW_READINESS:
        reasons = [
            Reason("capacity", facts.work_capacity or "unknown"),
            Reason("education", facts.education or "none"),
        ]
        reasons.append(Reason("low_readiness", score=max(known.values()) if known else None))
        return Recommendation("training", tuple(reasons))

    adjusted = dict(known)
    if facts.is_caregiver:
        # A home business fits around caring duties better than fixed working hours.
        if "entrepreneurship" in adjusted:
            adjusted["entrepreneurship"] += 0.5
        if "employment" in adjusted:
            adjusted["employment"] -= 0.5
    if facts.education in LOW_EDUCATION:
        if "employment" in adjusted:
            adjusted["employment"] -= 0.3
        if "training" in adjusted:
            adjusted["training"] += 0.3
    best = max(adjusted, key=lambda t: (adjusted[t], -TRACK_PREFERENCE.index(t)))
    reasons = [
        Reason("education", facts.education or "none"),
        Reason("capacity", facts.work_capacity or "unknown"),
        Reason("readiness", best, known[best]),
        Reason("caregiver" if facts.is_caregiver else "no_caregiver"),
    ]
    if facts.has_disability:
        reasons.append(Reason("disability"))
    return Recommendation(best, tuple(reasons), {t: round(s, 2) for t, s in adjusted.items()})
