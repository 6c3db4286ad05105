from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_partner:
        return [
            NavItem(label=gettext("Referral inbox"), url_name="referrals:inbox", order=25),
            NavItem(label=gettext("Upload outcomes"), url_name="referrals:upload", order=26),
        ]
    if user.is_office_staff or user.is_manager:
        return [NavItem(label=gettext("Referrals"), url_name="referrals:list", order=25)]
    if user.is_beneficiary:
        return [NavItem(label=gettext("My referrals"), url_name="referrals:list", order=25)]
    return []
