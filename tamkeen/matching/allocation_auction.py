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

import itertools
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


def _spans(first, count):
    """Arc indices of the spans [first, first + count) (every count ≥ 1), each arc's span and each span's start."""
    starts = np.cumsum(count) - count
    total = int(starts[-1] + count[-1]) if len(count) else 0
    seg = np.repeat(np.arange(len(count)), count)
    arcs = np.repeat(first - starts, count) + np.arange(total)
    return arcs, seg, starts


def _segments(indptr: np.ndarray, rows: np.ndarray):
    """Arc indices of the given rows (CSR, each with an arc) and the segment of each arc."""
    return _spans(indptr[rows], indptr[rows + 1] - indptr[rows])


CHUNK_ARCS = 4_000_000  # arcs handled at once: bounds the temporary arrays at the national scale


def _chunks(count):
    """Split spans (by their arc counts) into runs of at most about CHUNK_ARCS arcs: slices over the spans."""
    if len(count) == 0:
        return []
    arcs = np.cumsum(count)
    if arcs[-1] <= CHUNK_ARCS:
        return [slice(0, len(count))]
    cuts = np.r_[0, np.searchsorted(arcs, np.arange(CHUNK_ARCS, arcs[-1], CHUNK_ARCS)), len(count)]
    cuts = np.unique(cuts)
    return [slice(int(a), int(b)) for a, b in itertools.pairwise(cuts)]


def _row_chunks(indptr, rows):
    """Split rows into runs of at most about CHUNK_ARCS arcs."""
    return [rows[part] for part in _chunks(indptr[rows + 1] - indptr[rows])]


def best_values(indptr, oj, s, price, rows):
    """Per row: best value, its arc, and the second best over other opportunities (−inf if none)."""
    return _span_values(indptr[rows], indptr[rows + 1] - indptr[rows], oj, s, price)


def _span_values(first, count, oj, s, price):
    """best_values over the arc spans [first, first + count), chunked."""
    parts = [_best_values(first[part], count[part], oj, s, price) for part in _chunks(count)]
    if not parts:
        return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0)
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def _best_values(first, count, oj, s, price):
    # No per-arc span index: the best's positions (about one per span) find their span by a search instead.
    starts = np.cumsum(count) - count
    arcs = np.repeat(first - starts, count) + np.arange(int(starts[-1] + count[-1]))
    value = s[arcs] - price[oj[arcs]]
    best = np.maximum.reduceat(value, starts)
    hits = np.flatnonzero(value == np.repeat(best, count))
    span = np.searchsorted(starts, hits, side="right")
    first_best = hits[np.r_[True, span[1:] != span[:-1]]]
    value[first_best] = -np.inf
    second = np.maximum.reduceat(value, starts)
    return best, arcs[first_best], second


def row_best(indptr, oj, s, price, *, band=None, excluded=None):
    """Best value s_ij − p_j of every row (−inf for a row without arcs), in one pass over contiguous slices.

    With `band`, also the mask of arcs whose value is within `band` of their row's best. With `excluded` (arc
    indices), the best over each row's other arcs (−inf when none is left).
    """
    n = len(indptr) - 1
    best = np.full(n, -np.inf)
    near = np.zeros(int(indptr[-1]), dtype=bool) if band is not None else None
    left_out = None
    if excluded is not None:
        left_out = np.zeros(int(indptr[-1]), dtype=bool)
        left_out[excluded] = True
    length = np.diff(indptr)
    for part in _chunks(length):
        lo, hi = int(indptr[part.start]), int(indptr[part.stop])
        if hi == lo:
            continue
        rows = np.arange(part.start, part.stop)
        rows = rows[length[rows] > 0]
        value = s[lo:hi] - price[oj[lo:hi]]
        if left_out is not None:
            value[left_out[lo:hi]] = -np.inf
        row_values = np.maximum.reduceat(value, indptr[rows] - lo)
        best[rows] = row_values
        if near is not None:
            near[lo:hi] = value >= np.repeat(row_values - band, length[rows])
    return best, near


def dual_bound(indptr, oj, s, price, seats, members):
    """Σ_i max(0, max_j s_ij − p_j) + Σ_j c_j p_j: a feasible dual of the full problem, hence an upper bound."""
    paid = float(np.where(seats > 0, seats * np.where(seats > 0, price, 0.0), 0.0).sum())
    if len(members) == 0:
        return paid, np.zeros(0)
    best, _near = row_best(indptr, oj, s, price)
    surplus = np.maximum(best[members], 0.0)
    return float(surplus.sum()) + paid, surplus


FIRST_WINDOW = 8  # arcs per member a bid looks at first when rows are sorted best score first
WINDOW_GROWTH = 2


