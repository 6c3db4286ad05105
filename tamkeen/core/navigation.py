"""The navigation each role sees, gathered from the apps' nav.py modules.

An app that has pages adds `tamkeen/<app>/nav.py` with `nav_items(user) -> list[NavItem]`; nothing else
needs to change, so the menu never offers a page the role may not open.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse

from tamkeen.core.hooks import app_modules


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    todo: str = ""

    @property
    def url(self) -> str:
        return _url(self.url_name, get_script_prefix())


# The menu reverses the same few names twice each on every page.
@lru_cache(maxsize=256)
def _url(url_name: str, prefix: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def nav_items_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[NavItem] = []
    for module in app_modules("nav"):
        items.extend(item for item in module.nav_items(user) if item.url)
    return sorted(items, key=lambda item: (item.order, item.label))
