"""Allocation of limited seats: maximise the total score, one proposal per member, never over capacity.

The problem is a transportation problem solved exactly as a min-cost flow (OR-Tools):

    source ──(cap 1, cost 0)──▶ member ──(cap 1, cost −score)──▶ opportunity ──(cap open seats)──▶ sink
    source ──────────────────────(cap n, cost 0: "no proposal")──────────────────────────────────▶ sink

The source supplies one unit per member; the bypass arc lets a member stay without a proposal, so the
optimum is the best total score, not the largest number of proposals. Scores are integers (score × 1000).

Pruning keeps only each member's top-K candidates (by score): the benchmark checks the loss against the
unpruned graph (see docs/benchmarks.md).

Optional fairness (`office_of_member`): for an opportunity with more candidates than seats ("scarce"),
each office whose members are candidates has a guaranteed share = floor(seats × its candidates / all
candidates). Filling guaranteed shares comes first (lexicographically, by a bonus larger than any possible
score trade-off); the remaining seats go by score. An office short of candidates simply leaves its share
to the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from tamkeen.matching import allocation_auction

SCALE = 1000
EPSILON_DIVISOR = 30  # the auction's ε as a fraction of the largest score


@dataclass
class Allocation:
    member: np.ndarray  # int32: the assigned members
    opportunity: np.ndarray  # int32: their opportunity
    score: np.ndarray  # int64: the pair's integer score (× SCALE)
    arcs: int = 0  # member → opportunity arcs in the last flow solved
    rounds: int = 1  # flows solved (pricing rounds)
    is_certified_optimal: bool = False  # proven optimal over every candidate pair given
    gap_bound: float | None = None  # proven: (full optimum − total) / full optimum ≤ gap_bound
    auction_rounds: int = 0  # bidding rounds of the first-price auction

    @property
    def total_score(self) -> int:
        return int(self.score.sum())

    def __len__(self) -> int:
        return len(self.member)


def drop_excluded(mi, oj, s, excluded: np.ndarray | None, n_opportunities: int):
    """Remove (member, opportunity) pairs listed in `excluded` (an (e, 2) int array)."""
    if excluded is None or len(excluded) == 0:
        return mi, oj, s
    excluded = np.asarray(excluded, dtype=np.int64).reshape(-1, 2)
    keys = mi.astype(np.int64) * n_opportunities + oj
    bad = excluded[:, 0] * n_opportunities + excluded[:, 1]
    keep = ~np.isin(keys, bad)
    return mi[keep], oj[keep], s[keep]


def sort_by_member(mi, oj, s):
    """Order pairs by member, best score first (the layout pruning and greedy need)."""
    order = np.lexsort((-np.asarray(s), mi))
    return mi[order], oj[order], s[order]


def prune_top_k(mi, oj, s, k: int, *, presorted: bool = False):
    """Keep each member's k best candidates."""
    if not presorted:
        mi, oj, s = sort_by_member(mi, oj, s)
    if len(mi) == 0:
        return mi, oj, s
    starts = np.flatnonzero(np.r_[True, mi[1:] != mi[:-1]])
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(mi)]))
    keep = (np.arange(len(mi)) - group_start) < k
    return mi[keep], oj[keep], s[keep]


