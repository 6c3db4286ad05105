"""First prices for the allocation: an ε-scaling forward auction with seat capacities, in NumPy.

Each opportunity j has c_j seats, each with a price; p_j is its cheapest seat's price (a free seat is a seat
whose holder is gone or never came; it keeps its price). Unassigned members bid all at once (Jacobi): member
i's best value v1 = max_j(s_ij − p_j) at j1 and its second best v2 (another opportunity, j1's second-cheapest
seat, or 0 for "no proposal"). A member with v1 ≤ 0 leaves for good (prices only rise). Otherwise it bids
p_j1 + (v1 − v2) + ε; each opportunity keeps its c_j highest entries (seats and bids), and whoever is pushed
out bids again next round.

A member assigned to j then satisfies ε-complementary slackness: s_ij − p_j ≥ max_k(s_ik − p_k) − ε, and
prices never fall, so it stays true. Hence with u_i = max(0, max_k(s_ik − p_k)) (over *every* candidate),
the dual value Σ u_i + Σ c_j p_j bounds the optimum from above and exceeds the auction's total by at most
ε per assigned member plus the price of seats left free. The bound is computed exactly (`dual_bound`), so
the gap it proves does not rest on that argument.

ε sets the trade-off: a large ε settles prices in few rounds but leaves up to ε of slack per member. The
prices are then used as first prices of the min-cost flow (allocation.allocate), which closes the gap exactly;
restarting with a smaller ε (classic ε-scaling) was measured to help little here, because seats outnumber
members: a seat freed for the restart either keeps its price (its member then leaves for good) or drops to 0
(and the price war starts again), which needs a reverse auction to do properly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class AuctionResult:
    opportunity_of_member: np.ndarray  # int64, −1 when unassigned
    price: np.ndarray  # float64 per opportunity: its cheapest seat's price
    total: int  # the assignment's total score
    upper: int  # proven upper bound on the optimum over every candidate pair
    rounds: int

    @property
    def gap_bound(self) -> float:
        return (self.upper - self.total) / self.upper if self.upper > 0 else 0.0


def _segments(indptr: np.ndarray, rows: np.ndarray):
    """Arc indices of the given rows (CSR) and the segment of each arc."""
    counts = indptr[rows + 1] - indptr[rows]
    total = int(counts.sum())
    seg = np.repeat(np.arange(len(rows)), counts)
    starts = np.cumsum(counts) - counts
    arcs = np.repeat(indptr[rows] - starts, counts) + np.arange(total)
    return arcs, seg, starts


CHUNK_ARCS = 4_000_000  # arcs handled at once: bounds the temporary arrays at the national scale


def _row_chunks(indptr, rows):
    """Split rows into runs of at most about CHUNK_ARCS arcs."""
    arcs = np.cumsum(indptr[rows + 1] - indptr[rows])
    if len(rows) == 0 or arcs[-1] <= CHUNK_ARCS:
        return [rows]
    cuts = np.searchsorted(arcs, np.arange(CHUNK_ARCS, arcs[-1], CHUNK_ARCS))
    return [part for part in np.split(rows, cuts) if len(part)]


def best_values(indptr, oj, s, price, rows):
    """Per row: best value, its arc, and the second best over other opportunities (−inf if none)."""
    parts = [_best_values(indptr, oj, s, price, part) for part in _row_chunks(indptr, rows)]
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def _best_values(indptr, oj, s, price, rows):
    arcs, seg, starts = _segments(indptr, rows)
    value = s[arcs] - price[oj[arcs]]
    best = np.maximum.reduceat(value, starts)
    is_best = value == best[seg]
    first = np.flatnonzero(is_best)
    first = first[np.r_[True, seg[first[1:]] != seg[first[:-1]]]]
    value[first] = -np.inf
    second = np.maximum.reduceat(value, starts)
    return best, arcs[first], second


def dual_bound(indptr, oj, s, price, seats, members):
    """Σ_i max(0, max_j s_ij − p_j) + Σ_j c_j p_j: a feasible dual of the full problem, hence an upper bound."""
    paid = float(np.where(seats > 0, seats * np.where(seats > 0, price, 0.0), 0.0).sum())
    if len(members) == 0:
        return paid, np.zeros(0)
    surplus = np.concatenate(
        [
            np.maximum(best, 0.0)
            for best, _arc, _second in [
                _best_values(indptr, oj, s, price, part) for part in _row_chunks(indptr, members)
            ]
        ]
    )
    return float(surplus.sum()) + paid, surplus


def auction(
    indptr: np.ndarray, oj: np.ndarray, s: np.ndarray, seats: np.ndarray, *, epsilon: int
) -> AuctionResult:
    """Members are CSR rows (indptr over arcs oj, integer scores s > 0); seats per opportunity.

    Scores and ε are integers, so every price is an integer and the float64 arithmetic is exact.
    """
    if int(epsilon) != epsilon or epsilon < 1:
        raise ValueError("epsilon must be a positive integer")
    n = len(indptr) - 1
    seats = np.asarray(seats, dtype=np.int64)
    s = np.asarray(s, dtype=np.float64)
    has_arcs = np.flatnonzero(np.diff(indptr) > 0)
    seat_start = np.r_[0, np.cumsum(seats)].astype(np.int64)
    seat_price = np.zeros(int(seats.sum()))  # each block sorted descending: the last is the cheapest
    seat_holder = np.full(len(seat_price), -1, dtype=np.int64)
    owner_opp = np.full(n, -1, dtype=np.int64)
    gone = np.zeros(n, dtype=bool)
    price = np.where(seats > 0, 0.0, np.inf)  # an opportunity without seats is never worth a bid
    second_price = np.where(seats >= 2, 0.0, np.inf)
    cheapest = np.maximum(seat_start[1:] - 1, 0)
    rounds = 0
    while True:
        bidders = has_arcs[(owner_opp[has_arcs] < 0) & ~gone[has_arcs]]
        if len(bidders) == 0:
            break
        rounds += 1
        best, arc, second = best_values(indptr, oj, s, price, bidders)
        j1 = oj[arc].astype(np.int64)
        v2 = np.maximum(np.maximum(second, s[arc] - second_price[j1]), 0.0)
        leave = best <= 0
        gone[bidders[leave]] = True
        keep = ~leave
        if not keep.any():
            break
        bidders, j1 = bidders[keep], j1[keep]
        bid = price[j1] + best[keep] - v2[keep] + epsilon
        _accept(bidders, j1, bid, seats, seat_start, seat_price, seat_holder, owner_opp)
        touched = np.unique(j1)
        price[touched] = seat_price[cheapest[touched]]
        two = touched[seats[touched] >= 2]
        second_price[two] = seat_price[seat_start[two + 1] - 2]
    assigned = np.flatnonzero(owner_opp >= 0)
    total = int(s_of(indptr, oj, s, assigned, owner_opp).sum())
    upper, _surplus = dual_bound(indptr, oj, s, price, seats, has_arcs)
    return AuctionResult(owner_opp, np.where(seats > 0, price, 0.0), total, round(upper), rounds)


def s_of(indptr, oj, s, members, owner_opp):
    """Score of each member's assigned pair (members must be assigned)."""
    arcs, seg, _starts = _segments(indptr, members)
    hit = oj[arcs] == owner_opp[members][seg]
    out = np.zeros(len(members))
    out[seg[hit]] = s[arcs[hit]]
    return out


