"""Allocation properties on random instances: capacity, eligibility, exclusions, optimality (no database)."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tamkeen.matching import allocation, scoring
from tamkeen.matching.tests.instances import bands_for, random_members, random_opportunities


def instance(seed, n, m, max_seats=3):
    rng = np.random.default_rng(seed)
    members, opps = random_members(rng, n), random_opportunities(rng, m, max_seats=max_seats)
    # Make most members eligible somewhere so the instances are not trivially empty.
    members.work_capacity[rng.random(n) < 0.8] = scoring.ABLE
    members.disability[rng.random(n) < 0.7] = scoring.ANY
    mi, oj, s = scoring.candidate_pairs(members, opps, bands_for(4), include_far=True)
    return members, opps, mi, oj, scoring.to_int_scores(s)


def check_feasible(result, members, opps, excluded=()):
    assert len(set(result.member.tolist())) == len(result.member), "one proposal per member"
    used = np.bincount(result.opportunity, minlength=len(opps))
    assert (used <= opps.open_seats).all(), "never over capacity"
    if len(result.member):
        assert scoring.eligible(members, opps, result.member, result.opportunity).all(), "eligible pairs only"
    pairs = set(zip(result.member.tolist(), result.opportunity.tolist(), strict=True))
    assert not pairs & set(excluded), "excluded pairs never proposed"


def brute_force(n, mi, oj, s, seats):
    options = [[None] for _ in range(n)]
    for k in range(len(mi)):
        options[mi[k]].append((int(oj[k]), int(s[k])))
    best = 0
    for choice in itertools.product(*options):
        used = {}
        total = 0
        for pick in choice:
            if pick is None:
                continue
            used[pick[0]] = used.get(pick[0], 0) + 1
            total += pick[1]
        if total > best and all(used[o] <= seats[o] for o in used):
            best = total
    return best


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6), m=st.integers(1, 4))
@settings(max_examples=80, deadline=None)
def test_optimal_on_small_instances_against_brute_force(seed, n, m):
    members, opps, mi, oj, s = instance(seed, n, m, max_seats=2)
    result = allocation.allocate(mi, oj, s, opps.open_seats, n)
    check_feasible(result, members, opps)
    assert result.total_score == brute_force(n, mi, oj, s, opps.open_seats)
    base = allocation.greedy(mi, oj, s, opps.open_seats, n, seed=seed)
    check_feasible(base, members, opps)
    assert base.total_score <= result.total_score


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60), m=st.integers(1, 25), k=st.integers(1, 5))
@settings(max_examples=60, deadline=None)
def test_capacity_eligibility_and_exclusions_hold_with_pruning_and_fairness(seed, n, m, k):
    members, opps, mi, oj, s = instance(seed, n, m)
    rng = np.random.default_rng(seed)
    pick = rng.random(len(mi)) < 0.3
    excluded = list(zip(mi[pick].tolist(), oj[pick].tolist(), strict=True))
    for options in ({}, {"top_k": k}, {"office_of_member": members.office}):
        result = allocation.allocate(mi, oj, s, opps.open_seats, n, excluded=np.array(excluded), **options)
        check_feasible(result, members, opps, excluded)
    full = allocation.allocate(mi, oj, s, opps.open_seats, n)
    pruned = allocation.allocate(mi, oj, s, opps.open_seats, n, top_k=k, max_rounds=50)
    assert pruned.is_certified_optimal
    assert pruned.total_score == full.total_score


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(20, 120), m=st.integers(2, 15))
@settings(max_examples=40, deadline=None)
def test_pricing_certifies_the_pruned_optimum_or_says_it_could_not(seed, n, m):
    _members, opps, mi, oj, s = instance(seed, n, m, max_seats=4)
    full = allocation.allocate(mi, oj, s, opps.open_seats, n)
    one_round = allocation.allocate(mi, oj, s, opps.open_seats, n, top_k=1, max_rounds=1, add_per_member=1)
    assert one_round.total_score <= full.total_score
    if one_round.is_certified_optimal:
        assert one_round.total_score == full.total_score
    # The dual bound is a proof: the true gap never exceeds it.
    true_gap = (full.total_score - one_round.total_score) / full.total_score if full.total_score else 0.0
    assert true_gap <= one_round.gap_bound + 1e-12
    priced = allocation.allocate(mi, oj, s, opps.open_seats, n, top_k=1, max_rounds=200, add_per_member=1)
    assert priced.is_certified_optimal and priced.total_score == full.total_score


def test_no_candidates_gives_an_empty_allocation():
    empty = np.empty(0, dtype=np.int32)
    result = allocation.allocate(empty, empty, empty, np.array([3]), 5)
    assert len(result) == 0 and result.total_score == 0


def test_a_member_may_stay_without_a_proposal_when_seats_run_out():
    # Two members, one seat: the better pair wins, the other member gets nothing.
    result = allocation.allocate(np.array([0, 1]), np.array([0, 0]), np.array([400, 900]), np.array([1]), 2)
    assert result.member.tolist() == [1] and result.total_score == 900


def test_optimum_beats_greedy_when_a_flexible_member_comes_first():
    # Member 0 likes both opportunities a little more than 0; member 1 can only take opportunity 0.
    mi, oj, s = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([800, 700, 900])
    seats = np.array([1, 1])
    best = allocation.allocate(mi, oj, s, seats, 2)
    assert best.total_score == 1600
    greedy_totals = {allocation.greedy(mi, oj, s, seats, 2, seed=seed).total_score for seed in range(10)}
    assert min(greedy_totals) == 800  # when member 0 goes first it takes member 1's only seat


def test_fairness_gives_each_office_its_share_of_a_scarce_opportunity():
    # Four seats, six candidates: office 0 has four higher-scored ones, office 1 two lower ones.
    mi = np.arange(6)
    oj = np.zeros(6, dtype=int)
    s = np.array([900, 890, 880, 870, 500, 490])
    office = np.array([0, 0, 0, 0, 1, 1])
    plain = allocation.allocate(mi, oj, s, np.array([4]), 6)
    assert sorted(plain.member.tolist()) == [0, 1, 2, 3]
    fair = allocation.allocate(mi, oj, s, np.array([4]), 6, office_of_member=office)
    # Office 1's share is floor(4 × 2 / 6) = 1: its best member gets a seat, the rest go by score.
    assert sorted(fair.member.tolist()) == [0, 1, 2, 4]


def test_top_k_keeps_each_members_best_candidates():
    mi = np.array([0, 0, 0, 1, 1])
    oj = np.array([0, 1, 2, 0, 1])
    s = np.array([1, 3, 2, 5, 4])
    kept = allocation.prune_top_k(mi, oj, s, 2)
    assert list(zip(*(a.tolist() for a in kept), strict=True)) == [(0, 1, 3), (0, 2, 2), (1, 0, 5), (1, 1, 4)]
