"""The list helper: an address can only order by what the view offers, and never asks for a page of thousands."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.listing import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    SortOption,
    choose_order,
    choose_page_size,
    page_window,
)

OPTIONS = (
    SortOption("score", "Match score", ("match_score",), descending=True),
    SortOption("name", "Name", ("member__first_name", "member__family_name")),
)


def test_the_first_option_in_its_own_direction_is_the_default():
    order = choose_order(None, None, OPTIONS)
    assert order.option.key == "score" and order.descending
    assert order.fields == ("-match_score",)


def test_an_allowed_field_may_be_reversed():
    order = choose_order("score", "asc", OPTIONS)
    assert order.fields == ("match_score",)
    assert choose_order("name", "desc", OPTIONS).fields == ("-member__first_name", "-member__family_name")
    assert choose_order("name", None, OPTIONS).fields == ("member__first_name", "member__family_name")


def test_a_field_the_view_does_not_offer_falls_back_to_the_default():
    # A private column, a lookup into another table, an expression: none of them reaches order_by.
    for asked in ("member__national_id", "password", "-match_score", "score;drop", "", "NAME"):
        order = choose_order(asked, "asc", OPTIONS)
        assert order.option.key == "score" and order.fields == ("-match_score",) and order.descending


def test_a_direction_other_than_asc_or_desc_is_ignored():
    assert choose_order("name", "sideways", OPTIONS).fields == ("member__first_name", "member__family_name")


def test_the_page_size_is_one_the_list_offers():
    assert choose_page_size("50") == 50
    assert choose_page_size("100") == MAX_PAGE_SIZE
    for asked in ("100000", "0", "-5", "ten", None, "", "25.0"):
        assert choose_page_size(asked) == DEFAULT_PAGE_SIZE


def test_page_window_shows_the_ends_and_the_neighbours():
    assert page_window(1, 1) == [1]
    assert page_window(1, 11) == [1, 2, 3, None, 11]
    assert page_window(6, 11) == [1, None, 4, 5, 6, 7, 8, None, 11]
    assert page_window(11, 11) == [1, None, 9, 10, 11]
    assert page_window(4, 11) == [1, 2, 3, 4, 5, 6, None, 11]


@given(st.integers(1, 500), st.integers(1, 500))
def test_page_window_is_ordered_holds_the_current_page_and_never_two_gaps_in_a_row(a, b):
    count, current = max(a, b), min(a, b)
    window = page_window(current, count)
    numbers = [n for n in window if n is not None]
    assert numbers == sorted(set(numbers))
    assert current in numbers and numbers[0] == 1 and numbers[-1] == count
    assert len(window) <= 9
    assert all(not (x is None and y is None) for x, y in itertools.pairwise(window))


def test_the_older_lists_page_links_are_numbered_and_mark_the_current_page():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(list(range(300)), 25).get_page(6)
    html = render_to_string("includes/pagination.html", {"page_obj": page, "query_prefix": "status=sent&"})
    assert '<a href="?status=sent&amp;page=6" aria-current="page">' in html
    assert html.count('aria-current="page"') == 1
    assert 'href="?status=sent&amp;page=12"' in html and 'rel="prev"' in html and 'rel="next"' in html
    single = Paginator([1, 2], 25).get_page(1)
    assert "<nav" not in render_to_string("includes/pagination.html", {"page_obj": single})


def test_a_list_paged_by_post_carries_its_terms_in_the_body_and_has_no_query_string():
    from django.test import RequestFactory

    from tamkeen.core.listing import paginate

    request = RequestFactory().post(
        "/registry/",
        {"q": "1100000015", "sort": "name", "dir": "desc", "page": "2", "csrfmiddlewaretoken": "t"},
    )
    listing = paginate(request, lambda ordering: list(range(60)), OPTIONS, params=request.POST)
    assert listing.page.number == 2 and listing.order.option.key == "name" and listing.order.descending
    assert listing.query == ""
    assert dict(listing.carried) == {"q": "1100000015", "sort": "name", "dir": "desc"}
