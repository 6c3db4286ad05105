"""A home queue's capped count and first rows' ids, kept in the cache until a write changes what it reads.

A supervisor's home asks eleven queues, most of them empty on a given day (no failed import, no correction
request, no appointment left unrecorded); finding that out meant building, compiling and running a count and a
list for each, about two milliseconds of Python apiece: a third of the page. What a queue holds changes only
through writes to the models it reads, or with time. So a queue names those models (``watch``, from the app's
``queues.py``, imported at start-up by ``CoreConfig.ready``): saving or deleting one gives the model a new
generation, and so does ``touch`` from a service that writes them in bulk (``update()``, ``bulk_create``);
the cache key holds the generations, so a changed queue is a new key. A queue that depends on the clock
(appointments past their start, answers near their deadline) also keeps ``seconds`` in its key.

The rows themselves are read afresh through the queue's own test on each page, so a row that has left the
queue is never shown; one that entered by a path with neither signal nor touch appears within TTL_SECONDS.
Generations are random tokens, not counters: an evicted key cannot bring an old entry back.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from .office_figures import tokens
from .worklist import FIRST_ITEMS, capped_count

TTL_SECONDS = 300


def _generation_key(model: type[Model]) -> str:
    return f"queue-cache:generation:{model._meta.label_lower}"


def _new_generation(keys: list[str]) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


def touch(*models: type[Model]) -> None:
    """The models' queues are out of date: now (this transaction's own pages) and again once it commits (a
    page that read the old rows meanwhile cached them under the generation set now)."""
    keys = [_generation_key(model) for model in models]
    _new_generation(keys)
    transaction.on_commit(lambda: _new_generation(keys))


def _touched(sender, **kwargs) -> None:
    touch(sender)


def watch(*models: type[Model]) -> None:
    """Every save or delete of these models changes the queues that read them (idempotent)."""
    for model in models:
        uid = f"queue-cache:{model._meta.label_lower}"
        post_save.connect(_touched, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(_touched, sender=model, dispatch_uid=f"{uid}:delete", weak=False)


def cached(name: str, scope: object, today: date, models: tuple[type[Model], ...], compute: Callable,
           *, seconds: int | None = None):  # fmt: skip
    """``compute()``'s value under the queue's name, the viewer's scope, the day and the models' generations."""
    tick = f":{int(time.time() // seconds)}" if seconds else ""
    generations = ":".join(tokens([_generation_key(model) for model in models]))
    key = f"queue-cache:{name}:{scope}:{today.isoformat()}{tick}:{generations}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL_SECONDS)
    return value


def first_and_count_kept(rows, remember: Callable, *, counted=None, first_ids: Callable | None = None):
    """A queue's capped count and first rows, the count and the rows' ids from ``remember(compute)`` (a cache
    lookup: ``cached`` above, or an office's figures); the rows read afresh through ``rows``, the queue's own
    test, and only when there are any. ``counted`` is a cheaper queryset of the same rows to count,
    ``first_ids()`` a cheaper way to the first rows' ids in order."""

    def compute():
        if first_ids:
            return capped_count(rows if counted is None else counted), first_ids()
        ids = list(rows.values_list("pk", flat=True)[: FIRST_ITEMS + 1])
        if len(ids) <= FIRST_ITEMS:
            return capped_count(ids), ids
        return capped_count(rows if counted is None else counted), ids[:FIRST_ITEMS]

    count, ids = remember(compute)
    if not ids:
        return count, []
    found = {row.pk: row for row in rows.filter(pk__in=ids)}
    return count, [found[pk] for pk in ids if pk in found]


def watched_first_and_count(rows, *, name: str, scope: object, today: date, models: tuple[type[Model], ...],
                            seconds: int | None = None):  # fmt: skip
    """``first_and_count_kept`` under the generations of the ``models`` the queue reads (see the module)."""
    return first_and_count_kept(
        rows, lambda compute: cached(name, scope, today, models, compute, seconds=seconds)
    )
