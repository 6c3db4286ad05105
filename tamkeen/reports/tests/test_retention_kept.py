"""Abdulrahman's retention table is kept between dashboards, and a follow-up or a hire recorded shows at once."""

from datetime import date

import pytest

from tamkeen.outcomes.models import FollowUp
from tamkeen.outcomes.services import follow_up_record
from tamkeen.reports.selectors import retention_table, scope_for
from tamkeen.reports.tests.test_dashboard import hire

pytestmark = pytest.mark.django_db

TODAY = date(2025, 5, 1)  # the 3-month mark of a hire of 5 January has passed, not the 6-month one


def _three_months(scope) -> list:
    return retention_table(scope, 1446, "hijri", today=TODAY).rows[0]


def test_a_follow_up_recorded_changes_the_kept_retention_figures(world, django_assert_num_queries):
    scope = scope_for(world.manager)
    outcome = hire(world, world.wife_sby, day=date(2025, 1, 5))
    assert _three_months(scope) == ["3", 1, 0, 0, 1, None]
    with django_assert_num_queries(0):
        assert _three_months(scope) == ["3", 1, 0, 0, 1, None]  # kept: no hire or follow-up read again
    follow_up = FollowUp.objects.get(outcome=outcome, months=3)
    follow_up_record(actor=world.worker_sby, follow_up=follow_up, result=FollowUp.Result.ACTIVE)
    assert _three_months(scope) == ["3", 1, 1, 0, 0, 100]


def test_a_hire_verified_is_counted_at_once_and_the_day_moves_the_marks(world):
    scope = scope_for(world.manager)
    hire(world, world.wife_sby, day=date(2025, 1, 5))
    assert _three_months(scope)[1] == 1
    hire(world, world.head_sby, day=date(2025, 1, 20))
    assert _three_months(scope)[1] == 2
    # Another day is another key: on 10 April only the first hire's mark has passed.
    assert retention_table(scope, 1446, "hijri", today=date(2025, 4, 10)).rows[0][1] == 1
