"""The first-price auction and the allocator built on it, against the full min-cost flow (no database)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamkeen.matching import allocation, allocation_auction
from tamkeen.matching.tests.test_allocation import check_feasible, instance


def csr(mi, n):
    return np.searchsorted(mi, np.arange(n + 1)).astype(np.int64)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 150), m=st.integers(1, 20), eps=st.integers(1, 300))
@settings(max_examples=60, deadline=None)
def test_the_auction_is_feasible_and_its_bound_holds_within_epsilon_per_member(seed, n, m, eps):
    members, opps, mi, oj, s = instance(seed, n, m, max_seats=4)
    keep = s > 0
    mi, oj, s = mi[keep], oj[keep], s[keep]
    optimum = allocation.allocate(mi, oj, s, opps.open_seats, n).total_score
    result = allocation_auction.auction(csr(mi, n), oj, s, opps.open_seats, epsilon=eps)
    assigned = np.flatnonzero(result.opportunity_of_member >= 0)
    as_allocation = allocation.Allocation(
        assigned.astype(np.int32),
        result.opportunity_of_member[assigned].astype(np.int32),
        np.zeros(len(assigned), np.int64),
    )
    check_feasible(as_allocation, members, opps)
    pairs = set(zip(mi.tolist(), oj.tolist(), strict=True))
    assert all(
        (int(i), int(j)) in pairs
        for i, j in zip(assigned, result.opportunity_of_member[assigned], strict=True)
    )
    # The dual bound is a proof, and ε-complementary slackness keeps it within ε per assigned member.
    assert result.total <= optimum <= result.upper
    assert result.upper - result.total <= eps * len(assigned)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 150), m=st.integers(1, 20), k=st.integers(1, 4))
@settings(max_examples=60, deadline=None)
def test_the_allocator_with_first_prices_is_within_its_proven_gap_of_the_full_optimum(seed, n, m, k):
    members, opps, mi, oj, s = instance(seed, n, m, max_seats=4)
    rng = np.random.default_rng(seed)
    pick = rng.random(len(mi)) < 0.2
    excluded = np.array(list(zip(mi[pick].tolist(), oj[pick].tolist(), strict=True)), dtype=np.int64)
    full = allocation.allocate(mi, oj, s, opps.open_seats, n, excluded=excluded)
    for tolerance in (0.0, 1e-3, 0.05):
        result = allocation.allocate(
            mi, oj, s, opps.open_seats, n, top_k=k, excluded=excluded, tolerance=tolerance, auction_epsilon=20
        )
        check_feasible(result, members, opps, [tuple(pair) for pair in excluded.tolist()])
        assert result.gap_bound <= tolerance or result.rounds == 8
        true_gap = (full.total_score - result.total_score) / full.total_score if full.total_score else 0.0
        assert 0 <= true_gap <= result.gap_bound + 1e-12
        if tolerance == 0.0:
            assert result.is_certified_optimal and result.total_score == full.total_score


def test_a_loose_tolerance_is_proven_by_the_auction_alone_without_any_flow():
    members, opps, mi, oj, s = instance(7, 300, 30, max_seats=5)
    result = allocation.allocate(mi, oj, s, opps.open_seats, 300, top_k=4, tolerance=0.2, auction_epsilon=5)
    full = allocation.allocate(mi, oj, s, opps.open_seats, 300)
    assert result.rounds == 0 and result.auction_rounds > 0
    check_feasible(result, members, opps)
    assert result.total_score >= (1 - result.gap_bound) * full.total_score


def test_without_first_prices_the_pricing_rounds_alone_still_reach_the_optimum():
    _members, opps, mi, oj, s = instance(11, 200, 20, max_seats=4)
    full = allocation.allocate(mi, oj, s, opps.open_seats, 200)
    plain = allocation.allocate(mi, oj, s, opps.open_seats, 200, top_k=1, first_prices=False, max_rounds=100)
    assert plain.auction_rounds == 0 and plain.is_certified_optimal
    assert plain.total_score == full.total_score


def test_epsilon_must_be_a_positive_integer_so_prices_stay_exact():
    with pytest.raises(ValueError):
        allocation_auction.auction(np.array([0, 1]), np.array([0]), np.array([5]), np.array([1]), epsilon=0.5)


def test_the_auction_gives_the_same_answer_when_the_arcs_are_taken_in_small_chunks(monkeypatch):
    _members, opps, mi, oj, s = instance(3, 400, 30, max_seats=5)
    keep = s > 0
    mi, oj, s = mi[keep], oj[keep], s[keep]
    whole = allocation_auction.auction(csr(mi, 400), oj, s, opps.open_seats, epsilon=7)
    monkeypatch.setattr(allocation_auction, "CHUNK_ARCS", 50)
    assert len(allocation_auction._row_chunks(csr(mi, 400), np.arange(400))) > 5
    chunked = allocation_auction.auction(csr(mi, 400), oj, s, opps.open_seats, epsilon=7)
    assert (chunked.opportunity_of_member == whole.opportunity_of_member).all()
    assert (chunked.total, chunked.upper, chunked.rounds) == (whole.total, whole.upper, whole.rounds)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 120), m=st.integers(1, 15), pairs=st.integers(1, 3))
@settings(max_examples=40, deadline=None)
def test_an_auction_over_each_members_best_pairs_only_still_proves_its_gap_over_all_of_them(
    seed, n, m, pairs
):
    members, opps, mi, oj, s = instance(seed, n, m, max_seats=3)
    full = allocation.allocate(mi, oj, s, opps.open_seats, n)
    result = allocation.allocate(
        mi, oj, s, opps.open_seats, n, top_k=1, tolerance=0.5, auction_candidates=pairs, auction_epsilon=30
    )
    check_feasible(result, members, opps)
    true_gap = (full.total_score - result.total_score) / full.total_score if full.total_score else 0.0
    assert true_gap <= result.gap_bound + 1e-12


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 150), m=st.integers(1, 25), eps=st.integers(1, 300))
@settings(max_examples=60, deadline=None)
def test_bidding_over_a_growing_window_of_sorted_rows_gives_the_same_auction_as_whole_rows(seed, n, m, eps):
    _members, opps, mi, oj, s = instance(seed, n, m, max_seats=4)
    keep = s > 0
    mi, oj, s = allocation.sort_by_member(mi[keep], oj[keep], s[keep])
    whole = allocation_auction.auction(csr(mi, n), oj, s, opps.open_seats, epsilon=eps)
    windowed = allocation_auction.auction(csr(mi, n), oj, s, opps.open_seats, epsilon=eps, rows_sorted=True)
    assert (windowed.opportunity_of_member == whole.opportunity_of_member).all()
    assert (windowed.price == whole.price).all()
    assert (windowed.total, windowed.upper, windowed.rounds) == (whole.total, whole.upper, whole.rounds)


def test_the_window_grows_past_the_first_arcs_when_their_prices_rise(monkeypatch):
    _members, opps, mi, oj, s = instance(5, 400, 12, max_seats=2)
    keep = s > 0
    mi, oj, s = allocation.sort_by_member(mi[keep], oj[keep], s[keep])
    monkeypatch.setattr(allocation_auction, "FIRST_WINDOW", 1)
    whole = allocation_auction.auction(csr(mi, 400), oj, s, opps.open_seats, epsilon=3)
    windowed = allocation_auction.auction(csr(mi, 400), oj, s, opps.open_seats, epsilon=3, rows_sorted=True)
    assert (windowed.opportunity_of_member == whole.opportunity_of_member).all()
    assert windowed.total == whole.total and windowed.upper == whole.upper


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 150),
    m=st.integers(1, 20),
    eps=st.integers(1, 200),
    margin=st.sampled_from([-1.0, 0.0, 1.0, 3.0]),
)
@settings(max_examples=80, deadline=None)
def test_the_contested_flow_is_feasible_and_its_bound_is_a_proof_whoever_is_settled(seed, n, m, eps, margin):
    members, opps, mi, oj, s = instance(seed, n, m, max_seats=4)
    keep = s > 0
    mi, oj, s = allocation.sort_by_member(mi[keep], oj[keep], s[keep])
    seats = opps.open_seats.astype(np.int64)
    optimum = allocation.allocate(mi, oj, s, seats, n).total_score
    indptr = csr(mi, n)
    first = allocation_auction.auction(indptr, oj, s, seats, epsilon=eps, rows_sorted=True, with_bound=False)
    row_best, near = allocation_auction.row_best(indptr, oj, s, first.price, band=100)
    active = allocation._first_of_each_row(indptr, 2) | near
    settled = allocation._contested_flow(mi, oj, s, seats, indptr, active, first, row_best, margin * eps)
    result = allocation.Allocation(mi[settled.pairs], oj[settled.pairs], s[settled.pairs])
    check_feasible(result, members, opps)
    assert result.total_score == settled.total
    assert settled.total <= optimum <= settled.upper


def test_the_contested_flow_settles_members_far_ahead_and_can_still_prove_the_optimum():
    _members, opps, mi, oj, s = instance(3, 600, 50, max_seats=5)
    seats = opps.open_seats.astype(np.int64)
    keep = (s > 0) & (seats[oj] > 0)
    mi, oj, s = allocation.sort_by_member(mi[keep], oj[keep], s[keep])
    optimum = allocation.allocate(mi, oj, s, seats, 600).total_score
    indptr = csr(mi, 600)
    first = allocation_auction.auction(indptr, oj, s, seats, epsilon=20, rows_sorted=True, with_bound=False)
    row_best, near = allocation_auction.row_best(indptr, oj, s, first.price, band=100)
    active = allocation._first_of_each_row(indptr, 4) | near
    settled = allocation._contested_flow(mi, oj, s, seats, indptr, active, first, row_best, 4 * 20)
    assert 0 < settled.arcs < active.sum() / 2 + 1  # members far ahead kept their seat: a smaller flow
    assert settled.total == optimum == settled.upper
