"""Khalid's imports after a year of weekly rolls: the newest first, a page at a time, sorted only by what the page
offers; no longer only the last twenty."""

import re

import pytest
from django.urls import reverse

from tamkeen.registry.models import RollImport

pytestmark = pytest.mark.django_db


def weekly_rolls(world, count=30):
    return [
        RollImport.objects.create(
            office=world.sby,
            created_by=world.supervisor_sby,
            original_name=f"roll-{n:02d}.csv",
            file=f"roll-{n:02d}.csv",
            status="done",
        )
        for n in range(count)
    ]


def files(page) -> list[str]:
    return re.findall(r'<a href="/registry/imports/\d+/">([^<]+)</a>', page.content.decode())


def test_khalid_pages_through_every_import_newest_first(world, client_for):
    rolls = weekly_rolls(world)
    client = client_for(world.supervisor_sby)
    first = client.get(reverse("registry:imports"))
    assert files(first) == [r.original_name for r in reversed(rolls)][:25]
    assert files(client.get(reverse("registry:imports"), {"page": 2})) == ["roll-04.csv", "roll-03.csv",
                                                                           "roll-02.csv", "roll-01.csv",
                                                                           "roll-00.csv"]  # fmt: skip
    by_name = files(client.get(reverse("registry:imports"), {"sort": "file", "dir": "asc", "size": "50"}))
    assert by_name == sorted(r.original_name for r in rolls)
    assert files(client.get(reverse("registry:imports"), {"sort": "file__path"})) == files(first)
