"""A slow figure is computed by one request at a time: past its freshness the others keep the value they had
while one computes it again; when it is missing they wait for that one result instead of repeating it. Shown
on an office's figures (versioned by bumps) and on the dashboard's programme panels (freshness alone)."""

import contextlib
import threading
import time
from datetime import date

from django.core.cache import cache

from tamkeen.core import kept, office_figures
from tamkeen.reports.selectors import programme
from tamkeen.reports.selectors.scope import Scope

DAY = date(2026, 12, 1)


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_figure_is_counted_once_and_kept():
    calls, compute = counter()
    assert office_figures.cached("sizes", 7, DAY, compute, members=True) == 1
    assert office_figures.cached("sizes", 7, DAY, compute, members=True) == 1
    assert len(calls) == 1


def test_past_its_ttl_one_request_counts_again_while_the_others_keep_the_old_figure(monkeypatch):
    calls, compute = counter()
    office_figures.cached("sizes", 7, DAY, compute, members=True)
    later = time.time() + office_figures.MEMBERS_TTL_SECONDS + 1
    monkeypatch.setattr(kept, "_now", lambda: later)
    started, release = threading.Event(), threading.Event()

    def slow_count():
        started.set()
        release.wait(5)
        return compute()

    results = {}
    recounting = threading.Thread(
        target=lambda: results.update(first=office_figures.cached("sizes", 7, DAY, slow_count, members=True))
    )
    recounting.start()
    started.wait(5)
    # While the recount runs, another request is answered at once with the figure it had.
    assert office_figures.cached("sizes", 7, DAY, compute, members=True) == 1
    release.set()
    recounting.join(5)
    assert results["first"] == 2 and len(calls) == 2
    assert office_figures.cached("sizes", 7, DAY, compute, members=True) == 2


def test_a_missing_figure_is_counted_by_one_request_the_others_wait_for_it(monkeypatch):
    monkeypatch.setattr(kept, "WAIT_STEP_SECONDS", 0.01)
    calls, compute = counter()
    release = threading.Event()

    def slow_count():
        release.wait(5)
        return compute()

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(office_figures.cached("team", 8, DAY, slow_count)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == [1, 1, 1] and len(calls) == 1


def test_a_bump_is_a_new_figure_at_once(db, django_capture_on_commit_callbacks):
    _calls, compute = counter()
    office_figures.cached("sizes", 9, DAY, compute, members=True)
    with django_capture_on_commit_callbacks(execute=True):
        office_figures.bump_members(9)
    assert office_figures.cached("sizes", 9, DAY, compute, members=True) == 2


def teardown_function():
    cache.clear()


def test_a_figure_kept_by_the_code_before_is_not_read_as_a_kept_entry():
    versions = ":".join(office_figures.tokens([office_figures._ALL, office_figures._version_key(10, True)]))
    former = f"office-figures:sizes:10:{DAY.isoformat()}:{versions}"
    cache.set(former, {None: 5, 3: 2}, 60)  # the former shape: a bare value under the same name
    assert office_figures.cached("sizes", 10, DAY, lambda: {None: 4}, members=True) == {None: 4}


def test_a_dashboard_panel_past_its_freshness_is_shown_while_one_request_computes_it_again(monkeypatch):
    scope = Scope(region_id=None, office_ids=[7])
    calls, compute = counter()
    rows, first_at = programme._cached("funnel", scope, 1447, "hijri", compute)
    assert rows == 1
    later = time.time() + programme.SLOW_PANEL_SECONDS + 1
    monkeypatch.setattr(kept, "_now", lambda: later)
    # A manager's dashboard has claimed the recount and is counting.
    cache.add(f"kept:reports:funnel:{scope.cache_key}:1447:hijri:recount", 1, 5)
    assert programme._cached("funnel", scope, 1447, "hijri", compute) == (1, first_at)
    assert len(calls) == 1


def test_when_the_request_computing_a_missing_figure_fails_the_one_waiting_computes_it(monkeypatch):
    monkeypatch.setattr(kept, "WAIT_STEP_SECONDS", 0.01)
    started = threading.Event()

    def failing_count():
        started.set()
        time.sleep(0.1)
        raise RuntimeError("the database went away")

    def first_request():
        with contextlib.suppress(RuntimeError):
            office_figures.cached("team", 11, DAY, failing_count)

    failing = threading.Thread(target=first_request)
    failing.start()
    started.wait(5)
    began = time.monotonic()
    assert office_figures.cached("team", 11, DAY, lambda: 3) == 3
    assert time.monotonic() - began < kept.RECOUNT_SECONDS / 2  # not the whole wait
    failing.join(5)
