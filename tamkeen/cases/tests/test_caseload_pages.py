"""Nora's caseload past one page: numbered page links that keep her filters and mark where she is."""

from datetime import date

import pytest

from tests.personas import make_member

pytestmark = pytest.mark.django_db


def test_noras_caseload_pages_keep_her_filter(world, client_for):
    for n in range(30):
        make_member(world.household_sby, "son", f"فهد{n:02d}", "الحازمي", birth_date=date(2002, 1, 1),
                    case_worker=world.worker_sby)  # fmt: skip
    client = client_for(world.worker_sby)
    first = client.get("/cases/caseload/", {"status": "none"}).content.decode()
    assert '<a href="?status=none&amp;page=1" aria-current="page">' in first
    assert 'href="?status=none&amp;page=2"' in first
    second = client.get("/cases/caseload/", {"status": "none", "page": 2}).content.decode()
    assert '<a href="?status=none&amp;page=2" aria-current="page">' in second
