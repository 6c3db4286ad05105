from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem

from .access import can_search_trail


def nav_items(user) -> list[NavItem]:
    if not can_search_trail(user):
        return []
    return [
        NavItem(
            label=gettext("Audit trail"),
            url_name="audit:trail",
            order=5,
            todo=gettext("Search who read or changed what: by person, user, action, record and date."),
        )
    ]
