"""Whose consent a user may record or read: office staff of the members the registry shows them (their office,
or only their caseload when TAMKEEN_CASEWORKER_SCOPE is "caseload"), or the member themself. Consent is per
person: a beneficiary never reads another household member's consents."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.registry.access import members_visible_to
from tamkeen.registry.models import Member


def consent_members_visible_to(user) -> QuerySet[Member]:
    if not getattr(user, "is_authenticated", False) or not (user.is_office_staff or user.is_beneficiary):
        return Member.objects.none()
    return members_visible_to(user).select_related("household__office", "household__governorate")


def access_member_for_consent(user, pk) -> Member:
    return get_visible_or_404(consent_members_visible_to(user), pk=pk)
