"""Khalid's grievance queue after a busy month: thirty complaints come a page at a time, the most urgent first,
sorted only by what the page offers."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tamkeen.grievances import services
from tamkeen.grievances.tests.fixtures import category, sub_category

pytestmark = pytest.mark.django_db


def busy_month(world, count=30):
    cat = sub_category(category())
    start = timezone.now() - timedelta(hours=count)
    return [
        services.grievance_file(
            actor=world.worker_sby,
            channel="phone",
            category=cat,
            subject=f"شكوى رقم {n}",
            description="تفاصيل",
            member=world.head_sby,
            now=start + timedelta(hours=n),
        )
        for n in range(count)
    ]


def references(page) -> list[str]:
    return re.findall(r'<a href="/grievances/\d+/">([^<]+)</a>', page.content.decode())


def test_khalid_pages_through_the_open_grievances_most_urgent_first(world, client_for):
    filed = busy_month(world)
    client = client_for(world.supervisor_sby)
    first = client.get(reverse("grievances:queue"))
    assert references(first) == [g.reference for g in filed[:25]]  # the earliest due first
    second = client.get(reverse("grievances:queue"), {"page": 2})
    assert references(second) == [g.reference for g in filed[25:]]
    assert 'aria-current="page"' in second.content.decode()


def test_khalid_sorts_by_the_newest_received(world, client_for):
    filed = busy_month(world)
    page = client_for(world.supervisor_sby).get(
        reverse("grievances:queue"), {"sort": "received", "size": "50"}
    )
    assert references(page) == [g.reference for g in reversed(filed)]


def test_the_queue_refuses_to_sort_by_anything_else(world, client_for):
    busy_month(world)
    client = client_for(world.supervisor_sby)
    default = references(client.get(reverse("grievances:queue")))
    for field in ("contact_phone", "member__national_id", "description", "-due_at"):
        assert references(client.get(reverse("grievances:queue"), {"sort": field, "dir": "desc"})) == default


def test_the_state_filter_travels_with_the_page_links(world, client_for):
    busy_month(world)
    page = client_for(world.supervisor_sby).get(reverse("grievances:queue"), {"state": "open"})
    assert "?state=open&amp;page=2" in page.content.decode()
