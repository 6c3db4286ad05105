"""Partner staff see and manage their own entity's webhook endpoints and deliveries only."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.webhooks.models import Delivery, Endpoint


def endpoints_visible_to(user) -> QuerySet[Endpoint]:
    if getattr(user, "is_authenticated", False) and user.is_partner:
        return Endpoint.objects.filter(entity_id=user.entity_id, deleted_at__isnull=True)
    return Endpoint.objects.none()


def access_endpoint(user, public_id: str) -> Endpoint:
    return get_visible_or_404(endpoints_visible_to(user).select_related("entity"), public_id=public_id)


def access_delivery(user, public_id: str) -> Delivery:
    visible = Delivery.objects.filter(endpoint__in=endpoints_visible_to(user)).select_related(
        "endpoint__entity"
    )
    return get_visible_or_404(visible, public_id=public_id)
