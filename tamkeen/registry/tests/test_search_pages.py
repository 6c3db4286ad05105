"""Khalid pages and sorts a long search result; the query stays in the body of each POST, never in an address.

The search is a POST on purpose (docs/security.md: national IDs and phones must not reach server logs, browser
history or ``Referer``), so its pages are numbered buttons of a form that sends the query back, and the order is
a POST field chosen from the orders the page offers.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.personas import make_member

pytestmark = pytest.mark.django_db

SEARCH = reverse("registry:search")


@pytest.fixture
def thirty_salims(world):
    for index in range(30):
        make_member(
            world.household_sby, "other", f"سالم{index:02d}", "القحطاني", birth_date=date(1990, 1, 1 + index)
        )


def rows(response):
    return list(response.context["listing"].rows)


def addresses(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-post|hx-get)="([^"]*)"', html)


def test_khalid_goes_to_page_two_by_a_numbered_button(world, client_for, thirty_salims):
    client = client_for(world.supervisor_sby)
    first = client.post(SEARCH, {"q": "سالم القحطاني"})
    html = first.content.decode()
    assert len(rows(first)) == 25
    assert re.search(r'<button type="submit" name="page" value="1"[^>]*aria-current="page"', html)
    assert re.search(r'<button type="submit" name="page" value="2" class="link-button">', html)
    assert '<input type="hidden" name="q" value="سالم القحطاني">' in html
    # In Arabic, like every page: the pages, the order and its button.
    assert 'aria-label="الصفحات"' in html and 'aria-label="ترتيب الأفراد الذين عُثر عليهم"' in html
    assert ">ترتيب</button>" in html
    second = client.post(SEARCH, {"q": "سالم القحطاني", "page": "2"})
    assert len(rows(second)) == 5
    assert re.search(r'name="page" value="2"[^>]*aria-current="page"', second.content.decode())
    assert not set(rows(first)) & set(rows(second))


def test_khalid_sorts_by_birth_date_latest_first(world, client_for, thirty_salims):
    client = client_for(world.supervisor_sby)
    response = client.post(SEARCH, {"q": "سالم القحطاني", "sort": "birth", "dir": "desc"})
    births = [member.birth_date for member in rows(response)]
    assert births == sorted(births, reverse=True) and births[0] == date(1990, 1, 30)
    # The buttons of the next page keep the order, in the body.
    html = response.content.decode()
    assert '<input type="hidden" name="sort" value="birth">' in html
    assert '<input type="hidden" name="dir" value="desc">' in html
    page_two = client.post(SEARCH, {"q": "سالم القحطاني", "sort": "birth", "dir": "desc", "page": "2"})
    assert [m.birth_date for m in rows(page_two)] == [date(1990, 1, day) for day in range(5, 0, -1)]


def test_an_order_the_page_does_not_offer_is_the_name_order(world, client_for, thirty_salims):
    client = client_for(world.supervisor_sby)
    for asked in ("national_id", "password", "-birth_date"):
        names = [m.name_key for m in rows(client.post(SEARCH, {"q": "سالم القحطاني", "sort": asked}))]
        assert names == sorted(names), asked


def test_noras_national_id_never_appears_in_an_address(world, client_for, thirty_salims):
    client = client_for(world.worker_sby)
    for q in (world.wife_sby.national_id, "400100"):
        for page in ("1", "2"):
            response = client.post(SEARCH, {"q": q, "page": page})
            assert response.context["listing"].query == ""
            for address in addresses(response.content.decode()):
                assert q not in address and "q=" not in address, address