def allocate(
    mi: np.ndarray,
    oj: np.ndarray,
    scores: np.ndarray,
    open_seats: np.ndarray,
    n_members: int,
    *,
    top_k: int | None = None,
    excluded: np.ndarray | None = None,
    office_of_member: np.ndarray | None = None,
    presorted: bool = False,
    max_rounds: int = 8,
    add_per_member: int = 8,
    tolerance: float = 0.0,
    first_prices: bool = True,
    near_band: float = 100.0,
    auction_epsilon: int | None = None,
    auction_candidates: int | None = None,
    contested_margin: float | None = 3.0,
) -> Allocation:
    """The optimal assignment over the candidate pairs (mi[k], oj[k]) with integer scores (× SCALE).

    Candidates must already be eligible (scoring.eligible); excluded pairs are dropped here.

    With `top_k`, the flow first runs on each member's top-K candidates; then node potentials (the dual
    prices of the pruned optimum) are computed and every left-out pair is priced: a pair whose reduced
    cost is negative could improve the total, so the best such pairs per member are added and the flow
    runs again. When no left-out pair has a negative reduced cost, the pruned optimum is the optimum of
    the full candidate graph (LP duality) and `is_certified_optimal` is True. Each round also computes an
    upper bound on the full optimum from a feasible dual; the loop stops early once the proven gap
    (`gap_bound`) is at most `tolerance`. With fairness the pricing is not applied (plain top-K).

    With `first_prices` (the default) an auction (allocation_auction) runs first over every candidate: when
    its own dual bound already proves the gap ≤ `tolerance` its assignment is returned (no flow at all);
    otherwise its prices choose the flow's first pairs (each member's top-K plus every pair whose surplus
    at those prices is within `near_band` of the member's best), so the first flow usually has no violating
    pair left. The auction's bound stays valid and the smaller of the two bounds is reported.

    With a positive `tolerance` and `contested_margin` (in units of the auction's ε), the flow first runs on
    the contested members only (`_contested_flow`): members whose auction seat is worth more than
    contested_margin × ε above anything else they could do keep it. Its bound is a feasible dual of the full
    problem like the pricing rounds'; when it does not prove the tolerance, the flow over every member follows.
    Measured at 200,000 members (default instance): margin 2 proved 0.078 %, 3 proved 0.00013 % over 4.7 M
    instead of 5.1 M arcs. With tolerance 0 (exact answers) it is skipped: it rarely proves exact optimality.
    """
    mi = np.asarray(mi, dtype=np.int32)
    oj = np.asarray(oj, dtype=np.int32)
    scores = np.asarray(scores, dtype=np.int64)
    seats = np.asarray(open_seats, dtype=np.int64)
    m = len(seats)
    mi, oj, scores = drop_excluded(mi, oj, scores, excluded, m)
    keep = (seats[oj] > 0) & (scores > 0)
    if not keep.all():
        mi, oj, scores = mi[keep], oj[keep], scores[keep]
    if len(mi) == 0:
        empty = np.empty(0, np.int32)
        return Allocation(
            empty, empty.copy(), np.empty(0, np.int64), is_certified_optimal=True, gap_bound=0.0
        )
    if top_k is None:
        chosen = _solve(mi, oj, scores, seats, n_members, office_of_member)
        return Allocation(
            mi[chosen], oj[chosen], scores[chosen], arcs=len(mi), is_certified_optimal=True, gap_bound=0.0
        )
    if not presorted:
        mi, oj, scores = sort_by_member(mi, oj, scores)
    indptr = np.searchsorted(mi, np.arange(n_members + 1))
    active = _first_of_each_row(indptr, top_k)
    if office_of_member is not None:
        chosen = _solve(mi[active], oj[active], scores[active], seats, n_members, office_of_member)
        idx = np.flatnonzero(active)[chosen]
        return Allocation(mi[idx], oj[idx], scores[idx], arcs=int(active.sum()))
    certified = False
    auction_rounds = 0
    best_upper = np.inf
    if first_prices:
        # With `auction_candidates` the auction bids over each member's best pairs only (its prices are a
        # guide); the bound is taken over every pair either way, so it is a proof for the full graph. Measured
        # at N = 40,000: bidding over 16 or 24 pairs gave prices that needed a second flow, so all is default.
        # ε = max score / 30: at 200,000 members (bench instance) it needs 301 rounds instead of 424 at / 50 and
        # the contested flow still proves 0.017 %; ε = 40 and 47 (max / 23, / 20) fell back to a second flow there.
        epsilon = (
            auction_epsilon if auction_epsilon is not None else max(1, int(scores.max()) // EPSILON_DIVISOR)
        )
        if auction_candidates is None:
            first = allocation_auction.auction(
                indptr, oj, scores, seats, epsilon=epsilon, rows_sorted=True, with_bound=False
            )
        else:
            bidding = np.flatnonzero(_rank_within_member(mi) < auction_candidates)
            sub_indptr = np.searchsorted(mi[bidding], np.arange(n_members + 1))
            first = allocation_auction.auction(
                sub_indptr,
                oj[bidding],
                scores[bidding],
                seats,
                epsilon=epsilon,
                rows_sorted=True,
                with_bound=False,
            )
        auction_rounds = first.rounds
        # One pass over every pair at the auction's prices gives both its proven bound (each member's best
        # surplus, so the bound covers the whole graph) and the pairs near each member's best.
        row_best, near = allocation_auction.row_best(indptr, oj, scores, first.price, band=near_band)
        best_upper = round(float(np.maximum(row_best, 0.0).sum()) + float((seats * first.price).sum()))
        gap = (best_upper - first.total) / best_upper if best_upper > 0 else 0.0
        if gap <= tolerance:
            chosen_idx = _auction_pairs(mi, oj, first.opportunity_of_member)
            return Allocation(
                mi[chosen_idx],
                oj[chosen_idx],
                scores[chosen_idx],
                arcs=0,
                rounds=0,
                is_certified_optimal=first.total == best_upper,
                gap_bound=gap,
                auction_rounds=auction_rounds,
            )
        # Not proven close enough: the flow starts from the pairs the prices say matter (each member's
        # top-K plus every pair within the near-best band of its surplus), then prices as below.
        active |= near
        del near
        if tolerance > 0 and contested_margin is not None:
            margin = contested_margin * epsilon
            settled = _contested_flow(mi, oj, scores, seats, indptr, active, first, row_best, margin)
            upper = min(settled.upper, best_upper)
            gap = (upper - settled.total) / upper if upper > 0 else 0.0
            if gap <= tolerance:
                return Allocation(
                    mi[settled.pairs],
                    oj[settled.pairs],
                    scores[settled.pairs],
                    arcs=settled.arcs,
                    rounds=1,
                    is_certified_optimal=settled.total >= upper,
                    gap_bound=gap,
                    auction_rounds=auction_rounds,
                )
        del row_best
    for rounds in range(1, max_rounds + 1):  # noqa: B007 (reported below)
        idx = np.flatnonzero(active)
        chosen = _solve(mi[idx], oj[idx], scores[idx], seats, n_members)
        total = int(scores[idx[chosen]].sum())
        if best_upper < np.inf:
            gap_bound = (best_upper - total) / best_upper if best_upper > 0 else 0.0
            if gap_bound <= tolerance:
                # The bound already in hand (the auction's, or a previous round's) proves this flow close
                # enough: the potentials and the pass over every pair are not needed.
                certified = total >= best_upper
                break
        d_member, d_opp, d_sink = _potentials(mi[idx], oj[idx], scores[idx], chosen, seats, n_members)
        # A feasible dual of the full problem bounds its optimum: prices p_j ≥ 0 from the potentials,
        # each member's best surplus over every candidate (pruned or not).
        price = np.maximum(d_sink - d_opp, 0)
        member_best, _near = allocation_auction.row_best(indptr, oj, scores, price)
        upper = min(round(float(np.maximum(member_best, 0).sum()) + float((seats * price).sum())), best_upper)
        best_upper = upper
        gap_bound = (upper - total) / upper if upper else 0.0
        certified = upper == total
        if gap_bound <= tolerance:
            break
        # Not proven yet: the left-out pairs with a negative reduced cost could improve the total.
        slack = scores - (d_member[mi] - d_opp[oj])  # > 0: negative reduced cost
        violating = (slack > 0) & ~active
        if not violating.any():
            certified = True
            gap_bound = 0.0
            break
        # Add each member's best few violators (by how much they could improve), not all of them.
        v = np.flatnonzero(violating)
        order = np.lexsort((-slack[v], mi[v]))
        v = v[order]
        rank = _rank_within_member(mi[v])
        active[v[rank < add_per_member]] = True
    chosen_idx = idx[chosen]
    return Allocation(
        mi[chosen_idx],
        oj[chosen_idx],
        scores[chosen_idx],
        arcs=int(active.sum()),
        rounds=rounds,
        is_certified_optimal=certified,
        gap_bound=gap_bound,
        auction_rounds=auction_rounds,
    )


@dataclass
class _Settled:
    pairs: np.ndarray  # indices of the chosen pairs, ascending
    total: int
    upper: int  # proven upper bound on the full optimum
    arcs: int  # arcs in the contested flow


def _contested_flow(mi, oj, scores, seats, indptr, active, first, row_best, margin) -> _Settled:
    """The flow on the contested members only; the others keep the auction's answer.

    A member is settled when, at the auction's prices, its seat is worth more than `margin` above anything
    else it could do (another opportunity or no proposal), or, without a seat, its best is below −margin.
    Settled members keep their seat (or none); the contested ones get a min-cost flow over their active pairs
    into the seats the settled ones leave. The proof is the same kind as the pricing rounds': prices
    P_j = the contested flow's potential prices on the opportunities it touches, the auction's elsewhere,
    give the feasible dual Σ max(0, best surplus over every pair) + Σ seats × P of the full problem, so the
    bound holds whoever was settled; settling only decides how tight it is. Measured at 50,000: with
    margin = ε about a third of the members settle, and the bound is within 0.01 % of the total.
    """
    n_members = len(indptr) - 1
    own = first.opportunity_of_member
    own_pairs = _auction_pairs(mi, oj, own)
    assigned = own >= 0
    own_value = np.zeros(n_members)
    own_value[mi[own_pairs]] = scores[own_pairs] - first.price[oj[own_pairs]]
    other, _ = allocation_auction.row_best(indptr, oj, scores, first.price, excluded=own_pairs)
    settled = np.where(assigned, own_value - np.maximum(other, 0.0) > margin, row_best < -margin)
    kept = own_pairs[settled[mi[own_pairs]]]
    left = seats - np.bincount(oj[kept], minlength=len(seats))
    idx = np.flatnonzero(active)
    idx = idx[~settled[mi[idx]] & (left[oj[idx]] > 0)]
    price = first.price.copy()
    chosen_idx = idx[:0]
    if len(idx):
        members, local = np.unique(mi[idx], return_inverse=True)
        local = local.astype(np.int32)
        chosen = _solve(local, oj[idx], scores[idx], left, len(members))
        _d_member, d_opp, d_sink = _potentials(local, oj[idx], scores[idx], chosen, left, len(members))
        touched = np.unique(oj[idx])
        price[touched] = np.maximum(d_sink - d_opp[touched], 0)
        chosen_idx = idx[chosen]
    best, _near = allocation_auction.row_best(indptr, oj, scores, price)
    upper = round(float(np.maximum(best, 0.0).sum()) + float((seats * price).sum()))
    pairs = np.sort(np.r_[kept, chosen_idx])
    return _Settled(pairs, int(scores[pairs].sum()), upper, len(idx))


def _auction_pairs(mi, oj, opportunity_of_member) -> np.ndarray:
    """Indices of the pairs (mi, oj) the auction assigned."""
    return np.flatnonzero(opportunity_of_member[mi] == oj)


def _first_of_each_row(indptr: np.ndarray, k: int) -> np.ndarray:
    """Mask of each row's first k arcs (CSR): k scatters over the rows, not a pass ranking every arc."""
    mask = np.zeros(int(indptr[-1]), dtype=bool)
    length = np.diff(indptr)
    for r in range(k):
        mask[indptr[:-1][length > r] + r] = True
    return mask


def _rank_within_member(mi: np.ndarray) -> np.ndarray:
    """Position of each pair inside its member's run (pairs grouped by member)."""
    if len(mi) == 0:
        return np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, mi[1:] != mi[:-1]])
    return np.arange(len(mi)) - np.repeat(starts, np.diff(np.r_[starts, len(mi)]))


