"""Eligibility and explainable scores for member × opportunity pairs, over NumPy arrays.

Nothing here touches the database: the selectors load members and opportunities into `MemberArrays` and
`OpportunityArrays`, and the benchmark generates them. Every pairwise function takes two index arrays
(`mi`, `oj`: the member and opportunity of each pair) so that the same code serves a 3 × 3 test and the
tens of millions of candidate pairs of a regional run.

A score is a weighted mean of named components, each in [0, 1]; the weights are configuration (`Weights`).
`explain()` gives the components of one pair in words, for the case worker's "why this match".
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
from django.utils.translation import gettext, gettext_lazy

from tamkeen.opportunities import accessibility

TRACKS = ("training", "employment", "entrepreneurship")
EDUCATION_LEVELS = (
    "none",
    "primary",
    "intermediate",
    "secondary",
    "diploma",
    "bachelor",
    "master",
    "doctorate",
)
WORK_CAPACITIES = ("able", "rehabilitable", "not_rehabilitable")
DISABILITY_TYPES = ("physical", "visual", "hearing", "intellectual", "multiple", "other")
ANY = -1  # "no condition" for a coded opportunity field; "unknown" for a coded member field
# Accommodation needs and accessibility features as bits, in the order of tamkeen.opportunities.accessibility.
NEED_KINDS = accessibility.NEED_KINDS
FEATURES = accessibility.FEATURES


def feature_mask(features) -> int:
    return sum(1 << FEATURES.index(f) for f in set(features or ()) if f in FEATURES)


def need_mask(needs) -> int:
    return sum(1 << NEED_KINDS.index(n) for n in set(needs or ()) if n in NEED_KINDS)


REMOTE_BIT = feature_mask([accessibility.Feature.REMOTE_WORK])
# For each need bit: the feature masks of its ways of being met (an empty way, mask 0, always meets it).
NEED_WAYS = tuple(
    (1 << k, tuple(feature_mask(way) for way in accessibility.WAYS[need]))
    for k, need in enumerate(NEED_KINDS)
)

MALE, FEMALE = 0, 1
CITIZEN, RESIDENT = 0, 1
ABLE, REHABILITABLE, NOT_REHABILITABLE = 0, 1, 2
SAME, NEIGHBOURING, FAR = 0, 1, 2
NEIGHBOUR_KM = 40.0

# A member without an assessment is neither favoured nor penalised for readiness.
DEFAULT_READINESS = 0.5
# Distance band → component value; online opportunities always score SAME.
DISTANCE_VALUES = np.array([1.0, 0.6, 0.1], dtype=np.float32)
# Priority: the years on social security and the household size that saturate their part of the priority.
PRIORITY_FULL_MONTHS = 120.0
PRIORITY_FULL_HOUSEHOLD = 10.0
PRIORITY_RULE = "matching.priority_shares"  # the name of the dated rule (tamkeen.core.models.DatedRule)


@dataclass(frozen=True)
class PriorityShares:
    """The parts of a member's priority, summing to 1. The woman and disability shares are the Saudization
    (Nitaqat) weighting: labour-market rules reward employing women and persons with disabilities (a Saudi
    worker with a disability counts as four in Nitaqat), and how much the platform favours them is a policy
    decision, so the shares are a dated rule (loaded by ``tamkeen.matching.selectors.priority_shares_on``)."""

    time_on_security: float = 0.35
    household_size: float = 0.25
    woman: float = 0.2
    disability: float = 0.2

    def problems(self) -> list[str]:
        """What makes the shares unusable, in words (empty when they are fine)."""
        values = [getattr(self, f.name) for f in fields(self)]
        found = []
        if any(v < 0 or v > 1 for v in values):
            found.append(gettext("Each share is between 0 and 1."))
        if not math.isclose(sum(values), 1.0, abs_tol=1e-6):
            found.append(gettext("The shares add up to 1."))
        return found


DEFAULT_PRIORITY_SHARES = PriorityShares()


@dataclass
class Weights:
    education_skills: float = 0.25
    distance: float = 0.20
    readiness: float = 0.20
    preference: float = 0.15
    disability: float = 0.05
    priority: float = 0.15

    def as_array(self) -> np.ndarray:
        values = np.array([getattr(self, f.name) for f in fields(self)], dtype=np.float64)
        if (values < 0).any() or values.sum() <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        return (values / values.sum()).astype(np.float32)


COMPONENTS = tuple(f.name for f in fields(Weights))
COMPONENT_LABELS = {
    "education_skills": gettext_lazy("Education and skills fit"),
    "distance": gettext_lazy("Distance"),
    "readiness": gettext_lazy("Readiness for the track"),
    "preference": gettext_lazy("Stated preference"),
    "disability": gettext_lazy("Suitability for a disability"),
    "priority": gettext_lazy("Priority"),
}


@dataclass
class MemberArrays:
    """One row per member. Codes index the tuples above; ANY (-1) means unknown."""

    gender: np.ndarray  # int8: MALE / FEMALE
    age: np.ndarray  # int16, whole years at the run date
    education: np.ndarray  # int8 index in EDUCATION_LEVELS, ANY when unknown
    nationality: np.ndarray  # int8: CITIZEN / RESIDENT, ANY when unknown
    work_capacity: np.ndarray  # int8 index in WORK_CAPACITIES, ANY when unknown
    certificates: np.ndarray  # uint64 bit mask over the run's certificate vocabulary
    household_income: np.ndarray  # float64 SAR a month, NaN when unknown
    disability: np.ndarray  # int8 index in DISABILITY_TYPES, ANY for none
    governorate: np.ndarray  # int16 index in the governorate table
    office: np.ndarray  # int32 index in the office table
    readiness: np.ndarray  # float32 (n, 3) per track in [0, 1], NaN when not assessed
    preferred_track: np.ndarray  # int8 index in TRACKS, ANY when none stated
    preferred_occupation: np.ndarray  # int8 ISCO-08 major group 0–9, ANY when none stated
    skill_groups: np.ndarray  # uint16 bit mask of ISCO-08 major groups the member's skills point to
    months_on_security: np.ndarray  # float32
    household_size: np.ndarray  # int16
    plan_track: (
        np.ndarray
    )  # int8 index in TRACKS of the approved plan, ANY when none (scope, not eligibility)
    # uint8 bit mask over NEED_KINDS: accommodation needs recorded with consent (None: no member has any).
    needs: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.needs is None:
            self.needs = np.zeros(len(self.gender), dtype=np.uint8)

    def __len__(self) -> int:
        return len(self.gender)


@dataclass
class OpportunityArrays:
    """One row per opportunity, with its eligibility conditions coded; ANY means no condition."""

    track: np.ndarray  # int8 index in TRACKS
    gender: np.ndarray  # int8: ANY / MALE / FEMALE
    min_age: np.ndarray  # int16, ANY when none
    max_age: np.ndarray  # int16, ANY when none
    min_education: np.ndarray  # int8 index in EDUCATION_LEVELS, ANY when none
    nationality: np.ndarray  # int8: ANY / CITIZEN / RESIDENT
    work_capacities: np.ndarray  # uint8 bit mask over WORK_CAPACITIES; 0 means any
    max_income: np.ndarray  # float64 SAR a month, NaN when none
    required_certificate: np.ndarray  # int8 bit in the run's certificate vocabulary, ANY when none
    is_disability_friendly: np.ndarray  # bool
    governorate: np.ndarray  # int16 index in the governorate table
    is_online: np.ndarray  # bool
    occupation_group: np.ndarray  # int8 ISCO-08 major group, ANY when none
    open_seats: np.ndarray  # int32
    # uint8 bit mask over FEATURES, remote work included for online opportunities (None: none listed).
    features: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.features is None:
            self.features = np.where(self.is_online, REMOTE_BIT, 0).astype(np.uint8)

    def __len__(self) -> int:
        return len(self.track)


# ---------------------------------------------------------------- geography


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(h))


def distance_bands(latitudes, longitudes, neighbour_km: float = NEIGHBOUR_KM) -> np.ndarray:
    """(g, g) int8 matrix of SAME / NEIGHBOURING / FAR between governorate centres.

    A governorate without coordinates is only ever SAME as itself.
    """
    lat = np.asarray(latitudes, dtype=np.float64)
    lon = np.asarray(longitudes, dtype=np.float64)
    km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    bands = np.where(km <= neighbour_km, NEIGHBOURING, FAR).astype(np.int8)
    bands[np.isnan(km)] = FAR
    np.fill_diagonal(bands, SAME)
    return bands


def governorate_table(path: Path | None = None) -> tuple[list[str], np.ndarray]:
    """Codes and distance bands from the geography reference file (Jazan by default)."""
    path = path or Path(__file__).resolve().parent.parent / "geography" / "data" / "jazan_governorates.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["governorates"]
    codes = [row["code"] for row in rows]
    lat = [row.get("lat", math.nan) for row in rows]
    lon = [row.get("lon", math.nan) for row in rows]
    return codes, distance_bands(lat, lon)


# ---------------------------------------------------------------- eligibility


def eligible(members: MemberArrays, opps: OpportunityArrays, mi: np.ndarray, oj: np.ndarray) -> np.ndarray:
    """Hard eligibility of each pair (mi[k], oj[k]); the catalogue's conditions, vectorised.

    Mirrors tamkeen.opportunities.eligibility.evaluate (a test checks they agree on random cases): a
    condition on something the member's record does not hold (education, income, work capacity,
    nationality) fails.

    Works on broadcastable index arrays too: `eligible(m, o, mi[:, None], oj[None, :])` gives a dense mask.
    """
    o_gender = opps.gender[oj]
    ok = (o_gender == ANY) | (o_gender == members.gender[mi])
    age = members.age[mi]
    o_min, o_max = opps.min_age[oj], opps.max_age[oj]
    ok &= (o_min == ANY) | (age >= o_min)
    ok &= (o_max == ANY) | (age <= o_max)
    o_edu = opps.min_education[oj]
    ok &= (o_edu == ANY) | (members.education[mi] >= o_edu)
    o_nat = opps.nationality[oj]
    ok &= (o_nat == ANY) | (o_nat == members.nationality[mi])
    allowed = opps.work_capacities[oj]
    capacity = members.work_capacity[mi]
    bit = (allowed >> np.maximum(capacity, 0).astype(np.uint8)) & 1
    ok &= (allowed == 0) | ((capacity != ANY) & (bit == 1))
    need = opps.required_certificate[oj]
    held = (members.certificates[mi] >> np.maximum(need, 0).astype(np.uint64)) & np.uint64(1)
    ok &= (need == ANY) | (held == 1)
    o_income = opps.max_income[oj]
    # Unknown income cannot show that the member is under the ceiling.
    ok &= np.isnan(o_income) | (members.household_income[mi] <= o_income)
    # A disability alone excludes nothing; a recorded need the opportunity does not meet does.
    ok &= unmet_needs(members.needs[mi], opps.features[oj]) == 0
    return ok


def unmet_needs(needs: np.ndarray, features: np.ndarray) -> np.ndarray:
    """uint8 bit mask of the needs (bits over NEED_KINDS) that the features (bits over FEATURES) do not meet."""
    needs = np.asarray(needs, dtype=np.uint8)
    features = np.asarray(features, dtype=np.uint8)
    unmet = np.zeros(np.broadcast_shapes(needs.shape, features.shape), dtype=np.uint8)
    for bit, ways in NEED_WAYS:
        met = np.zeros(unmet.shape, dtype=bool)
        for way in ways:
            met |= (features & np.uint8(way)) == way
        unmet |= np.where(((needs & np.uint8(bit)) != 0) & ~met, np.uint8(bit), np.uint8(0))
    return unmet


# ---------------------------------------------------------------- components


def member_priority(members: MemberArrays, shares: PriorityShares = DEFAULT_PRIORITY_SHARES) -> np.ndarray:
    """Per-member priority in [0, 1]: long dependence, large households, women and persons with disabilities.

    Women and persons with disabilities are weighted up by ``shares`` (the Saudization weighting in force)
    because the labour-market rules favour their employment (4% quota for employers of 25+).
    """
    time_part = np.minimum(members.months_on_security / PRIORITY_FULL_MONTHS, 1.0)
    size_part = np.clip((members.household_size.astype(np.float32) - 1) / (PRIORITY_FULL_HOUSEHOLD - 1), 0, 1)
    woman = (members.gender == FEMALE).astype(np.float32)
    disabled = (members.disability != ANY).astype(np.float32)
    return (
        shares.time_on_security * time_part
        + shares.household_size * size_part
        + shares.woman * woman
        + shares.disability * disabled
    ).astype(np.float32)


def components(
    members: MemberArrays,
    opps: OpportunityArrays,
    mi: np.ndarray,
    oj: np.ndarray,
    bands: np.ndarray,
    priority: np.ndarray | None = None,
) -> np.ndarray:
    """(k, 6) float32 matrix of the components of each pair, columns in COMPONENTS order."""
    mi = np.asarray(mi)
    oj = np.asarray(oj)
    out = np.empty((len(mi), len(COMPONENTS)), dtype=np.float32)

    # Education: meeting the level the opportunity asks for is full fit; each level above it costs a little
    # (an over-qualified member gains less from a basic course or job). Skills: 1 when they point to the
    # occupation's ISCO major group, 0.5 when the opportunity names no occupation, else 0.
    edu = members.education[mi].astype(np.int16)
    need = np.maximum(opps.min_education[oj], 0).astype(np.int16)
    edu_fit = np.clip(1.0 - 0.1 * np.maximum(edu - need, 0), 0.5, 1.0)
    occ = opps.occupation_group[oj]
    has_skill = (members.skill_groups[mi] >> np.maximum(occ, 0).astype(np.uint16)) & 1
    skill_fit = np.where(occ == ANY, 0.5, has_skill.astype(np.float32))
    out[:, 0] = 0.5 * edu_fit + 0.5 * skill_fit

    band = bands[members.governorate[mi], opps.governorate[oj]]
    out[:, 1] = np.where(opps.is_online[oj], 1.0, DISTANCE_VALUES[band])

    track = opps.track[oj]
    readiness = members.readiness[mi, track]
    out[:, 2] = np.where(np.isnan(readiness), DEFAULT_READINESS, readiness)

    p_track = members.preferred_track[mi]
    track_pref = np.where(p_track == ANY, 0.5, (p_track == track).astype(np.float32))
    p_occ = members.preferred_occupation[mi]
    occ_pref = np.where((p_occ == ANY) | (occ == ANY), 0.5, (p_occ == occ).astype(np.float32))
    out[:, 3] = 0.6 * track_pref + 0.4 * occ_pref

    # Recorded needs: the share of them the opportunity meets (all of them for an eligible pair). A disability
    # with no recorded need: a full fit where the entity welcomes persons with disabilities, else a good one.
    # No disability: an opportunity marked for persons with disabilities fits less, so those seats go first
    # to those who need them.
    needs = members.needs[mi]
    n_needs = _bit_count(needs)
    n_unmet = _bit_count(unmet_needs(needs, opps.features[oj]))
    met_share = np.where(n_needs > 0, (n_needs - n_unmet) / np.maximum(n_needs, 1), 1.0)
    disabled = members.disability[mi] != ANY
    friendly = opps.is_disability_friendly[oj]
    out[:, 4] = np.where(
        n_needs > 0,
        met_share,
        np.where(disabled, np.where(friendly, 1.0, 0.75), np.where(friendly, 0.5, 1.0)),
    )

    if priority is None:
        priority = member_priority(members)
    out[:, 5] = priority[mi]
    return out


def _bit_count(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.uint8)
    return sum(((values >> k) & 1).astype(np.int8) for k in range(len(NEED_KINDS)))


def score_pairs(
    members: MemberArrays,
    opps: OpportunityArrays,
    mi,
    oj,
    bands: np.ndarray,
    weights: Weights | None = None,
    priority: np.ndarray | None = None,
) -> np.ndarray:
    """Total score in [0, 1] of each pair: the weighted mean of its components."""
    w = (weights or Weights()).as_array()
    return components(members, opps, mi, oj, bands, priority) @ w


def to_int_scores(scores: np.ndarray, scale: int = 1000) -> np.ndarray:
    return np.rint(np.asarray(scores, dtype=np.float64) * scale).astype(np.int64)


# ---------------------------------------------------------------- candidate generation


def candidate_pairs(
    members: MemberArrays,
    opps: OpportunityArrays,
    bands: np.ndarray,
    *,
    weights: Weights | None = None,
    shares: PriorityShares = DEFAULT_PRIORITY_SHARES,
    include_far: bool = False,
    chunk_pairs: int = 4_000_000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every eligible pair in scope with its score, sorted by member then by score descending.

    In scope: the opportunity is online or in the member's governorate or a neighbouring one (any
    governorate with `include_far`), and, when the member's approved plan names a track, of that track.
    Members are taken in groups sharing governorate, gender and plan track, so each group is only tested
    against the opportunities that could possibly take it; memory stays bounded by `chunk_pairs` cells.
    Returns (member index int32, opportunity index int32, score float32).
    """
    w = weights or Weights()
    priority = member_priority(members, shares)
    n_gov = bands.shape[0]
    n_tracks = len(TRACKS)
    out_m, out_o, out_s = [], [], []
    # Group key: governorate, gender, plan track (ANY → n_tracks).
    plan = np.where(members.plan_track == ANY, n_tracks, members.plan_track).astype(np.int64)
    key = (members.governorate.astype(np.int64) * 2 + members.gender) * (n_tracks + 1) + plan
    member_order = np.argsort(key, kind="stable")
    sorted_key = key[member_order]
    if len(sorted_key) == 0:
        empty = np.empty(0, dtype=np.int32)
        return empty, empty.copy(), np.empty(0, dtype=np.float32)
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    ends = np.r_[starts[1:], len(sorted_key)]
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        k = int(sorted_key[lo])
        track = k % (n_tracks + 1)
        gender = (k // (n_tracks + 1)) % 2
        g = k // (n_tracks + 1) // 2
        near = bands[g] != FAR if not include_far else np.ones(n_gov, dtype=bool)
        possible = (opps.is_online | near[opps.governorate]) & (
            (opps.gender == ANY) | (opps.gender == gender)
        )
        if track != n_tracks:
            possible &= opps.track == track
        cand = np.flatnonzero(possible).astype(np.int32)
        if len(cand) == 0:
            continue
        step = max(1, chunk_pairs // len(cand))
        for start in range(lo, hi, step):
            rows = member_order[start : min(hi, start + step)]
            mask = eligible(members, opps, rows[:, None], cand[None, :])
            r, c = np.nonzero(mask)
            if len(r) == 0:
                continue
            mi = rows[r].astype(np.int32)
            oj = cand[c]
            sc = score_pairs(members, opps, mi, oj, bands, w, priority)
            order = np.lexsort((-sc, mi))
            out_m.append(mi[order])
            out_o.append(oj[order])
            out_s.append(sc[order])
    if not out_m:
        empty = np.empty(0, dtype=np.int32)
        return empty, empty.copy(), np.empty(0, dtype=np.float32)
    mi = np.concatenate(out_m)
    # Each chunk is already ordered; a stable sort by member merges the runs and keeps the score order.
    order = np.argsort(mi, kind="stable")
    return mi[order], np.concatenate(out_o)[order], np.concatenate(out_s)[order]


# ---------------------------------------------------------------- explanation


def _level(value: float) -> str:
    if value >= 0.75:
        return gettext("strong")
    if value >= 0.4:
        return gettext("fair")
    return gettext("weak")


def explain(
    member_row: dict,
    opportunity_row: dict,
    *,
    bands: np.ndarray | None = None,
    weights: Weights | None = None,
    shares: PriorityShares = DEFAULT_PRIORITY_SHARES,
) -> dict:
    """The named components of one pair, with a sentence each, as stored on the proposal.

    `member_row` / `opportunity_row` are dicts of the coded fields of MemberArrays / OpportunityArrays
    (scalars; `readiness` a 3-list). Returns {"score": float, "components": [{"name", "label", "value",
    "weight", "text"}]} — labels and texts in the active language.
    """
    members = MemberArrays(**{k: np.asarray([v]) for k, v in member_row.items()})
    opps = OpportunityArrays(**{k: np.asarray([v]) for k, v in opportunity_row.items()})
    if bands is None:
        size = int(max(members.governorate[0], opps.governorate[0])) + 1
        bands = np.full((size, size), FAR, dtype=np.int8)
        np.fill_diagonal(bands, SAME)
    values = components(members, opps, np.array([0]), np.array([0]), bands, member_priority(members, shares))[
        0
    ]
    w = (weights or Weights()).as_array()
    texts = _component_texts(members, opps, bands)
    parts = [
        {
            "name": name,
            "label": str(COMPONENT_LABELS[name]),
            "value": round(float(values[i]), 3),
            "weight": round(float(w[i]), 3),
            "text": texts[name] % {"level": _level(float(values[i]))},
        }
        for i, name in enumerate(COMPONENTS)
    ]
    return {"score": round(float(values @ w), 3), "components": parts}


def _component_texts(members: MemberArrays, opps: OpportunityArrays, bands: np.ndarray) -> dict[str, str]:
    texts = {}
    texts["education_skills"] = (
        gettext("Education and skills are a %(level)s fit for this occupation or course.")
        if opps.occupation_group[0] != ANY
        else gettext("Education is a %(level)s fit; the opportunity names no occupation.")
    )
    if opps.is_online[0]:
        texts["distance"] = gettext("Online: distance does not matter (%(level)s).")
    else:
        band = int(bands[members.governorate[0], opps.governorate[0]])
        texts["distance"] = {
            SAME: gettext("In the member's own governorate (%(level)s)."),
            NEIGHBOURING: gettext("In a neighbouring governorate, within 40 km (%(level)s)."),
            FAR: gettext("Far from the member's governorate (%(level)s)."),
        }[band]
    readiness = members.readiness[0][int(opps.track[0])]
    texts["readiness"] = (
        gettext("No assessment yet: readiness counted as average.")
        if np.isnan(readiness)
        else gettext("Readiness for this track in the latest assessment is %(level)s.")
    )
    texts["preference"] = (
        gettext("The member stated no preference.")
        if members.preferred_track[0] == ANY and members.preferred_occupation[0] == ANY
        else gettext("Match with the member's stated preference is %(level)s.")
    )
    needs = int(members.needs[0])
    if needs:
        unmet = int(unmet_needs(members.needs[:1], opps.features[:1])[0])
        gaps = [accessibility.gap_sentence(n) for k, n in enumerate(NEED_KINDS) if unmet & (1 << k)]
        met = [n for k, n in enumerate(NEED_KINDS) if needs & (1 << k) and not unmet & (1 << k)]
        texts["disability"] = " ".join(gaps) if gaps else accessibility.met_sentence(met)
        if needs & (1 << NEED_KINDS.index(accessibility.NeedKind.OTHER)):
            texts["disability"] += " " + gettext("Check with the entity what helps the member.")
    elif members.disability[0] != ANY:
        texts["disability"] = (
            gettext("No accommodation need is recorded; the entity welcomes persons with disabilities.")
            if opps.is_disability_friendly[0]
            else gettext(
                "No accommodation need is recorded, so the disability excludes nothing; the entity has not "
                "said it welcomes persons with disabilities."
            )
        )
    elif opps.is_disability_friendly[0]:
        texts["disability"] = gettext("An accessible seat, kept first for members with disabilities.")
    else:
        texts["disability"] = gettext("No disability to accommodate.")
    texts["priority"] = gettext(
        "Priority (time on social security, household size, women and persons with disabilities) "
        "is %(level)s."
    )
    return texts
