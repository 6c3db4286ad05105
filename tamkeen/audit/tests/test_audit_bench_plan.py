"""The audit benchmark's pure parts: which ids go into which month, and whether the run fits on the disk."""

import datetime as dt
import itertools

from bench import audit_bench
from tamkeen.audit import partitions

START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
MONTHS = partitions.months(dt.date(2025, 1, 1), dt.date(2026, 12, 1))
END = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def _at(g: int, step: int) -> dt.datetime:
    return START + dt.timedelta(microseconds=(g - 1) * step)


def test_every_id_lands_in_exactly_one_month_and_the_month_of_its_timestamp():
    for n in (1, 7, 1_000, 30_000, 100_000_000):
        step = audit_bench._micros(END - START) // n
        ranges = audit_bench.month_ranges(START, step, n, MONTHS)
        assert ranges[0][1] == 1 and ranges[-1][2] == n
        for (_, _, hi), (_, lo, _) in itertools.pairwise(ranges):
            assert lo == hi + 1  # contiguous, no id twice or missing
        for month, lo, hi in ranges:
            for g in (lo, hi):
                assert partitions.month_start(_at(g, step).date()) == month


def test_an_empty_month_has_no_range():
    # Three events a year apart: most months hold none.
    step = audit_bench._micros(dt.timedelta(days=365))
    ranges = audit_bench.month_ranges(START, step, 2, MONTHS)
    assert [(m.isoformat(), lo, hi) for m, lo, hi in ranges] == [("2025-01-01", 1, 1), ("2026-01-01", 2, 2)]


def test_the_plain_baseline_is_left_out_when_both_tables_would_cross_the_floor():
    gb = 10**9
    per_event = audit_bench.MARGIN * (audit_bench.BYTES_PER_EVENT_PART + audit_bench.BYTES_PER_EVENT_PLAIN)
    both = 1_000_000 * per_event
    assert audit_bench.disk_plan(1_000_000, int(both) + 25 * gb + 1, 25 * gb)["with_plain"]
    plan = audit_bench.disk_plan(100_000_000, 75 * gb, 25 * gb)
    assert plan["partitioned_fits"] and not plan["with_plain"]
    assert not audit_bench.disk_plan(200_000_000, 75 * gb, 25 * gb)["partitioned_fits"]
    assert audit_bench.disk_plan(100_000_000, None, 25 * gb)["partitioned_fits"] is None  # cannot tell
