"""Nora goes through her office's productive families: sorted as she chooses, one numbered page at a time."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tamkeen.enterprises.models import Sale

from .factories import make_enterprise

pytestmark = pytest.mark.django_db

LIST = reverse("enterprises:list")


@pytest.fixture
def sixty_kitchens(world):
    kitchens = [make_enterprise(world.household_sby, world.head_sby, name=f"مطبخ {n:02d}") for n in range(60)]
    for amount, kitchen in zip((500, 900, 100), kitchens[10:13], strict=True):
        Sale.objects.create(
            enterprise=kitchen, sold_on=date(2026, 5, 1), channel="shop", amount=Decimal(amount)
        )
    return kitchens


def names(response):
    return [e.name for e in response.context["listing"].rows]


def test_nora_pages_through_numbered_links(world, client_for, sixty_kitchens):
    client = client_for(world.worker_sby)
    first = client.get(LIST)
    html = first.content.decode()
    assert len(names(first)) == 50
    assert re.search(r'<a href="\?page=1" aria-current="page">', html)
    assert '<a href="?page=2">' in html and 'rel="next"' in html
    second = client.get(LIST, {"page": 2})
    assert len(names(second)) == 10 and not set(names(first)) & set(names(second))


def test_nora_sorts_by_sales_highest_first_and_the_filter_stays_on_the_pages(
    world, client_for, sixty_kitchens
):
    client = client_for(world.worker_sby)
    response = client.get(LIST, {"activity": "sweets", "sort": "sales"})
    assert names(response)[:3] == ["مطبخ 11", "مطبخ 10", "مطبخ 12"]
    # A kitchen with no sale counts as zero on every database, after those that sold.
    assert [e.total_sales for e in response.context["listing"].rows][3:] == [0] * 47
    assert "activity=sweets&amp;sort=sales&amp;page=2" in response.content.decode()
    by_name = names(client.get(LIST, {"sort": "name", "dir": "desc"}))
    assert by_name == sorted(by_name, reverse=True)[:50]


def test_an_order_the_list_does_not_offer_falls_back_to_the_file_number(world, client_for, sixty_kitchens):
    client = client_for(world.worker_sby)
    default = names(client.get(LIST))
    assert names(client.get(LIST, {"sort": "owner__national_id"})) == default == sorted(default)


def test_fatima_of_farasan_sees_none_of_noras_kitchens(world, client_for, sixty_kitchens):
    response = client_for(world.worker_frs).get(LIST)
    assert names(response) == [] and 'class="pagination"' not in response.content.decode()


def test_the_list_reads_in_arabic(world, client_for, sixty_kitchens):
    html = client_for(world.worker_sby).get(LIST).content.decode()
    assert 'aria-label="تصفية المشاريع وترتيبها"' in html and ">إجمالي المبيعات</option>" in html
