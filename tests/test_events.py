"""Every event an app publishes has a handler, and every handler listens to an event someone publishes: a renamed
event on either side fails here, not silently in production (tamkeen.core.events)."""

import ast
from pathlib import Path

import pytest

from tamkeen.core.events import UnknownEvent, publish, subscribers

PACKAGE = Path(__file__).resolve().parent.parent / "tamkeen"


def published_names() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "publish"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names


def test_every_published_event_is_handled_and_every_handler_is_reachable():
    published, handled = published_names(), set(subscribers())
    assert published, "no app publishes an event"
    assert published <= handled, f"published but handled by no app: {sorted(published - handled)}"
    assert handled <= published, f"handled but published by no app: {sorted(handled - published)}"


def test_an_event_nobody_handles_is_refused():
    with pytest.raises(UnknownEvent):
        publish("referral.dispatched", referral=None)
