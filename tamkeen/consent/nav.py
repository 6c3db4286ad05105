from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_beneficiary and getattr(user, "member", None) is not None:
        return [NavItem(label=gettext("My consents and data"), url_name="consent:mine", order=60)]
    return []
