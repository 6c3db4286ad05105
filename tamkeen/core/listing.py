"""Long lists, one page at a time: sorted by an allowed field only, filtered by a GET form, page size capped.

A list view names the orders it offers (``SortOption``: a key for the address, a label, the model fields) and
calls :func:`paginate`; the template includes ``includes/list_order.html`` inside its GET filter form and
``includes/list_pages.html`` under the list. Anything else in ``?sort=`` falls back to the default order, so an
address can never order by a field the view did not choose (a private column, a slow unindexed expression).
Pages are plain links, so the list works without JavaScript and by keyboard; an htmx request may render only
the list's partial.

A list whose terms must not be in an address (the registry search: national IDs and phones would stay in server
logs, browser history and ``Referer``) is paged by POST: the view passes ``params=request.POST`` and the
template includes ``includes/list_pages_post.html``, numbered buttons of a form that carries the terms back in
the body (``Listing.carried``). Such a listing has no query string, so its page addresses never hold the terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

DEFAULT_PAGE_SIZE = 25
PAGE_SIZES = (25, 50, 100)
MAX_PAGE_SIZE = PAGE_SIZES[-1]


@dataclass(frozen=True)
class SortOption:
    key: str
    label: str
    fields: tuple[str, ...]  # in ascending order
    # The direction a person expects first: the highest score, the latest date, A before Z.
    descending: bool = False


@dataclass(frozen=True)
class Order:
    option: SortOption
    descending: bool

    @property
    def fields(self) -> tuple[str, ...]:
        if not self.descending:
            return self.option.fields
        return tuple(_flip(field) for field in self.option.fields)

    @property
    def direction(self) -> str:
        return "desc" if self.descending else "asc"


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def choose_order(key: str | None, direction: str | None, options: Sequence[SortOption]) -> Order:
    """The order a request asks for, if the view offers it; otherwise the first option in its own direction."""
    by_key = {option.key: option for option in options}
    option = by_key.get(key or "", options[0])
    if direction in ("asc", "desc") and option.key == key:
        return Order(option, direction == "desc")
    return Order(option, option.descending)


def choose_page_size(raw: str | None, default: int = DEFAULT_PAGE_SIZE) -> int:
    """A page size the list offers; anything else (a huge number, a word) gives the default."""
    try:
        size = int(raw or "")
    except ValueError:
        return default
    return size if size in PAGE_SIZES else default


def page_window(current: int, count: int, radius: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last, and `radius` either side of the current; None marks a gap."""
    shown = sorted({1, count, *range(max(1, current - radius), min(count, current + radius) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


@dataclass
class Listing:
    page: Page
    order: Order
    options: Sequence[SortOption]
    page_size: int
    query: str  # the request's GET parameters without the page, for the page links
    # The POST fields to send back with a page button (a list paged by POST); empty for a GET list.
    carried: tuple[tuple[str, str], ...] = ()

    @property
    def rows(self):
        return self.page.object_list

    @property
    def page_sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES

    def url_for(self, number: int) -> str:
        return f"?{self.query}&page={number}" if self.query else f"?page={number}"

    @property
    def previous_url(self) -> str:
        return self.url_for(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url_for(self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def links(self) -> list[dict]:
        return [
            {"number": n, "url": self.url_for(n) if n else "", "current": n == self.page.number}
            for n in page_window(self.page.number, self.page.paginator.num_pages)
        ]


# Never sent back by a page button: the page is the button's own value, the token is the form's own.
NOT_CARRIED = frozenset({"page", "csrfmiddlewaretoken"})


def paginate(
    request,
    rows,
    options: Sequence[SortOption],
    *,
    default_size: int = DEFAULT_PAGE_SIZE,
    params=None,
) -> Listing:
    """Orders `rows` by the requested allowed option, then takes the requested page of it.

    `rows` is a queryset, or a function taking the ordering and returning the rows (a list is fine) for a list
    that is finished in Python after the query. `params` is where sort, direction, size and page are read:
    the query string by default, ``request.POST`` for a list paged by POST."""
    by_post = params is not None and params is not request.GET
    params = request.GET if params is None else params
    order = choose_order(params.get("sort"), params.get("dir"), options)
    size = choose_page_size(params.get("size"), default_size)
    # The primary key last, so that rows with equal values keep one order from page to page.
    ordering = (*order.fields, "-pk" if order.descending else "pk")
    ordered = rows(ordering) if callable(rows) else rows.order_by(*ordering)
    page = Paginator(ordered, size).get_page(params.get("page"))
    if by_post:
        carried = tuple(
            (name, value) for name, values in params.lists() if name not in NOT_CARRIED for value in values
        )
        return Listing(page=page, order=order, options=options, page_size=size, query="", carried=carried)
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(page=page, order=order, options=options, page_size=size, query=query.urlencode())
