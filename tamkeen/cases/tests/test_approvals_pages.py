"""Khalid's plans to approve past one page: the longest waiting first, numbered page links, another order."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tamkeen.cases.models import EmpowermentPlan
from tests.personas import make_member

pytestmark = pytest.mark.django_db


def test_khalids_plans_to_approve_come_a_page_at_a_time(world, client_for):
    start = timezone.now() - timedelta(days=40)
    for n in range(30):
        member = make_member(
            world.household_sby, "son", f"فهد{n:02d}", "الحازمي", birth_date=date(2002, 1, 1)
        )
        EmpowermentPlan.objects.create(
            member=member, track="employment" if n % 2 else "training", created_by=world.worker_sby,
            status=EmpowermentPlan.Status.SUBMITTED, submitted_at=start + timedelta(days=n),
        )  # fmt: skip
    client = client_for(world.supervisor_sby)
    first = client.get("/cases/approvals/")
    assert [p.member.first_name for p in first.context["plans"]][:2] == ["فهد00", "فهد01"]
    assert len(first.context["plans"]) == 25
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/cases/approvals/", {"page": 2})
    assert [p.member.first_name for p in second.context["plans"]] == [f"فهد{n}" for n in range(25, 30)]
    newest = client.get("/cases/approvals/", {"sort": "submitted", "dir": "desc"})
    assert newest.context["plans"][0].member.first_name == "فهد29"
    by_track = client.get("/cases/approvals/", {"sort": "track", "size": 50}).context["plans"]
    assert len(by_track) == 30 and by_track[0].track == "employment"