def _accept(bidders, j1, bid, seats, seat_start, seat_price, seat_holder, owner_opp):
    """Each opportunity keeps its c_j highest entries among its seats and the new bids."""
    touched = np.unique(j1)
    counts = seats[touched]
    seat_idx = np.repeat(seat_start[touched] - (np.cumsum(counts) - counts), counts) + np.arange(
        int(counts.sum())
    )
    opp = np.r_[np.repeat(touched, counts), j1]
    value = np.r_[seat_price[seat_idx], bid]
    holder = np.r_[seat_holder[seat_idx], bidders]
    incumbent = np.r_[np.zeros(len(seat_idx), dtype=np.int8), np.ones(len(bidders), dtype=np.int8)]
    order = np.lexsort((incumbent, -value, opp))  # ties: seats already held win
    opp, value, holder = opp[order], value[order], holder[order]
    starts = np.searchsorted(opp, touched)
    rank = np.arange(len(opp)) - np.repeat(starts, np.diff(np.r_[starts, len(opp)]))
    kept = rank < seats[opp]
    out = holder[~kept]
    out = out[out >= 0]
    owner_opp[out] = -1
    # Kept entries, in order, are exactly the touched seat blocks in order (descending price).
    seat_price[seat_idx] = value[kept]
    seat_holder[seat_idx] = holder[kept]
    new = holder[kept]
    new = new[new >= 0]
    owner_opp[new] = opp[kept][holder[kept] >= 0]
