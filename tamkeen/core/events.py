"""Telling the apps above that something happened, without importing them.

An app may not import an app that depends on it (referrals sits below webhooks, consent below referrals,
privacy below portal: ``tests/test_dependencies.py``). It publishes a named event instead,
``publish("referral.sent", referral=referral)``, and an app that acts on it lists its handlers in
``tamkeen/<app>/subscribers.py`` as ``SUBSCRIBERS = {"referral.sent": handler, ...}``, the way ``nav.py`` and
``panels.py`` extend the menu and the pages. Handlers are called at once with the event's keyword arguments, in
the publisher's transaction, so what they write (a webhook delivery, an office notice, a scrubbed code) commits
or rolls back with the change that caused it. They run in the order of ``TAMKEEN_APPS``.

Publishing an event no app subscribes to raises ``UnknownEvent``: a renamed event or handler fails loudly in the
publisher's tests instead of silently stopping a delivery.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cache
from importlib import import_module

from django.conf import settings


class UnknownEvent(LookupError):
    """No app subscribes to this event name."""


@cache
def subscribers() -> dict[str, tuple[Callable[..., object], ...]]:
    """{event name: its handlers}, gathered once from the apps' subscribers.py modules."""
    found: dict[str, list[Callable[..., object]]] = defaultdict(list)
    for app in settings.TAMKEEN_APPS:
        try:
            module = import_module(f"{app}.subscribers")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.subscribers":
                raise
            continue
        for name, handler in module.SUBSCRIBERS.items():
            found[name].append(handler)
    return {name: tuple(handlers) for name, handlers in found.items()}


def publish(name: str, **payload) -> None:
    handlers = subscribers().get(name)
    if not handlers:
        raise UnknownEvent(f"no app subscribes to the event {name!r}")
    for handler in handlers:
        handler(**payload)
