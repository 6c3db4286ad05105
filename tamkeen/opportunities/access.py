"""Who sees and edits which opportunity. Drafts are seen only by their own entity's staff."""

from django.db.models import Q, QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.opportunities.models import Opportunity


def opportunities_visible_to(user) -> QuerySet[Opportunity]:
    opportunities = Opportunity.objects.select_related("entity", "governorate")
    if not getattr(user, "is_authenticated", False):
        return opportunities.none()
    if user.is_partner:
        return opportunities.filter(Q(entity_id=user.entity_id) | ~Q(status=Opportunity.Status.DRAFT))
    if user.is_administrator:
        return opportunities
    return opportunities.exclude(status=Opportunity.Status.DRAFT)


def opportunities_editable_by(user) -> QuerySet[Opportunity]:
    if getattr(user, "is_authenticated", False) and user.is_partner:
        return Opportunity.objects.filter(entity_id=user.entity_id).select_related("entity", "governorate")
    return Opportunity.objects.none()


def access_opportunity(user, code: str) -> Opportunity:
    return get_visible_or_404(opportunities_visible_to(user), code=code)


def access_opportunity_for_edit(user, code: str) -> Opportunity:
    return get_visible_or_404(opportunities_editable_by(user), code=code)
