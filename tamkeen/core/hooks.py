"""The apps' hook modules (nav.py, panels.py, queues.py, policy.py …), found once per process.

A module an app does not have is looked for on disk at every attempt (a failed import is not remembered in
sys.modules), and the menu alone asked the 26 apps on every page: about a tenth of a page's Python time.
"""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.conf import settings


def app_modules(name: str) -> tuple[ModuleType, ...]:
    """Each app's `<app>.<name>` module, in the order of TAMKEEN_APPS, skipping apps that have none."""
    return _app_modules(tuple(settings.TAMKEEN_APPS), name)


@cache
def _app_modules(apps: tuple[str, ...], name: str) -> tuple[ModuleType, ...]:
    found = []
    for app in apps:
        try:
            found.append(import_module(f"{app}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.{name}":
                raise
    return tuple(found)
