"""The home page as a work queue: what needs the signed-in person today, gathered from the apps' queues.py.

An app adds `tamkeen/<app>/queues.py` with `work_queues(user, today) -> list[WorkQueue]`, built from its own
selectors and access rules, exactly as nav.py adds menu entries; the home page never repeats the menu.
"""

from dataclasses import dataclass, field
from datetime import date

from tamkeen.core.hooks import app_modules

FIRST_ITEMS = 5
# Past this a queue says "more than 99": at national scale an office's backlog runs to tens of thousands, and
# counting every row on each visit to the home page costs far more than the exact figure tells.
COUNT_CAP = 99


def capped_count(rows, cap: int | None = None) -> int:
    """How many rows, counted no further than ``cap + 1`` (a queryset stops at the first ``cap + 1`` rows)."""
    cap = COUNT_CAP if cap is None else cap
    if isinstance(rows, list):
        return min(len(rows), cap + 1)
    return rows.order_by()[: cap + 1].count()


def first_and_count(rows, first: int = FIRST_ITEMS) -> tuple[int, list]:
    """A queue's capped count and its first rows, in one statement when the queue is short.

    Most queues on a home page are empty or nearly so; reading one row more than is shown tells whether there
    are more, and only then is a capped count asked for (a second statement, and one more SQL compilation)."""
    head = list(rows[: first + 1])
    if len(head) <= first:
        return capped_count(head), head
    return capped_count(rows), head[:first]


@dataclass(frozen=True)
class WorkItem:
    label: str
    url: str = ""
    detail: str = ""
    due: date | None = None
    is_late: bool = False
    when: date | None = None  # when it happened (a due date goes in ``due``)
    obj: object = None  # for a queue's own item template (e.g. an assignment form)


@dataclass(frozen=True)
class WorkQueue:
    key: str
    title: str
    count: int
    items: list[WorkItem] = field(default_factory=list)
    url: str = ""  # the full list
    order: int = 50
    is_urgent: bool = False
    item_template: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def is_capped(self) -> bool:
        """The count stopped at the cap: the page says "more than {cap}", not a figure that is too low."""
        return self.count > COUNT_CAP


def work_queues_for(user, today: date) -> list[WorkQueue]:
    if not getattr(user, "is_authenticated", False):
        return []
    queues: list[WorkQueue] = []
    for module in app_modules("queues"):
        queues.extend(module.work_queues(user, today))
    # Work waiting first, urgent work before the rest; empty queues still show their zero, last.
    return sorted(queues, key=lambda q: (q.count == 0, not q.is_urgent, q.order, q.title))
