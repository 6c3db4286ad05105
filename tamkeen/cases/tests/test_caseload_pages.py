"""Nora's caseload past one page: next and previous links that keep her filters, in file order, each page read by
its neighbour's key (no count over the whole caseload, which runs to thousands at national scale)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tamkeen.cases import selectors
from tamkeen.registry.models import Member
from tests.personas import make_member

pytestmark = pytest.mark.django_db


def make_sons(world, n):
    return [
        make_member(
            world.household_sby,
            "son",
            f"فهد{i:02d}",
            "الحازمي",
            birth_date=date(2002, 1, 1),
            case_worker=world.worker_sby,
        )
        for i in range(n)
    ]


def test_noras_caseload_pages_keep_her_filter(world, client_for):
    make_sons(world, 30)
    order = list(
        Member.objects.filter(case_worker=world.worker_sby)
        .order_by("household_id", "pk")
        .values_list("pk", flat=True)
    )
    assert len(order) > 25
    client = client_for(world.worker_sby)
    first = client.get("/cases/caseload/", {"status": "none"}, HTTP_ACCEPT_LANGUAGE="en")
    html = first.content.decode()
    window = first.context["window"]
    assert [row.pk for row in window.rows] == order[:25]
    assert f"{len(order)} members" in html
    assert f'href="?status=none&amp;after={window.next_key}" rel="next"' in html
    assert 'rel="prev"' not in html
    second = client.get("/cases/caseload/", {"status": "none", "after": window.next_key})
    html = second.content.decode()
    assert [row.pk for row in second.context["window"].rows] == order[25:]
    assert f'href="?status=none&amp;before={second.context["window"].previous_key}" rel="prev"' in html
    assert 'rel="next"' not in html
    back = client.get("/cases/caseload/", {"status": "none", "before": second.context["window"].previous_key})
    assert [row.pk for row in back.context["window"].rows] == order[:25]


def test_a_long_caseload_says_more_than_the_cap_instead_of_counting_everyone(world, client_for, monkeypatch):
    make_sons(world, 4)
    monkeypatch.setattr(selectors, "CASELOAD_COUNT_CAP", 3)
    html = client_for(world.worker_sby).get("/cases/caseload/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 3 members" in html


def test_the_caseload_reads_the_same_number_of_statements_however_long_it_is(world, client_for):
    client = client_for(world.worker_sby)
    client.get("/cases/caseload/")
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/caseload/")
    make_sons(world, 40)
    with CaptureQueriesContext(connection) as many:
        client.get("/cases/caseload/")
    assert len(many) == len(few)


def test_the_supervisor_pages_a_workers_caseload_and_the_members_without_one(world, client_for):
    sons = make_sons(world, 27)
    client = client_for(world.supervisor_sby)
    page = client.get("/cases/caseload/", {"worker": world.worker_sby.pk})
    window = page.context["window"]
    assert len(window.rows) == 25 and window.next_key
    on = client.get("/cases/caseload/", {"worker": world.worker_sby.pk, "after": window.next_key})
    assert sons[-1].pk in [row.pk for row in on.context["window"].rows]
    assert f"worker={world.worker_sby.pk}" in on.content.decode()
    unassigned = make_member(world.household_sby, "son", "سعد", "الحازمي")
    nobody = client.get("/cases/caseload/", {"worker": "none"}).context["window"]
    assert unassigned.pk in [row.pk for row in nobody.rows]
    assert not ({son.pk for son in sons} & {row.pk for row in nobody.rows})
