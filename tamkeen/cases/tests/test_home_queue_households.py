"""Khalid's home lists the households that have waited longest for a case worker, the same as the full list's
first ones, and counts them by an indexed test per household that stops at the cap."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.cases import assignment
from tamkeen.registry.models import Household, Member
from tests.personas import make_member

pytestmark = pytest.mark.django_db


def waiting_household(world, n: int, days_ago: int) -> Household:
    household = Household.objects.create(
        file_number=f"77{n:04d}", office=world.sby, governorate=world.household_sby.governorate
    )
    for relation, name in (("head", "سالم"), ("son", "فهد")):
        member = make_member(household, relation, f"{name}{n}", "الحازمي")
        Member.objects.filter(pk=member.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return household


def test_the_home_shows_the_longest_waiting_households_first_and_counts_them(world, client_for):
    for n, days in enumerate([3, 9, 1, 30, 12, 5, 20]):
        waiting_household(world, n, days)
    expected = list(assignment.unassigned_households(world.sby.pk)[:5])
    home = client_for(world.supervisor_sby).get("/")
    queue = {q.key: q for q in home.context["queues"]}["unassigned"]
    assert [item.obj for item in queue.items] == expected
    assert [item.obj.unassigned for item in queue.items] == [2] * 5
    assert queue.count == assignment.unassigned_households(world.sby.pk).count()