def auction(
    indptr: np.ndarray,
    oj: np.ndarray,
    s: np.ndarray,
    seats: np.ndarray,
    *,
    epsilon: int,
    rows_sorted: bool = False,
    with_bound: bool = True,
) -> AuctionResult:
    """Members are CSR rows (indptr over arcs oj, integer scores s > 0); seats per opportunity.

    Scores and ε are integers, so every price is an integer and the float64 arithmetic is exact.

    With `rows_sorted` (each row's arcs by score, best first) a bid looks only at a window of the row's first
    arcs: since prices are ≥ 0, no arc past the window is worth more than the first score past it (t), so when
    the window's best and second values are both ≥ t they are the row's, and the bid is the one the whole row
    would give; otherwise the window grows (× 2) and the row is looked at again. Same bids, a fraction of the
    arcs (most members settle within their first few candidates).

    Without `with_bound` the upper bound is left at −1 (the caller computes it over every pair itself).
    """
    if int(epsilon) != epsilon or epsilon < 1:
        raise ValueError("epsilon must be a positive integer")
    indptr = np.asarray(indptr, dtype=np.int64)
    n = len(indptr) - 1
    seats = np.asarray(seats, dtype=np.int64)
    s = np.asarray(s)
    row_first = indptr[:-1]
    row_len = np.diff(indptr)
    window = np.minimum(row_len, FIRST_WINDOW) if rows_sorted else row_len
    has_arcs = np.flatnonzero(row_len > 0)
    seat_start = np.r_[0, np.cumsum(seats)].astype(np.int64)
    seat_price = np.zeros(int(seats.sum()))  # each block sorted descending: the last is the cheapest
    seat_holder = np.full(len(seat_price), -1, dtype=np.int64)
    owner_opp = np.full(n, -1, dtype=np.int64)
    owner_arc = np.full(n, -1, dtype=np.int64)
    gone = np.zeros(n, dtype=bool)
    price = np.where(seats > 0, 0.0, np.inf)  # an opportunity without seats is never worth a bid
    second_price = np.where(seats >= 2, 0.0, np.inf)
    cheapest = np.maximum(seat_start[1:] - 1, 0)
    rounds = 0
    bidders = has_arcs
    while len(bidders):
        rounds += 1
        best, arc, second = _span_values(row_first[bidders], window[bidders], oj, s, price)
        j1 = oj[arc].astype(np.int64)
        v2 = np.maximum(np.maximum(second, s[arc] - second_price[j1]), 0.0)
        if rows_sorted:
            best, arc, j1, v2 = _widen(
                bidders, best, arc, j1, v2, window, row_first, row_len, oj, s, price, second_price
            )
        leave = best <= 0
        gone[bidders[leave]] = True
        keep = ~leave
        if not keep.any():
            break
        bidders, j1, arc = bidders[keep], j1[keep], arc[keep]
        bid = price[j1] + best[keep] - v2[keep] + epsilon
        owner_arc[bidders] = arc
        touched = _accept(bidders, j1, bid, seats, seat_start, seat_price, seat_holder, owner_opp)
        price[touched] = seat_price[cheapest[touched]]
        two = touched[seats[touched] >= 2]
        second_price[two] = seat_price[seat_start[two + 1] - 2]
        bidders = has_arcs[(owner_opp[has_arcs] < 0) & ~gone[has_arcs]]
    assigned = np.flatnonzero(owner_opp >= 0)
    total = int(s[owner_arc[assigned]].sum())
    upper = round(dual_bound(indptr, oj, s, price, seats, has_arcs)[0]) if with_bound else -1
    return AuctionResult(owner_opp, np.where(seats > 0, price, 0.0), total, upper, rounds)


def _widen(bidders, best, arc, j1, v2, window, row_first, row_len, oj, s, price, second_price):
    """Grow the window of each bidder whose window may hide its best or second value, until none does."""
    todo = np.arange(len(bidders))
    while True:
        rows = bidders[todo]
        w = window[rows]
        past = np.where(w < row_len[rows], s[row_first[rows] + np.minimum(w, row_len[rows] - 1)], -np.inf)
        short = (best[todo] < past) | (v2[todo] < past)
        if not short.any():
            return best, arc, j1, v2
        todo = todo[short]
        rows = bidders[todo]
        window[rows] = np.minimum(row_len[rows], window[rows] * WINDOW_GROWTH)
        b, a, sec = _span_values(row_first[rows], window[rows], oj, s, price)
        j = oj[a].astype(np.int64)
        best[todo], arc[todo], j1[todo] = b, a, j
        v2[todo] = np.maximum(np.maximum(sec, s[a] - second_price[j]), 0.0)


def _accept(bidders, j1, bid, seats, seat_start, seat_price, seat_holder, owner_opp):
    """Each opportunity keeps its c_j highest entries among its seats and the new bids; returns the touched ones."""
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
    return touched