def _solve(mi, oj, scores, seats, n_members, office_of_member=None) -> np.ndarray:
    """Min-cost flow over the given pairs; returns the mask of chosen pairs."""
    m = len(seats)
    source, sink = n_members + m, n_members + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    members_used = np.unique(mi)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(len(members_used), source, dtype=np.int32),
        members_used.astype(np.int32),
        np.ones(len(members_used), dtype=np.int64),
        np.zeros(len(members_used), dtype=np.int64),
    )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, len(members_used), 0)
    if office_of_member is None:
        pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
            mi, (n_members + oj).astype(np.int32), np.ones(len(mi), dtype=np.int64), -scores
        )
    else:
        pair_arcs = _fair_arcs(flow, mi, oj, scores, seats, n_members, sink + 1, np.asarray(office_of_member))
    opps_used = np.unique(oj)
    flow.add_arcs_with_capacity_and_unit_cost(
        (n_members + opps_used).astype(np.int32),
        np.full(len(opps_used), sink, dtype=np.int32),
        seats[opps_used],
        np.zeros(len(opps_used), dtype=np.int64),
    )
    flow.set_node_supply(source, len(members_used))
    flow.set_node_supply(sink, -len(members_used))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return flow.flows(pair_arcs) > 0


def _potentials(mi, oj, scores, chosen, seats, n_members):
    """Shortest-path node potentials on the residual graph of an optimal flow (label-correcting).

    d(head) <= d(tail) + cost on every residual arc, so a pair arc i → j with cost −s left out of the
    graph has a non-negative reduced cost iff s <= d(i) − d(j). Returns (d over members, d over opps,
    d of the sink); p_j = max(0, d(sink) − d(j)) are the opportunities' dual prices.
    """
    m = len(seats)
    source, sink = n_members + m, n_members + m + 1
    n_nodes = n_members + m + 2
    members_used = np.unique(mi)
    assigned = np.zeros(n_members, dtype=bool)
    assigned[mi[chosen]] = True
    used = np.bincount(oj[chosen], minlength=m)
    opps_used = np.unique(oj)
    unassigned = members_used[~assigned[members_used]]
    tails = [
        np.where(chosen, n_members + oj, mi),  # pair arcs: backward j → i when chosen, else forward
        np.where(assigned[members_used], members_used, source),  # S → i (free) or i → S (assigned)
        (n_members + opps_used)[used[opps_used] < seats[opps_used]],  # j → T while seats are left
        np.full(int((used[opps_used] > 0).sum()), sink),  # T → j when some seat is used
        np.array([source]),  # bypass S → T (never saturated: capacity = members)
        np.array([sink] if len(unassigned) else [], dtype=np.int64),  # T → S when a member is unassigned
    ]
    heads = [
        np.where(chosen, mi, n_members + oj),
        np.where(assigned[members_used], source, members_used),
        np.full(len(tails[2]), sink),
        (n_members + opps_used)[used[opps_used] > 0],
        np.array([sink]),
        np.array([source] if len(unassigned) else [], dtype=np.int64),
    ]
    costs = [
        np.where(chosen, scores, -scores),
        np.zeros(len(members_used), dtype=np.int64),
        np.zeros(len(tails[2]), dtype=np.int64),
        np.zeros(len(tails[3]), dtype=np.int64),
        np.zeros(1, dtype=np.int64),
        np.zeros(len(tails[5]), dtype=np.int64),
    ]
    tail = np.concatenate(tails).astype(np.int64)
    head = np.concatenate(heads).astype(np.int64)
    cost = np.concatenate(costs).astype(np.int64)
    order = np.argsort(tail, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    indptr = np.searchsorted(tail, np.arange(n_nodes + 1))
    d = np.zeros(n_nodes, dtype=np.int64)
    frontier = np.arange(n_nodes)
    for _ in range(n_nodes + 1):
        counts = indptr[frontier + 1] - indptr[frontier]
        total = int(counts.sum())
        if total == 0:
            break
        offsets = np.repeat(indptr[frontier] - (np.cumsum(counts) - counts), counts)
        arcs = offsets + np.arange(total)
        candidate = d[tail[arcs]] + cost[arcs]
        h = head[arcs]
        better = candidate < d[h]
        if not better.any():
            break
        h, candidate = h[better], candidate[better]
        before = d[h].copy()
        np.minimum.at(d, h, candidate)
        frontier = np.unique(h[d[h] < before])
    else:  # pragma: no cover - an optimal flow has no negative cycle
        raise RuntimeError("negative cycle in the residual graph: the flow was not optimal")
    return d[:n_members], d[n_members : n_members + m], d[sink]


def _fair_arcs(flow, mi, oj, scores, seats, n_members, first_free_node, office_of_member):
    """Member → (opportunity, office) → opportunity, with the guaranteed share of a scarce one bonused."""
    office = office_of_member[mi].astype(np.int64)
    n_offices = int(office.max()) + 1
    key = oj.astype(np.int64) * n_offices + office
    groups, group_of_pair, group_count = np.unique(key, return_inverse=True, return_counts=True)
    group_opp = (groups // n_offices).astype(np.int64)
    candidates = np.bincount(oj, minlength=len(seats))
    scarce = candidates[group_opp] > seats[group_opp]
    quota = np.where(scarce, (seats[group_opp] * group_count) // np.maximum(candidates[group_opp], 1), 0)
    bonus = SCALE * (len(np.unique(mi)) + 1)
    group_node = (first_free_node + np.arange(len(groups))).astype(np.int32)
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        mi, group_node[group_of_pair], np.ones(len(mi), dtype=np.int64), -scores
    )
    opp_node = (n_members + group_opp).astype(np.int32)
    has_quota = quota > 0
    flow.add_arcs_with_capacity_and_unit_cost(
        group_node[has_quota], opp_node[has_quota], quota[has_quota], np.full(int(has_quota.sum()), -bonus)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        group_node, opp_node, group_count - quota, np.zeros(len(groups), dtype=np.int64)
    )
    return pair_arcs


def greedy(
    mi, oj, scores, open_seats, n_members: int, *, seed: int = 0, presorted: bool = False
) -> Allocation:
    """Baseline: members in random order each take their best candidate that still has a seat."""
    mi = np.asarray(mi, dtype=np.int32)
    oj = np.asarray(oj, dtype=np.int32)
    scores = np.asarray(scores, dtype=np.int64)
    if not presorted:
        mi, oj, scores = sort_by_member(mi, oj, scores)
    left = np.asarray(open_seats, dtype=np.int64).copy().tolist()
    starts = np.searchsorted(mi, np.arange(n_members + 1)).tolist()
    opp_list = oj.tolist()
    score_list = scores.tolist()
    order = np.random.default_rng(seed).permutation(n_members).tolist()
    chosen = []
    for member in order:
        for k in range(starts[member], starts[member + 1]):
            o = opp_list[k]
            if left[o] > 0 and score_list[k] > 0:
                left[o] -= 1
                chosen.append(k)
                break
    chosen = np.array(sorted(chosen), dtype=np.int64)
    return Allocation(mi[chosen], oj[chosen], scores[chosen])
