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

SCALE = 1000


@dataclass
class Allocation:
    member: np.ndarray  # int32: the assigned members
    opportunity: np.ndarray  # int32: their opportunity
    score: np.ndarray  # int64: the pair's integer score (× SCALE)

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
) -> Allocation:
    """The optimal assignment over the candidate pairs (mi[k], oj[k]) with integer scores (× SCALE).

    Candidates must already be eligible (scoring.eligible); excluded pairs are dropped here.
    """
    mi = np.asarray(mi, dtype=np.int32)
    oj = np.asarray(oj, dtype=np.int32)
    scores = np.asarray(scores, dtype=np.int64)
    seats = np.asarray(open_seats, dtype=np.int64)
    m = len(seats)
    mi, oj, scores = drop_excluded(mi, oj, scores, excluded, m)
    keep = (seats[oj] > 0) & (scores > 0)
    mi, oj, scores = mi[keep], oj[keep], scores[keep]
    if top_k is not None:
        mi, oj, scores = prune_top_k(mi, oj, scores, top_k, presorted=presorted)
    if len(mi) == 0:
        return Allocation(np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, np.int64))

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
    chosen = flow.flows(pair_arcs) > 0
    return Allocation(mi[chosen], oj[chosen], scores[chosen])


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
