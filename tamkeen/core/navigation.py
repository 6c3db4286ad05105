"""The navigation each role sees, gathered from the apps' nav.py modules.

An app that has pages adds `tamkeen/<app>/nav.py` with `nav_items(user) -> list[NavItem]`; nothing else
needs to change, so the menu never offers a page the role may not open.
"""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    todo: str = ""

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


def nav_items_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[NavItem] = []
    for app in settings.TAMKEEN_APPS:
        try:
            module = import_module(f"{app}.nav")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.nav":
                raise
            continue
        items.extend(item for item in module.nav_items(user) if item.url)
    return sorted(items, key=lambda item: (item.order, item.label))
