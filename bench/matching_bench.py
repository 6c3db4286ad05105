"""Matching benchmark: `tamkeen bench matching [--scale N]`.

A synthetic but realistic instance on Jazan's geography (17 governorates, populations as weights, the
40 km neighbour rule): N eligible members (default 200,000) and N/10 opportunities with 1.1 × N seats
(default 20,000 and 220,000). Reports, in one run:

  (a) the allocator as shipped: a first-price auction (NumPy; each bid looks at a growing window of the
      member's best-first candidates, the bound covers every candidate), then a min-cost flow on
      each member's top-K candidates plus the pairs those prices put near its best, then priced rounds;
  (b) the same min-cost flow on the full candidate graph, unpruned;
  (c) greedy: members in random order each take their best candidate with a seat left.

The full candidate graph is every eligible pair in scope: online opportunities and in-person ones in the
member's governorate or a neighbouring one (≤ 40 km), on the member's plan track when the plan names one.
Far in-person pairs are left out of both (a) and (b): with them the graph does not fit in memory at the
default scale, and they score lowest on distance anyway.

The allocator (a) starts from the auction's prices (tamkeen/matching/allocation_auction.py) and adds
left-out pairs that the flow's dual prices show could improve the total (see tamkeen/matching/allocation.py);
it stops when a feasible dual proves the total within TOLERANCE of the full optimum, so its gap is proven,
not only measured.

Times: "candidates" (eligibility + scores of every pair in scope, shared by all three) is reported apart;
each method's time is what it adds on top (pruning + graph + solve). Peak RSS (getrusage) is taken after
(a) and again after (b). Each line carries the 1-minute load average: on a shared machine wall time
stretches, CPU seconds are the comparable figures.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

from tamkeen.matching import allocation, scoring
from tamkeen.matching.scoring import ANY, MemberArrays, OpportunityArrays

DEFAULT_MEMBERS = 200_000
REGION_MEMBERS = 20_000
TOP_K = 4
ADD_PER_MEMBER = 16
TOLERANCE = 5e-4
NEAR_BAND = 100  # integer score units (0.1 of a point)
GOVERNORATES = (
    Path(scoring.__file__).resolve().parent.parent / "geography" / "data" / "jazan_governorates.json"
)
SEED = 20260


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(n_members: int, seed: int = SEED):
    """(members, opportunities, distance bands) for a run of n_members eligible members."""
    rng = np.random.default_rng(seed)
    codes, jazan_bands = scoring.governorate_table()
    rows = json.loads(GOVERNORATES.read_text(encoding="utf-8"))["governorates"]
    population = np.array([row["population"] for row in rows], dtype=np.float64)
    # One region laid out like Jazan per REGION_MEMBERS members: candidates per member stay realistic as N
    # grows (a national run spans regions; distance bands across regions are FAR).
    n_regions = max(1, round(n_members / REGION_MEMBERS))
    per_region = len(codes)
    bands = np.full((n_regions * per_region,) * 2, scoring.FAR, dtype=np.int8)
    for r in range(n_regions):
        block = slice(r * per_region, (r + 1) * per_region)
        bands[block, block] = jazan_bands
    gov_weight = np.tile(population, n_regions)
    gov_weight /= gov_weight.sum()
    n_gov = len(gov_weight)
    n = n_members
    m = max(1, n // 10)

    gender = (rng.random(n) < 0.55).astype(np.int8)  # more women than men on the rolls
    age = np.clip(rng.gamma(4.0, 6.5, n) + 16, 18, 64).astype(np.int16)
    education = rng.choice(8, n, p=[0.08, 0.15, 0.20, 0.33, 0.10, 0.12, 0.015, 0.005]).astype(np.int8)
    education[rng.random(n) < 0.03] = ANY
    income = rng.choice([0, 1000, 2000, 3000, 4500, 6000], n, p=[0.25, 0.2, 0.2, 0.15, 0.12, 0.08]).astype(
        np.float64
    )
    income[rng.random(n) < 0.03] = np.nan
    disability = np.where(rng.random(n) < 0.06, rng.integers(0, 6, n), ANY).astype(np.int8)
    readiness = np.clip(rng.normal(0.55, 0.2, (n, 3)), 0, 1).astype(np.float32)
    readiness[rng.random(n) < 0.4] = np.nan
    skills = np.zeros(n, dtype=np.uint16)
    for _ in range(2):
        has = rng.random(n) < 0.45
        skills[has] |= (1 << rng.integers(0, 10, has.sum())).astype(np.uint16)
    members = MemberArrays(
        gender=gender,
        age=age,
        education=education,
        nationality=np.where(rng.random(n) < 0.97, 0, 1).astype(np.int8),
        work_capacity=np.where(rng.random(n) < 0.85, 0, 1).astype(np.int8),
        certificates=(rng.random(n) < 0.1).astype(np.uint64)
        | ((rng.random(n) < 0.05).astype(np.uint64) << 1),
        household_income=income,
        disability=disability,
        governorate=rng.choice(n_gov, n, p=gov_weight).astype(np.int16),
        office=np.zeros(n, dtype=np.int32),
        readiness=readiness,
        preferred_track=np.where(rng.random(n) < 0.5, rng.integers(0, 3, n), ANY).astype(np.int8),
        preferred_occupation=np.where(rng.random(n) < 0.3, rng.integers(0, 10, n), ANY).astype(np.int8),
        skill_groups=skills,
        months_on_security=rng.exponential(60, n).astype(np.float32),
        household_size=np.clip(rng.poisson(6, n), 1, 15).astype(np.int16),
        plan_track=np.where(rng.random(n) < 0.8, rng.choice(3, n, p=[0.5, 0.35, 0.15]), ANY).astype(np.int8),
    )
    members.office = members.governorate.astype(np.int32)  # one office per governorate in the benchmark

    track = rng.choice(3, m, p=[0.5, 0.38, 0.12]).astype(np.int8)
    training, employment = track == 0, track == 1
    online = (rng.random(m) < np.where(training, 0.03, 0.005)).astype(bool)
    gender_rule = np.where(rng.random(m) < np.where(training, 0.65, 0.45), rng.integers(0, 2, m), ANY)
    min_age = np.where(rng.random(m) < 0.8, 18, ANY)
    max_age = np.where(training, rng.choice([35, 40, 45, ANY], m), rng.choice([40, 50, 60, 65, ANY], m))
    min_education = np.where(
        employment, rng.choice([ANY, 2, 3, 3, 4, 5], m), rng.choice([ANY, ANY, 1, 2, 3, 3], m)
    )
    nationality = np.where(employment & (rng.random(m) < 0.7), 0, ANY)
    capacities = np.where(rng.random(m) < 0.3, 0b001, np.where(rng.random(m) < 0.5, 0b011, 0))
    max_income = np.where(rng.random(m) < 0.35, rng.choice([3000.0, 4500.0, 6000.0], m), np.nan)
    certificate = np.where(rng.random(m) < 0.05, rng.integers(0, 2, m), ANY)
    seats = np.where(
        training, rng.integers(8, 31, m), np.where(employment, rng.integers(1, 9, m), rng.integers(3, 16, m))
    )
    # Hit the 1.1 × N seats of the brief exactly, keeping each opportunity's share.
    target = round(1.1 * n)
    seats = np.maximum(1, np.floor(seats * target / seats.sum())).astype(np.int64)
    extra = target - int(seats.sum())
    if extra > 0:
        np.add.at(seats, rng.choice(m, extra), 1)
    while extra < 0:
        big = np.flatnonzero(seats > 1)[:-extra]
        seats[big] -= 1
        extra += len(big)
    opps = OpportunityArrays(
        track=track,
        gender=gender_rule.astype(np.int8),
        min_age=min_age.astype(np.int16),
        max_age=max_age.astype(np.int16),
        min_education=min_education.astype(np.int8),
        nationality=nationality.astype(np.int8),
        work_capacities=capacities.astype(np.uint8),
        max_income=max_income.astype(np.float64),
        required_certificate=certificate.astype(np.int8),
        is_disability_friendly=rng.random(m) < 0.3,
        governorate=rng.choice(n_gov, m, p=gov_weight).astype(np.int16),
        is_online=online,
        occupation_group=np.where(rng.random(m) < 0.8, rng.integers(0, 10, m), ANY).astype(np.int8),
        open_seats=seats.astype(np.int32),
    )
    return members, opps, bands


def run(scale: int | None, stdout) -> None:
    n = scale or DEFAULT_MEMBERS

    def say(message: str) -> None:
        if sys.stderr.isatty():
            print(message, file=sys.stderr, flush=True)

    def line(result: dict) -> None:
        result["load_average_1m"] = round(os.getloadavg()[0], 2)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")

    t0 = time.perf_counter()
    members, opps, bands = generate(n)
    say(f"instance: {n} members, {len(opps)} opportunities, {int(opps.open_seats.sum())} seats")
    t_gen = time.perf_counter() - t0

    c0 = time.process_time()
    t0 = time.perf_counter()
    mi, oj, s = scoring.candidate_pairs(members, opps, bands)
    scores = scoring.to_int_scores(s)
    del s
    t_cand = time.perf_counter() - t0
    c_cand = time.process_time() - c0
    say(f"candidates: {len(mi)} pairs in {t_cand:.1f}s")
    base = {
        "benchmark": "matching",
        "members": n,
        "opportunities": len(opps),
        "seats": int(opps.open_seats.sum()),
        "candidate_pairs": len(mi),
        "members_with_candidates": len(np.unique(mi)),
        "generate_seconds": round(t_gen, 2),
        "candidates_seconds": round(t_cand, 2),
        "candidates_cpu_seconds": round(c_cand, 2),
    }
    line({**base, "step": "instance"})

    c0 = time.process_time()
    t0 = time.perf_counter()
    greedy = allocation.greedy(mi, oj, scores, opps.open_seats, n, seed=SEED, presorted=True)
    t_greedy = time.perf_counter() - t0
    c_greedy = time.process_time() - c0
    say(f"greedy: {greedy.total_score} in {t_greedy:.1f}s")

    c0 = time.process_time()
    t0 = time.perf_counter()
    pruned = allocation.allocate(
        mi,
        oj,
        scores,
        opps.open_seats,
        n,
        top_k=TOP_K,
        presorted=True,
        add_per_member=ADD_PER_MEMBER,
        tolerance=TOLERANCE,
        near_band=NEAR_BAND,
    )
    t_pruned = time.perf_counter() - t0
    c_pruned = time.process_time() - c0
    rss_pruned = _rss_mib()
    say(f"pruned: {pruned.total_score} in {t_pruned:.1f}s")

    c0 = time.process_time()
    t0 = time.perf_counter()
    full = allocation.allocate(mi, oj, scores, opps.open_seats, n)
    t_full = time.perf_counter() - t0
    c_full = time.process_time() - c0
    rss_full = _rss_mib()
    say(f"full: {full.total_score} in {t_full:.1f}s")

    def result(name, alloc, seconds, cpu, **extra):
        return {
            "step": name,
            "assigned": len(alloc),
            "total_score": round(alloc.total_score / allocation.SCALE, 3),
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            **extra,
        }

    line(result("greedy", greedy, t_greedy, c_greedy))
    line(result("full_min_cost_flow", full, t_full, c_full, arcs=full.arcs, peak_rss_mib=round(rss_full)))
    line(
        result(
            "pruned_min_cost_flow",
            pruned,
            t_pruned,
            c_pruned,
            top_k=TOP_K,
            auction_rounds=pruned.auction_rounds,
            pricing_rounds=pruned.rounds,
            arcs=pruned.arcs,
            proven_gap_bound_pct=round(100 * pruned.gap_bound, 5),
            end_to_end_seconds=round(t_cand + t_pruned, 2),
            end_to_end_cpu_seconds=round(c_cand + c_pruned, 2),
            peak_rss_mib=round(rss_pruned),
        )
    )
    gap = 1 - pruned.total_score / full.total_score if full.total_score else 0.0
    line(
        {
            "step": "ratios",
            "pruned_vs_full_score_gap_pct": round(100 * gap, 4),
            "pruned_vs_full_time": round(t_pruned / t_full, 3) if t_full else None,
            "pruned_vs_full_cpu": round(c_pruned / c_full, 3) if c_full else None,
            "full_above_greedy_pct": round(100 * (full.total_score / greedy.total_score - 1), 2)
            if greedy.total_score
            else None,
            "pruned_above_greedy_pct": round(100 * (pruned.total_score / greedy.total_score - 1), 2)
            if greedy.total_score
            else None,
            "targets_met": {
                "within_0.1pct_of_full": gap <= 0.001,
                "at_most_half_full_time": t_pruned <= 0.5 * t_full,
                "at_most_half_full_cpu": c_pruned <= 0.5 * c_full,
                "end_to_end_under_60s": t_cand + t_pruned < 60,
                "end_to_end_under_60s_cpu": c_cand + c_pruned < 60,
                "under_4GiB": rss_pruned < 4096,
            },
        }
    )
