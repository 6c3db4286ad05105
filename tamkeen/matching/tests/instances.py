"""Random member and opportunity arrays for the pure tests (no database)."""

import numpy as np

from tamkeen.matching.scoring import ANY, FEATURES, NEED_KINDS, REMOTE_BIT, MemberArrays, OpportunityArrays


def random_members(rng: np.random.Generator, n: int, n_gov: int = 4, n_offices: int = 3) -> MemberArrays:
    readiness = rng.random((n, 3)).astype(np.float64)
    readiness[rng.random(n) < 0.3] = np.nan
    income = rng.choice([np.nan, 0, 1500, 3000, 6000], n).astype(np.float64)
    return MemberArrays(
        gender=rng.integers(0, 2, n).astype(np.int8),
        age=rng.integers(16, 66, n).astype(np.int16),
        education=rng.integers(-1, 8, n).astype(np.int8),
        nationality=rng.choice([ANY, 0, 0, 0, 1], n).astype(np.int8),
        work_capacity=rng.choice([ANY, 0, 0, 0, 1, 2], n).astype(np.int8),
        certificates=rng.integers(0, 8, n).astype(np.uint64),
        household_income=income,
        disability=rng.choice([ANY] * 6 + [0, 1, 2, 3, 4, 5], n).astype(np.int8),
        governorate=rng.integers(0, n_gov, n).astype(np.int16),
        office=rng.integers(0, n_offices, n).astype(np.int32),
        readiness=readiness,
        preferred_track=rng.integers(-1, 3, n).astype(np.int8),
        preferred_occupation=rng.integers(-1, 10, n).astype(np.int8),
        skill_groups=rng.integers(0, 1 << 10, n).astype(np.uint16),
        months_on_security=(rng.random(n) * 200).astype(np.float32),
        household_size=rng.integers(1, 14, n).astype(np.int16),
        plan_track=rng.integers(-1, 3, n).astype(np.int8),
        # About a third of members carry a random set of accommodation needs (bits over NEED_KINDS).
        needs=np.where(rng.random(n) < 0.35, rng.integers(0, 1 << len(NEED_KINDS), n), 0).astype(np.uint8),
    )


def random_opportunities(
    rng: np.random.Generator, m: int, n_gov: int = 4, max_seats: int = 3
) -> OpportunityArrays:
    min_age = rng.choice([ANY, 18, 21, 25], m).astype(np.int16)
    max_age = rng.choice([ANY, 35, 45, 60], m).astype(np.int16)
    is_online = rng.random(m) < 0.2
    # As the selectors load them: an online opportunity offers remote work.
    features = rng.integers(0, 1 << len(FEATURES), m) | np.where(is_online, REMOTE_BIT, 0)
    return OpportunityArrays(
        track=rng.integers(0, 3, m).astype(np.int8),
        gender=rng.choice([ANY, ANY, 0, 1], m).astype(np.int8),
        min_age=min_age,
        max_age=max_age,
        min_education=rng.choice([ANY, 1, 3, 4, 5], m).astype(np.int8),
        nationality=rng.choice([ANY, ANY, 0, 1], m).astype(np.int8),
        work_capacities=rng.choice([0, 0, 0b001, 0b011, 0b111, 0b010], m).astype(np.uint8),
        required_certificate=rng.choice([ANY, ANY, ANY, 0, 1, 2], m).astype(np.int8),
        max_income=rng.choice([np.nan, np.nan, 2000, 5000], m).astype(np.float32),
        is_disability_friendly=rng.random(m) < 0.4,
        governorate=rng.integers(0, n_gov, m).astype(np.int16),
        is_online=is_online,
        occupation_group=rng.integers(-1, 10, m).astype(np.int8),
        open_seats=rng.integers(0, max_seats + 1, m).astype(np.int32),
        features=features.astype(np.uint8),
    )


def bands_for(n_gov: int) -> np.ndarray:
    idx = np.arange(n_gov)
    gap = np.abs(idx[:, None] - idx[None, :])
    return np.where(gap == 0, 0, np.where(gap == 1, 1, 2)).astype(np.int8)


def row(arrays, i: int) -> dict:
    return {
        name: (value[i].tolist() if value.ndim > 1 else value[i].item())
        for name, value in vars(arrays).items()
    }
