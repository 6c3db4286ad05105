"""Enabling entities are reference data: staff of every kind may read the directory; contacts and staff lists
are for the region's managers, administrators and the entity's own staff."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.partners.models import Entity


def entities_visible_to(user) -> QuerySet[Entity]:
    if not getattr(user, "is_authenticated", False) or user.is_beneficiary or user.is_auditor:
        return Entity.objects.none()
    if user.is_partner:
        return Entity.objects.filter(pk=user.entity_id)
    return Entity.objects.all()


def access_entity(user, code: str) -> Entity:
    return get_visible_or_404(entities_visible_to(user), code=code)


def can_see_entity_staff(user, entity: Entity) -> bool:
    return user.is_manager or user.is_administrator or (user.is_partner and user.entity_id == entity.pk)


def entities_managed_by(user) -> QuerySet[Entity]:
    """A regional manager manages their region's entities; an administrator every entity."""
    if not getattr(user, "is_authenticated", False):
        return Entity.objects.none()
    if user.is_administrator:
        return Entity.objects.all()
    if user.is_manager and user.region_id:
        return Entity.objects.filter(region_id=user.region_id)
    return Entity.objects.none()


def access_managed_entity(user, code: str) -> Entity:
    return get_visible_or_404(entities_managed_by(user), code=code)
